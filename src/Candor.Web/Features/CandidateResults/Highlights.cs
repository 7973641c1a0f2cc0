using Candor.Web.Features.Interviews;

namespace Candor.Web.Features.CandidateResults;

/// <summary>Splits an answer into plain and quoted stretches, so the evidence an evaluator cited is marked where it was said.</summary>
public static class Highlights
{
    public readonly record struct Segment(string Text, bool Quoted);

    public static IReadOnlyList<Segment> Split(string text, IEnumerable<string> quotes)
    {
        var marked = new bool[text.Length];
        foreach (var quote in quotes.Select(q => q.Trim().Trim('"', '“', '”', '…').Trim()).Where(q => q.Length >= 3))
        {
            for (var at = text.IndexOf(quote, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(quote, at + quote.Length, StringComparison.OrdinalIgnoreCase))
            {
                Array.Fill(marked, true, at, quote.Length);
            }
        }
        var segments = new List<Segment>();
        for (var start = 0; start < text.Length;)
        {
            var end = start;
            while (end < text.Length && marked[end] == marked[start])
            {
                end++;
            }
            segments.Add(new Segment(text[start..end], marked[start]));
            start = end;
        }
        return segments;
    }
}
