using System.Collections.Frozen;
using System.Text;

namespace Candor.Engine.Text;

/// <summary>
/// The Porter2 ("English") stemmer from the Snowball project, written out by hand so the engine needs no
/// package. It maps inflections to one stem ("indexes", "indexing", "indexed" → "index") so rubric
/// matching does not depend on the exact word form a candidate used.
/// </summary>
public static partial class PorterStemmer
{
    private static readonly FrozenDictionary<string, string> Exceptions = new Dictionary<string, string>
    {
        ["skis"] = "ski", ["skies"] = "sky", ["dying"] = "die", ["lying"] = "lie", ["tying"] = "tie",
        ["idly"] = "idl", ["gently"] = "gentl", ["ugly"] = "ugli", ["early"] = "earli", ["only"] = "onli",
        ["singly"] = "singl", ["sky"] = "sky", ["news"] = "news", ["howe"] = "howe", ["atlas"] = "atlas",
        ["cosmos"] = "cosmos", ["bias"] = "bias", ["andes"] = "andes",
    }.ToFrozenDictionary();

    private static readonly FrozenSet<string> InvariantAfterStep1A =
        FrozenSet.ToFrozenSet(["inning", "outing", "canning", "herring", "earring", "proceed", "exceed", "succeed"]);

    private static readonly (string Suffix, string Replacement)[] Step2Rules =
    [
        ("ization", "ize"), ("ational", "ate"), ("fulness", "ful"), ("ousness", "ous"), ("iveness", "ive"),
        ("tional", "tion"), ("biliti", "ble"), ("lessli", "less"), ("entli", "ent"), ("ation", "ate"),
        ("alism", "al"), ("aliti", "al"), ("ousli", "ous"), ("iviti", "ive"), ("fulli", "ful"),
        ("enci", "ence"), ("anci", "ance"), ("abli", "able"), ("izer", "ize"), ("ator", "ate"),
        ("alli", "al"), ("bli", "ble"), ("ogi", "og"), ("li", ""),
    ];

    private static readonly (string Suffix, string Replacement)[] Step3Rules =
    [
        ("ational", "ate"), ("tional", "tion"), ("alize", "al"), ("icate", "ic"), ("iciti", "ic"),
        ("ative", ""), ("ical", "ic"), ("ness", ""), ("ful", ""),
    ];

    private static readonly string[] Step4Suffixes =
    [
        "ement", "ance", "ence", "able", "ible", "ment", "ant", "ent", "ism", "ate", "iti", "ous", "ive", "ize",
        "ion", "al", "er", "ic",
    ];

    /// <summary>Stems one lower-case word. Tokens with non-letters (c#, node.js, 30%) come back unchanged.</summary>
    public static string Stem(string word)
    {
        if (word.Length <= 2 || !IsPlainWord(word))
        {
            return word;
        }

        if (Exceptions.TryGetValue(word, out var exception))
        {
            return exception;
        }

        var w = new StringBuilder(word.TrimStart('\''));
        MarkConsonantY(w);
        var r1 = RegionOne(w);
        var r2 = RegionAfter(w, r1);

        Step0(w);
        Step1A(w);
        if (InvariantAfterStep1A.Contains(w.ToString()))
        {
            return w.ToString();
        }

        Step1B(w, r1);
        Step1C(w);
        Step2(w, r1);
        Step3(w, r1, r2);
        Step4(w, r2);
        Step5(w, r1, r2);
        return Finish(w);
    }

    private static bool IsPlainWord(string word)
    {
        foreach (var c in word)
        {
            if (c is not ((>= 'a' and <= 'z') or '\''))
            {
                return false;
            }
        }

        return true;
    }

    private static string Finish(StringBuilder w) => w.Replace('Y', 'y').ToString();

    private static bool IsVowel(char c) => c is 'a' or 'e' or 'i' or 'o' or 'u' or 'y';

    // A 'y' acting as a consonant (at the start, or after a vowel) becomes 'Y' so IsVowel ignores it.
    private static void MarkConsonantY(StringBuilder w)
    {
        for (var i = 0; i < w.Length; i++)
        {
            if (w[i] == 'y' && (i == 0 || IsVowel(w[i - 1])))
            {
                w[i] = 'Y';
            }
        }
    }

    private static int RegionOne(StringBuilder w)
    {
        var s = w.ToString();
        foreach (var prefix in (string[])["gener", "commun", "arsen"])
        {
            if (s.StartsWith(prefix, StringComparison.Ordinal))
            {
                return prefix.Length;
            }
        }

        return RegionAfter(w, 0);
    }

    // The region after the first non-vowel that follows a vowel, starting the search at `from`.
    private static int RegionAfter(StringBuilder w, int from)
    {
        for (var i = from + 1; i < w.Length; i++)
        {
            if (!IsVowel(w[i]) && IsVowel(w[i - 1]))
            {
                return i + 1;
            }
        }

        return w.Length;
    }

    private static bool EndsWith(StringBuilder w, string suffix)
    {
        if (w.Length < suffix.Length)
        {
            return false;
        }

        for (var i = 0; i < suffix.Length; i++)
        {
            if (w[w.Length - suffix.Length + i] != suffix[i])
            {
                return false;
            }
        }

        return true;
    }

    private static void Replace(StringBuilder w, int suffixLength, string replacement)
    {
        w.Length -= suffixLength;
        w.Append(replacement);
    }

    private static bool HasVowel(StringBuilder w, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            if (IsVowel(w[i]))
            {
                return true;
            }
        }

        return false;
    }

    // A short syllable ends the word part [0, end): non-vowel, vowel, non-vowel other than w/x/Y,
    // or a vowel then non-vowel at the very start.
    private static bool EndsInShortSyllable(StringBuilder w, int end)
    {
        if (end == 2)
        {
            return IsVowel(w[0]) && !IsVowel(w[1]);
        }

        return end >= 3 && !IsVowel(w[end - 3]) && IsVowel(w[end - 2]) && !IsVowel(w[end - 1])
            && w[end - 1] is not ('w' or 'x' or 'Y');
    }

    private static bool IsShortWord(StringBuilder w, int r1) => r1 >= w.Length && EndsInShortSyllable(w, w.Length);
}
