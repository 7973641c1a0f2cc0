using System.Globalization;
using System.Text;
using AnyAscii;

namespace Candor.Engine.Scoring.Injection;

/// <summary>
/// Text as a reader (or a model) perceives it, folded to plain ASCII so that one set of patterns sees through
/// disguises, with a map from every folded character back to the original ones. Detection runs on
/// <see cref="Text"/>; evidence and cleaning always use the original text.
/// </summary>
/// <remarks>
/// The folding, in order: invisible format characters (zero-width spaces and joiners, soft hyphens, bidi
/// embeddings, overrides and isolates) are dropped; a run under a right-to-left override (U+202E) is
/// reversed, because that is the order the reader sees; invisible Unicode "tag" characters are decoded to
/// the ASCII they smuggle; combining marks are dropped ("ïgnöre", zalgo text); Cyrillic and Greek letters
/// that look like Latin ones become those Latin letters ("іgnоrе" with Cyrillic і/о/е); everything else is
/// transliterated by AnyAscii, which covers the compatibility forms NFKC would (full-width "ｉｇｎｏｒｅ",
/// mathematical bold, circled letters, ligatures, superscripts) and strips accents ("précédentes"). Our own
/// code cannot use <c>string.Normalize</c>: the product runs with InvariantGlobalization, where it is a no-op.
/// </remarks>
internal sealed class DetectionText
{
    private const int RightToLeftOverride = 0x202E;
    private const int PopDirectionalFormatting = 0x202C;
    private const int PopDirectionalIsolate = 0x2069;

    private readonly int[] _sourceStart;
    private readonly int[] _sourceEnd;

    private DetectionText(string text, int[] sourceStart, int[] sourceEnd)
    {
        Text = text;
        _sourceStart = sourceStart;
        _sourceEnd = sourceEnd;
    }

    /// <summary>The folded text: ASCII only, case kept.</summary>
    public string Text { get; }

    /// <summary>The original characters behind folded characters [start, end), as a half-open range.</summary>
    public (int Start, int End) ToSource(int start, int end)
    {
        if (_sourceStart.Length == 0)
        {
            return (0, 0);
        }

        start = Math.Clamp(start, 0, _sourceStart.Length - 1);
        end = Math.Clamp(end, start + 1, _sourceStart.Length);
        var from = int.MaxValue;
        var to = 0;
        // Reversed (right-to-left override) runs map backwards, so take the extent rather than the endpoints.
        for (var i = start; i < end; i++)
        {
            from = Math.Min(from, _sourceStart[i]);
            to = Math.Max(to, _sourceEnd[i]);
        }

        return (from, to);
    }

    public static DetectionText From(string original)
    {
        var text = new StringBuilder(original.Length);
        var starts = new List<int>(original.Length);
        var ends = new List<int>(original.Length);
        var reversedFrom = -1;

        void EndReversal()
        {
            if (reversedFrom >= 0)
            {
                Reverse(text, starts, ends, reversedFrom);
                reversedFrom = -1;
            }
        }

        for (var i = 0; i < original.Length;)
        {
            if (original[i] < 0x80 && original[i] is not ('\n' or '\r'))
            {
                // Plain ASCII, by far the most common case, needs no folding.
                text.Append(original[i]);
                starts.Add(i);
                ends.Add(i + 1);
                i++;
                continue;
            }

            var width = char.IsSurrogatePair(original, i) ? 2 : 1;
            var codePoint = width == 2 ? char.ConvertToUtf32(original[i], original[i + 1]) : original[i];
            var folded = Fold(codePoint, original, i, width);

            if (codePoint == RightToLeftOverride)
            {
                EndReversal();
                reversedFrom = text.Length;
            }
            else if (codePoint is PopDirectionalFormatting or PopDirectionalIsolate or '\n' or '\r')
            {
                EndReversal();
            }

            foreach (var c in folded)
            {
                text.Append(c);
                starts.Add(i);
                ends.Add(i + width);
            }

            i += width;
        }

        EndReversal();
        return new DetectionText(text.ToString(), [.. starts], [.. ends]);
    }

