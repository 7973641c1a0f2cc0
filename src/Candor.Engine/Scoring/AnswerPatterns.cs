using Candor.Engine.Text;

namespace Candor.Engine.Scoring;

/// <summary>
/// Answers that look like answers without being one: a bare list of the rubric's vocabulary (keyword
/// stuffing) and long talk that never reaches a point (rambling). Both are named in the report with evidence,
/// and neither earns anything: lists never cover a point, and a rambling answer scores no more than its relevance.
/// </summary>
internal static class AnswerPatterns
{
    /// <summary>Words in term lists, at least this many and this share of the answer, make it keyword stuffing.</summary>
    public const int StuffingMinWords = 6;

    public const double StuffingMinShare = 0.35;

    /// <summary>Explaining words from which an answer that reaches no point is rambling rather than short.</summary>
    public const int RamblingMinWords = 45;

    public static RedFlag? Stuffing(AnswerUnits units, int words, string questionKey)
    {
        if (units.ListedWords < StuffingMinWords || units.ListedWords < StuffingMinShare * words)
        {
            return null;
        }

        return new RedFlag(
            RedFlagCodes.KeywordStuffing,
            $"Listed terms instead of explaining them ({units.ListedWords} of {words} words); lists earn no credit.",
            units.TermLists[0].Text,
            questionKey);
    }

    public static RedFlag? Rambling(AnswerUnits units, int explainingWords, SemanticMatch match, Specifics specifics, StarAnalysis star, string questionKey)
    {
        // Someone who says what they did, or how they go about it, is answering, even when the rubric is reached only loosely.
        if (explainingWords < RamblingMinWords || match.Coverage.Count == 0 || star.Has(StarPart.Action) || StarDetector.SaysWhatTheyDo(units.Explaining))
        {
            return null;
        }

        var reached = match.Coverage.Count(c => c.Covered);
        if (reached > 0 || match.CoverageCredit >= Tuning.RamblingMaxCredit || specifics.Numbers.Count + specifics.NamedThings.Count >= 2)
        {
            return null;
        }

        var longest = units.Explaining.OrderByDescending(s => Tokenizer.CountWords(s.Text)).First();
        return new RedFlag(
            RedFlagCodes.Rambling,
            $"Talked at length ({explainingWords} words) without making any of the points the question is about.",
            longest.Text,
            questionKey);
    }
}

/// <summary>The calibration constants of the semantic evaluator, in one place (set on eval/calibration only).</summary>
internal static class Tuning
{
    public const double FitFloor = 0.15;
    public const double FitFull = 0.45;
    public const double FitWeight = 0.3;
    public const double ReachStretch = 1.6;
    public const double CoverageStretch = 1.25;
    public const double DepthCoverageWeight = 0.8;
    public const double RamblingMaxCredit = 0.25;

    /// <summary>Behavioural depth: the share a complete story (with the candidate's own action) carries beside rubric coverage.</summary>
    public const double StoryDepthWeight = 0.5;

    /// <summary>What a rambling answer can score at most: its length earns nothing.</summary>
    public const int RamblingCap = 10;
}
