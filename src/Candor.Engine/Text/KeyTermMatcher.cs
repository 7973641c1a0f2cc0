namespace Candor.Engine.Text;

/// <summary>How one expected point fared against an answer.</summary>
/// <param name="Point">The expected point as written in the rubric.</param>
/// <param name="Terms">The point's distinct content terms.</param>
/// <param name="Matched">Those terms the answer contains.</param>
/// <param name="Evidence">The verbatim answer sentence that matches the most terms (or, by meaning, comes closest), or null when none match.</param>
/// <param name="Similarity">By meaning: the best cosine similarity between the point and an explaining unit of the answer.</param>
/// <param name="Credit">0–1: how much of the point the answer earns (by terms: the matched share; by meaning: from the similarity).</param>
public sealed record PointCoverage(
    string Point,
    bool Covered,
    IReadOnlyList<string> Terms,
    IReadOnlyList<string> Matched,
    string? Evidence,
    double Similarity = 0,
    double Credit = 0)
{
    public double Ratio => Terms.Count == 0 ? 0 : (double)Matched.Count / Terms.Count;
}

/// <summary>
/// Answers "which expected points does this answer cover, and with which sentence?". A point is covered when
/// at least 60% of its content terms appear in the answer (after stop words, stemming and synonyms), with a
/// floor of 1 term for 1–2-term points and 2 for longer ones.
/// </summary>
public static class KeyTermMatcher
{
    public const double CoverageRatio = 0.6;

    /// <summary>Terms needed to cover a point with <paramref name="termCount"/> content terms.</summary>
    public static int RequiredMatches(int termCount) => termCount switch
    {
        <= 0 => int.MaxValue,
        <= 2 => 1,
        _ => Math.Max(2, (int)Math.Ceiling(termCount * CoverageRatio)),
    };

    public static IReadOnlyList<PointCoverage> Match(IEnumerable<string> points, string? answer)
    {
        var sentences = SentenceSplitter.Split(answer)
            .Select(s => (s.Text, Terms: Terms.TermSet(s.Text)))
            .ToList();
        return Match(points, sentences);
    }

    /// <summary>Matches against pre-split sentences (the scorer passes only the sentences it keeps).</summary>
    public static IReadOnlyList<PointCoverage> Match(IEnumerable<string> points, IReadOnlyList<(string Text, HashSet<string> Terms)> sentences)
    {
        var answerTerms = new HashSet<string>(StringComparer.Ordinal);
        foreach (var sentence in sentences)
        {
            answerTerms.UnionWith(sentence.Terms);
        }

        var result = new List<PointCoverage>();
        foreach (var point in points)
        {
            var terms = Terms.ContentTerms(point).Distinct(StringComparer.Ordinal).ToList();
            var matched = terms.Where(answerTerms.Contains).ToList();
            var covered = matched.Count >= RequiredMatches(terms.Count);
            result.Add(new PointCoverage(point, covered, terms, matched, BestSentence(matched, sentences)));
        }

        return result;
    }

    private static string? BestSentence(List<string> matched, IReadOnlyList<(string Text, HashSet<string> Terms)> sentences)
    {
        if (matched.Count == 0)
        {
            return null;
        }

        string? best = null;
        var bestHits = 0;
        foreach (var (text, terms) in sentences)
        {
            var hits = matched.Count(terms.Contains);
            if (hits > bestHits)
            {
                best = text;
                bestHits = hits;
            }
        }

        return best;
    }
}
