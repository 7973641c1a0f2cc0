using Candor.Engine.Questions;
using Candor.Engine.Text;

namespace Candor.Engine.Scoring;

/// <summary>
/// Everything the scorer worked out about one answer, beyond the public evaluation. The follow-up planner
/// reads it so that "too short", "missing STAR part" and "vague" mean exactly what the score means.
/// </summary>
/// <param name="Kept">Sentences scored: the answer minus injection attempts (exact substrings of the answer).</param>
/// <param name="ScoredText">The kept sentences as one text (the answer with the injected parts taken out).</param>
/// <param name="WordCount">Words in the kept sentences.</param>
/// <param name="IsSilent">Blank, or evasive as a whole ("I don't know", "pass").</param>
public sealed record AnswerAnalysis(
    AnswerEvaluation Evaluation,
    IReadOnlyList<Sentence> Kept,
    string ScoredText,
    int WordCount,
    bool IsSilent,
    StarAnalysis Star,
    IReadOnlyList<PointCoverage> Coverage,
    Specifics Specifics);

internal static class QuestionKinds
{
    /// <summary>Behavioural questions, and scenarios of the behavioural type, are judged on STAR.</summary>
    public static bool IsBehavioural(InterviewQuestion question) =>
        question.Kind == QuestionKind.Behavioural
        || (question.Kind == QuestionKind.Scenario
            && question.ScenarioType is { } type
            && (type.Equals("behavioural", StringComparison.OrdinalIgnoreCase) || type.Equals("behavioral", StringComparison.OrdinalIgnoreCase)));
}
