using System.Text.RegularExpressions;

namespace Candor.Engine.Text;

/// <summary>A sentence as an exact slice of the original text, so it can be quoted as evidence verbatim.</summary>
public sealed record Sentence(int Start, int Length, string Text)
{
    public int End => Start + Length;
}

/// <summary>
/// Splits text into sentences that are exact substrings of the input (trimmed of surrounding whitespace).
/// Evidence shown to recruiters must be verbatim, so this never rewrites or re-joins text.
/// </summary>
public static partial class SentenceSplitter
{
    // A sentence ends at . ! ? (possibly repeated, possibly followed by a closing quote or bracket) before
    // whitespace, or at a line break. "node.js" and "3.5" do not end sentences because no space follows the dot.
    [GeneratedRegex(@"[.!?…]+[""'’”)\]]*(?=\s|$)|\r?\n", RegexOptions.CultureInvariant)]
    private static partial Regex Boundary();

    [GeneratedRegex(@"(?:^|\s)(?:e\.g|i\.e|etc|vs|mr|mrs|ms|dr|approx|incl|no|fig|cf)\.$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Abbreviation();

    public static IReadOnlyList<Sentence> Split(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var spans = new List<Sentence>();
        var start = 0;
        foreach (Match boundary in Boundary().Matches(text))
        {
            var end = boundary.Index + boundary.Length;
            if (boundary.Value[0] == '.' && Abbreviation().IsMatch(text.AsSpan(start, end - start)))
            {
                continue;
            }

            Add(text, start, end, spans);
            start = end;
        }

        Add(text, start, text.Length, spans);
        return spans;
    }

    private static void Add(string text, int start, int end, List<Sentence> spans)
    {
        while (start < end && char.IsWhiteSpace(text[start]))
        {
            start++;
        }

        while (end > start && char.IsWhiteSpace(text[end - 1]))
        {
            end--;
        }

        if (end > start)
        {
            spans.Add(new Sentence(start, end - start, text[start..end]));
        }
    }
}
