using System.Collections.Concurrent;

namespace Candor.Engine.Text;

/// <summary>
/// Turns text into comparable content terms: tokenize, drop stop words, stem, then map synonyms to one
/// canonical term. Everything that compares an answer with a rubric goes through here, so "indexes",
/// "indexing" and "index" are one term and "k8s" is "kubernetes".
/// </summary>
public static class Terms
{
    // Stemming dominates scoring time and answers reuse a small vocabulary, so remember each token's term.
    // Bounded: cleared when full rather than evicted piecemeal (a rare, cheap reset).
    private const int CacheLimit = 50_000;
    private static readonly ConcurrentDictionary<string, string> Cache = new(StringComparer.Ordinal);
    private const string NoTerm = "\0";

    /// <summary>The canonical term for one token, or null when the token is a stop word or too short to mean anything.</summary>
    public static string? Normalize(string token)
    {
        if (Cache.TryGetValue(token, out var cached))
        {
            return ReferenceEquals(cached, NoTerm) ? null : cached;
        }

        var term = Compute(token);
        if (Cache.Count >= CacheLimit)
        {
            Cache.Clear();
        }
        Cache[token] = term ?? NoTerm;
        return term;
    }

    private static string? Compute(string token)
    {
        if (StopWords.Contains(token))
        {
            return null;
        }

        // Single letters carry no topic, but single-letter languages with a marker do (c#, c++ are longer).
        if (token.Length < 2)
        {
            return null;
        }

        if (Synonyms.CanonicalOf(token) is { } direct)
        {
            return direct;
        }

        var stem = PorterStemmer.Stem(token);
        return Synonyms.CanonicalOf(stem) ?? stem;
    }

    /// <summary>Content terms in order, repeats kept (for density and repetition measures).</summary>
    public static IReadOnlyList<string> ContentTerms(string? text)
    {
        var terms = new List<string>();
        foreach (var token in Tokenizer.Tokenize(text))
        {
            if (Normalize(token) is { } term)
            {
                terms.Add(term);
            }
        }

        return terms;
    }

    /// <summary>Distinct content terms.</summary>
    public static HashSet<string> TermSet(string? text) => [.. ContentTerms(text)];

    /// <summary>Distinct content terms of several texts together.</summary>
    public static HashSet<string> TermSet(IEnumerable<string> texts)
    {
        var set = new HashSet<string>(StringComparer.Ordinal);
        foreach (var text in texts)
        {
            set.UnionWith(ContentTerms(text));
        }

        return set;
    }
}
