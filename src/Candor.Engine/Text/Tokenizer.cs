using System.Text.RegularExpressions;

namespace Candor.Engine.Text;

/// <summary>
/// Splits text into lower-case word tokens. Technical tokens survive intact (c#, c++, .net, node.js, ci/cd,
/// 30%, 3.5) because rubric points and answers lean on them and a naive split would turn "c#" into "c".
/// </summary>
public static partial class Tokenizer
{
    // Order matters: language names with #/++ first, then a bare ".net", then numbers (with decimals,
    // thousands separators and an optional %), then words that may carry an apostrophe and inner dots or
    // slashes (node.js, asp.net, ci/cd, don't). Hyphens split on purpose: "real-time" should match "real time".
    [GeneratedRegex(@"[a-z][a-z0-9]*(?:\+\+|#)|(?<![a-z0-9])\.net\b|\d+(?:[.,]\d+)*%?|[a-z0-9]+(?:['’][a-z]+)?(?:[./][a-z0-9]+)*", RegexOptions.CultureInvariant)]
    private static partial Regex TokenPattern();

    /// <summary>All tokens, lower-cased, in order.</summary>
    public static IReadOnlyList<string> Tokenize(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var lowered = text.ToLowerInvariant();
        var matches = TokenPattern().Matches(lowered);
        var tokens = new List<string>(matches.Count);
        foreach (Match match in matches)
        {
            tokens.Add(match.Value.Replace('’', '\''));
        }

        return tokens;
    }

    /// <summary>Number of word tokens; what "answer length" means everywhere in the engine.</summary>
    public static int CountWords(string? text) => Tokenize(text).Count;

    /// <summary>True for tokens that are numbers or percentages ("30%", "1,000", "3.5").</summary>
    public static bool IsNumber(string token) => token.Length > 0 && char.IsAsciiDigit(token[0]);
}
