using System.Text.RegularExpressions;
using Candor.Engine.Text;

namespace Candor.Engine.Scoring;

/// <summary>
/// A piece of an answer that can carry meaning on its own: a whole sentence, or one clause of a longer one
/// ("You don't index everything" / "every index is a tax on writes").
/// </summary>
/// <param name="Text">The words compared by meaning (names and gendered words masked, see <see cref="IdentityMask"/>).</param>
/// <param name="Sentence">The verbatim sentence it comes from (quoted as evidence).</param>
/// <param name="Negated">It denies a course of action ("I would not add an index"); a negation describing the situation ("it wasn't planned") is not one.</param>
public sealed record AnswerUnit(string Text, string Sentence, bool Negated);

/// <summary>How the kept sentences of an answer divide into explanation and bare lists of terms.</summary>
/// <param name="Units">Units of the explaining sentences, the only ones that can cover a rubric point.</param>
/// <param name="Explaining">Sentences written as language: they say something about something.</param>
/// <param name="TermLists">Sentences that only list terms ("Key points: usage depth; ticket trends; NPS").</param>
public sealed record AnswerUnits(
    IReadOnlyList<AnswerUnit> Units,
    IReadOnlyList<Sentence> Explaining,
    IReadOnlyList<Sentence> TermLists,
    int ListedWords)
{
    public static AnswerUnits From(IReadOnlyList<Sentence> kept)
    {
        var units = new List<AnswerUnit>();
        var explaining = new List<Sentence>();
        var lists = new List<Sentence>();
        var listedWords = 0;
        foreach (var sentence in kept)
        {
            if (AnswerUnitRules.IsTermList(sentence.Text))
            {
                lists.Add(sentence);
                listedWords += Tokenizer.CountWords(sentence.Text);
                continue;
            }

            explaining.Add(sentence);
            var clauses = AnswerUnitRules.Clauses(sentence.Text);
            units.Add(new AnswerUnit(IdentityMask.Apply(sentence.Text), sentence.Text, clauses.Count == 1 && AnswerUnitRules.IsDenial(sentence.Text)));
            if (clauses.Count > 1)
            {
                units.AddRange(clauses.Select(c => new AnswerUnit(IdentityMask.Apply(c), sentence.Text, AnswerUnitRules.IsDenial(c))));
            }
        }

        // A point is often made across two sentences of plain talk ("It wasn't planned until next quarter. Telling the
        // customer otherwise would wreck their trust."): each pair of neighbouring explaining sentences is a unit too,
        // quoted by its first sentence. Term lists are never part of a pair, so a list cannot borrow a neighbour's meaning.
        for (var i = 0; i + 1 < explaining.Count; i++)
        {
            var first = explaining[i].Text;
            var second = explaining[i + 1].Text;
            units.Add(new AnswerUnit(IdentityMask.Apply($"{first} {second}"), first, AnswerUnitRules.IsDenial(first) || AnswerUnitRules.IsDenial(second)));
        }

        return new AnswerUnits(units, explaining, lists, listedWords);
    }
}

internal static partial class AnswerUnitRules
{
    // Words that make a string of words read as a statement rather than a heap of terms: pronouns,
    // articles, auxiliaries, prepositions and connectives. A list of rubric terms has almost none.
    private static readonly HashSet<string> GlueWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "i", "we", "you", "he", "she", "they", "it", "me", "us", "them", "my", "our", "your", "their", "his", "her", "its",
        "the", "a", "an", "this", "that", "these", "those", "is", "are", "was", "were", "be", "been", "being", "am",
        "do", "does", "did", "have", "has", "had", "will", "would", "can", "could", "should", "may", "might", "must",
        "to", "of", "in", "on", "at", "for", "with", "from", "into", "about", "as", "if", "when", "then", "so",
        "because", "but", "which", "who", "what", "how", "why", "where", "there", "not", "no", "than", "just",
        "i'd", "i'm", "i've", "i'll", "it's", "that's", "we'd", "we're", "we've", "you'd", "don't", "didn't", "isn't",
        "doesn't", "wasn't", "won't", "can't", "let", "get", "got", "make", "made", "go", "went", "up", "out", "all", "every",
    };

    [GeneratedRegex(@"\b(?:not|never|no\s+longer|n't|cannot|without|neither|nor)\b|n't\b|\bno\s+(?!more\b|matter\b|one\b)\w+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Negation();

    // Clause boundaries: semicolons, colons and dashes, and the connectives that join two statements.
    [GeneratedRegex(@"\s*[;:]\s+|\s+[–—-]\s+|,?\s+(?=(?:because|since|so\s+that|so|but|although|though|whereas|while|which\s+means|and\s+then|otherwise|unless)\b)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ClauseBoundary();

    [GeneratedRegex(@"[;,•]|\s[–—-]\s|^\s*(?:[-*•]|\d+[.)])\s", RegexOptions.CultureInvariant)]
    private static partial Regex ListSeparator();

    // A denial of the speaker's own course of action, as the unit's main statement ("I would not add an index", "we
    // never add one", "don't index everything"): only this keeps a unit from covering a point. A negation that
    // describes the situation ("the contract wouldn't arrive until next week", "it wasn't planned") or sits in
    // reported speech ("I told my manager I couldn't say that") is part of telling what happened, not a denial.
    [GeneratedRegex(@"^(?:(?:so|and|but|then|honestly|no|instead|here|personally|generally|usually)\W+){0,2}(?:(?:i|we|you|one)\W+(?:(?:would|will|should|could|do|does|did|can|must|might|shall|wo|ca)(?:n['’]t|\W+not|\W+never)|never|no\W+longer)|don['’]t|do\W+not|never|avoid)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Denial();

    public static bool IsNegated(string text) => Negation().IsMatch(text);

    /// <summary>The unit denies doing something ("I would not …", "never …"), rather than describing a negative situation.</summary>
    public static bool IsDenial(string text) => Denial().IsMatch(text.Trim());

    public static bool IsGlueWord(string word) => GlueWords.Contains(word);

    public static IReadOnlyList<string> Clauses(string sentence)
    {
        var parts = ClauseBoundary().Split(sentence)
            .Select(p => p.Trim(' ', ',', '.', ';', ':'))
            .Where(p => Tokenizer.CountWords(p) >= 3)
            .ToList();
        return parts.Count == 0 ? [sentence] : parts;
    }

    /// <summary>
    /// A sentence that lists terms without saying anything about them: hardly any glue words, or fragments of
    /// a few words separated by commas or semicolons with no statement among them.
    /// </summary>
    public static bool IsTermList(string sentence)
    {
        var tokens = Tokenizer.Tokenize(sentence).Where(t => !Tokenizer.IsNumber(t)).ToList();
        if (tokens.Count < 3)
        {
            return false;
        }

        var glue = tokens.Count(GlueWords.Contains);
        var separators = ListSeparator().Count(sentence);
        var glueShare = (double)glue / tokens.Count;
        if (separators >= 2 && glueShare < 0.12)
        {
            return true;
        }

        // Long enough to be a statement, yet almost no function words: a heap of nouns.
        return tokens.Count >= 6 && glueShare < 0.08;
    }
}
