using System.Text.RegularExpressions;
using Candor.Engine.Questions;
using Candor.Engine.Text;

namespace Candor.Engine.Scoring;

/// <summary>Concrete detail in an answer: numbers, named tools and worked examples.</summary>
/// <param name="Numbers">Numbers and percentages ("30%", "2", "1,000").</param>
/// <param name="NamedThings">Tools, products and methods the skills taxonomy knows ("PostgreSQL", "Salesforce", "MEDDICC").</param>
/// <param name="ExampleSentences">Sentences that introduce a concrete example.</param>
public sealed record Specifics(
    IReadOnlyList<string> Numbers,
    IReadOnlyList<string> NamedThings,
    IReadOnlyList<string> ExampleSentences)
{
    public bool Any => Numbers.Count > 0 || NamedThings.Count > 0 || ExampleSentences.Count > 0;

    /// <summary>0–1: how much concrete detail there is, saturating quickly so padding does not pay.</summary>
    public double Strength =>
        (Numbers.Count > 0 ? 0.35 : 0) + Math.Min(0.35, NamedThings.Count * 0.12) + (ExampleSentences.Count > 0 ? 0.3 : 0);
}

/// <summary>Surface signals of an answer that the scorer and the follow-up planner share.</summary>
public static partial class AnswerSignals
{
    [GeneratedRegex(@"\b(?:for\W+(?:example|instance)|e\.g\.|such\W+as|in\W+one\W+case|in\W+our\W+case|at\W+my\W+(?:last|previous|current)|in\W+my\W+(?:last|previous|current)|one\W+time|we\W+had|in\W+practice|specifically|concretely|last\W+(?:year|quarter|month)|take\W+(?:the|a)\W+case)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExampleCue();

    [GeneratedRegex(@"\b(?:two|three|four|five|six|seven|eight|nine|ten|twelve|twenty|fifty|hundred|thousand|million|billion|dozen|half)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex NumberWord();

    [GeneratedRegex(@"\b(?:um+|uh+|erm+|er|you\W+know|basically|sort\W+of|kind\W+of|i\W+mean|literally)\b|(?:,\s*like\s*,|\blike\s*,\s|,\s*like\s+(?=um|uh|i\b|you\b|the\b|we\b))", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Filler();

    public static Specifics FindSpecifics(IReadOnlyList<Sentence> sentences)
    {
        var numbers = new List<string>();
        var named = new List<string>();
        var examples = new List<string>();
        foreach (var sentence in sentences)
        {
            numbers.AddRange(Tokenizer.Tokenize(sentence.Text).Where(Tokenizer.IsNumber));
            numbers.AddRange(NumberWord().Matches(sentence.Text).Select(m => m.Value));
            // Named tools come from the skills taxonomy: capitalised words are names of weekdays and people too.
            named.AddRange(SkillTaxonomy.Default.Extract(sentence.Text).Where(m => m.Category != "soft_skill").Select(m => m.Name));
            if (ExampleCue().IsMatch(sentence.Text))
            {
                examples.Add(sentence.Text);
            }
        }

        return new Specifics(
            [.. numbers.Distinct(StringComparer.OrdinalIgnoreCase)],
            [.. named.Distinct(StringComparer.OrdinalIgnoreCase)],
            examples);
    }

    /// <summary>Filler words and phrases, each occurrence.</summary>
    public static int CountFillers(string text) => Filler().Count(text);

    public static bool HasFiller(string text) => Filler().IsMatch(text);

    /// <summary>Groups of connective cues that show reasoning rather than a list of facts.</summary>
    internal static readonly (string Name, Regex Cue)[] StructureCues =
    [
        ("sequencing", new(@"\b(?:first(?:ly)?|second(?:ly)?|third(?:ly)?|then|next|after\W+that|finally|lastly|step\W+(?:one|1|two|2))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)),
        ("reasoning", new(@"\b(?:because|since|so\W+that|therefore|which\W+means|that\W+means|as\W+a\W+result|this\W+is\W+why|the\W+reason)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)),
        ("trade-offs", new(@"\b(?:however|but|although|though|trade[\W_]?offs?|on\W+the\W+other\W+hand|whereas|downside|the\W+cost\W+is|it\W+depends|depending\W+on|alternatively|instead)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)),
        ("examples", new(@"\b(?:for\W+(?:example|instance)|e\.g\.|such\W+as|in\W+practice)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)),
        ("conclusion", new(@"\b(?:in\W+summary|to\W+sum\W+up|overall|in\W+short|ultimately|in\W+conclusion|so\W+in\W+the\W+end)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)),
    ];
}
