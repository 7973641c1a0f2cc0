using System.Text.RegularExpressions;
using Candor.Engine.Questions;

namespace Candor.Engine.Scoring;

/// <summary>
/// Takes who-is-who out of the words the meaning model compares, so a story scores the same whoever is in it:
/// third-person pronouns all become "they", spouses become "partner", and people's first names become one neutral name.
/// Only the model's input is masked; evidence is always quoted verbatim.
/// </summary>
/// <remarks>
/// Sentence embeddings are sensitive to every word, so "Maria told me" and "David told me" land a hair apart and
/// can move a score by a point. Names are recognised as capitalised words that are not skills the taxonomy knows,
/// mid-sentence, or at the start of a sentence when a verb follows ("Maria wanted …").
/// </remarks>
public static partial class IdentityMask
{
    private const string NeutralName = "Alex";

    private static readonly Dictionary<string, string> Pronouns = new(StringComparer.OrdinalIgnoreCase)
    {
        // Every third-person pronoun becomes the same word: "her" is both "them" and "their", so no finer mapping is neutral.
        ["he"] = "they", ["she"] = "they", ["they"] = "they", ["him"] = "they", ["her"] = "they", ["them"] = "they",
        ["his"] = "they", ["hers"] = "they", ["their"] = "they", ["theirs"] = "they",
        ["himself"] = "themselves", ["herself"] = "themselves", ["themselves"] = "themselves", ["themself"] = "themselves",
        ["he's"] = "they're", ["she's"] = "they're", ["they're"] = "they're", ["he'd"] = "they'd", ["she'd"] = "they'd",
        ["they'd"] = "they'd", ["he'll"] = "they'll", ["she'll"] = "they'll", ["they'll"] = "they'll",
        ["husband"] = "partner", ["wife"] = "partner", ["boyfriend"] = "partner", ["girlfriend"] = "partner",
        ["husband's"] = "partner's", ["wife's"] = "partner's", ["mr"] = "", ["mrs"] = "", ["ms"] = "",
    };

    [GeneratedRegex(@"\b[A-Za-z]+(?:['’][a-z]+)?\b", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex(@"^(?:said|told|was|is|had|has|wanted|asked|agreed|came|took|thought|felt|knew|left|made|gave|got|went|saw|ran|would|could|did|didn't|wasn't|used|presented|liked|mentioned|showed|joined|insisted|pushed|argued|disagreed|replied|suggested|decided|led|owned|and|from|who|in)\b", RegexOptions.CultureInvariant)]
    private static partial Regex FollowsAName();

    public static string Apply(string text) => Word().Replace(text, match =>
    {
        var word = match.Value;
        if (Pronouns.TryGetValue(word.Replace('’', '\''), out var neutral))
        {
            return char.IsUpper(word[0]) && neutral.Length > 0 ? char.ToUpperInvariant(neutral[0]) + neutral[1..] : neutral;
        }

        if (!IsTitleCase(word) || AnswerUnitRules.IsGlueWord(word) || SkillTaxonomy.Default.Find(word) is not null)
        {
            return word;
        }

        var before = text[..match.Index].TrimEnd();
        var startsSentence = before.Length == 0 || before[^1] is '.' or '!' or '?' or ':' or '"' or '“' or '\n';
        if (!startsSentence)
        {
            return NeutralName;
        }

        var after = text[(match.Index + match.Length)..].TrimStart(' ', ',');
        return FollowsAName().IsMatch(after) ? NeutralName : word;
    });

    private static bool IsTitleCase(string word)
    {
        var bare = word.Split('\'', '’')[0];
        return bare.Length > 1 && char.IsAsciiLetterUpper(bare[0]) && bare.Skip(1).All(char.IsAsciiLetterLower);
    }
}