    private static string Fold(int codePoint, string original, int index, int width)
    {
        if (codePoint < 0x80)
        {
            return original[index].ToString();
        }

        // Unicode tag characters are invisible but models read them: decode the ASCII they carry.
        if (codePoint is >= 0xE0020 and <= 0xE007E)
        {
            return ((char)(codePoint - 0xE0000)).ToString();
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(codePoint);
        if (category is UnicodeCategory.Format or UnicodeCategory.NonSpacingMark or UnicodeCategory.EnclosingMark)
        {
            return string.Empty;
        }

        if (category == UnicodeCategory.SpaceSeparator)
        {
            return " ";
        }

        if (codePoint <= char.MaxValue && Confusables.TryGetValue((char)codePoint, out var latin))
        {
            return latin.ToString();
        }

        return original.Substring(index, width).Transliterate();
    }

    private static void Reverse(StringBuilder text, List<int> starts, List<int> ends, int from)
    {
        for (int left = from, right = text.Length - 1; left < right; left++, right--)
        {
            (text[left], text[right]) = (text[right], text[left]);
            (starts[left], starts[right]) = (starts[right], starts[left]);
            (ends[left], ends[right]) = (ends[right], ends[left]);
        }
    }

    /// <summary>
    /// Cyrillic and Greek letters that render like Latin ones. Transliteration would turn Cyrillic "р" into
    /// "r", but a reader sees "p": for homoglyphs what counts is the look, not the sound.
    /// </summary>
    private static readonly Dictionary<char, char> Confusables = new()
    {
        // Cyrillic
        ['а'] = 'a', ['е'] = 'e', ['ё'] = 'e', ['о'] = 'o', ['р'] = 'p', ['с'] = 'c', ['у'] = 'y', ['х'] = 'x',
        ['і'] = 'i', ['ї'] = 'i', ['ј'] = 'j', ['ѕ'] = 's', ['ԁ'] = 'd', ['һ'] = 'h', ['ԛ'] = 'q', ['ԝ'] = 'w',
        ['ӏ'] = 'l', ['ү'] = 'y', ['ѵ'] = 'v', ['к'] = 'k', ['м'] = 'm', ['т'] = 't', ['п'] = 'n',
        ['А'] = 'A', ['В'] = 'B', ['Е'] = 'E', ['Ё'] = 'E', ['К'] = 'K', ['М'] = 'M', ['Н'] = 'H', ['О'] = 'O',
        ['Р'] = 'P', ['С'] = 'C', ['Т'] = 'T', ['Х'] = 'X', ['У'] = 'Y', ['І'] = 'I', ['Ї'] = 'I', ['Ј'] = 'J',
        ['Ѕ'] = 'S', ['Ԁ'] = 'D', ['Һ'] = 'H', ['Ԛ'] = 'Q', ['Ԝ'] = 'W', ['Ү'] = 'Y', ['Ӏ'] = 'I',
        // Greek
        ['α'] = 'a', ['ο'] = 'o', ['ρ'] = 'p', ['ν'] = 'v', ['ι'] = 'i', ['κ'] = 'k', ['τ'] = 't', ['υ'] = 'u',
        ['χ'] = 'x', ['ε'] = 'e', ['γ'] = 'y', ['η'] = 'n', ['ω'] = 'w', ['ϲ'] = 'c', ['ϳ'] = 'j',
        ['Α'] = 'A', ['Β'] = 'B', ['Ε'] = 'E', ['Ζ'] = 'Z', ['Η'] = 'H', ['Ι'] = 'I', ['Κ'] = 'K', ['Μ'] = 'M',
        ['Ν'] = 'N', ['Ο'] = 'O', ['Ρ'] = 'P', ['Τ'] = 'T', ['Υ'] = 'Y', ['Χ'] = 'X', ['Ϲ'] = 'C',
        // Armenian and Latin look-alikes
        ['օ'] = 'o', ['ս'] = 'u', ['ո'] = 'n', ['ı'] = 'i', ['ȷ'] = 'j', ['ɑ'] = 'a', ['ɡ'] = 'g', ['ɩ'] = 'i',
    };
}
