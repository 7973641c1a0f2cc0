using Candor.Engine.Interviews;
using Candor.Engine.Questions;

namespace Candor.Engine.Scoring;

/// <summary>The criteria every answer is scored on, by their wire names.</summary>
public static class Criteria
{
    public const string Relevance = "relevance";
    public const string Depth = "depth";
    public const string Structure = "structure";
    public const string Communication = "communication";

    public static readonly IReadOnlyList<string> All = [Relevance, Depth, Structure, Communication];
}

/// <summary>One criterion's score for one answer.</summary>
/// <param name="Score">0–100.</param>
/// <param name="Rationale">One line a recruiter can read.</param>
/// <param name="Evidence">Verbatim quotes from the answer that justify the score.</param>
public sealed record CriterionScore(string Criterion, int Score, string Rationale, IReadOnlyList<string> Evidence);

/// <summary>Something a recruiter should look at. Codes are stable snake_case.</summary>
/// <param name="Code">empty_answer, evasive_answer, prompt_injection, hostile_language, off_topic…</param>
public sealed record RedFlag(string Code, string Description, string? Evidence = null, string? QuestionKey = null);

/// <summary>What an evaluator is given. Deliberately carries no candidate name, e-mail or demographics.</summary>
/// <param name="Answer">Everything the candidate said on this question so far (main answer and follow-up answers).</param>
public sealed record EvaluationRequest(InterviewQuestion Question, string Answer, AnswerMode Mode = AnswerMode.Text);

/// <summary>The score of one answer against its rubric.</summary>
/// <param name="Score">Weighted overall 0–100.</param>
/// <param name="Feedback">One or two sentences for the recruiter.</param>
public sealed record AnswerEvaluation(
    int Score,
    IReadOnlyList<CriterionScore> Criteria,
    IReadOnlyList<string> CoveredPoints,
    IReadOnlyList<string> MissedPoints,
    IReadOnlyList<RedFlag> RedFlags,
    string Feedback);

/// <summary>
/// The hiring recommendation. <see cref="InsufficientEvidence"/> is not a level of the scale: the interview gave too
/// few usable answers to judge (see <see cref="ReportBuilder.HasEnoughEvidence"/>), so it recommends neither way.
/// </summary>
public enum Recommendation { StrongHire, Hire, LeanNo, NoHire, InsufficientEvidence }

/// <summary>Overall score cut-offs, inclusive lower bounds; below LeanNo is no_hire.</summary>
public sealed record RecommendationThresholds
{
    public int StrongHire { get; init; } = 80;
    public int Hire { get; init; } = 65;
    public int LeanNo { get; init; } = 45;
}

/// <summary>One plan question and how it went; Evaluation is null when it was never answered.</summary>
/// <param name="LowSpeechConfidence">
/// A spoken answer to it was transcribed with low confidence: the words scored may not be what the candidate said,
/// so the question is left out of the scores (and named in the report) rather than counted as a weak answer.
/// </param>
public sealed record QuestionOutcome(InterviewQuestion Question, bool Asked, AnswerEvaluation? Evaluation, bool LowSpeechConfidence = false);

public sealed record ReportRequest(
    IReadOnlyList<QuestionOutcome> Outcomes,
    RecommendationThresholds Thresholds,
    IReadOnlyList<RedFlag> InterviewRedFlags);

/// <summary>The recruiter's report.</summary>
public sealed record InterviewReport(
    int Overall,
    IReadOnlyDictionary<string, int> CriterionScores,
    IReadOnlyDictionary<string, int> CompetencyScores,
    IReadOnlyList<string> Strengths,
    IReadOnlyList<string> Weaknesses,
    IReadOnlyList<RedFlag> RedFlags,
    Recommendation Recommendation,
    string Summary,
    int QuestionsAsked,
    int QuestionsAnswered);
