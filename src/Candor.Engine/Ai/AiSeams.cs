using Candor.Engine.Interviews;
using Candor.Engine.Questions;
using Candor.Engine.Scoring;

namespace Candor.Engine.Ai;

/// <summary>Who produced an AI artifact, stored beside it so every score can be traced.</summary>
public sealed record Provenance(string Provider, string Model, string PromptVersion)
{
    public static readonly Provenance Offline = new("offline", "candor-semantic", "semantic-v2");
}

public sealed record QuestionDraft(JobAnalysis Analysis, IReadOnlyList<InterviewQuestion> Questions, Provenance Provenance);

/// <summary>Turns a job description into a plan of 8–12 questions with rubrics.</summary>
public interface IQuestionWriter
{
    Task<QuestionDraft> WriteAsync(JobDescription job, CancellationToken cancellationToken = default);
}

/// <summary>
/// One item of a streamed interviewer reply: a piece of text as it is produced, or, last, the complete move.
/// Unless <see cref="Replaced"/> is set, the final move's text equals the concatenation of the text items.
/// </summary>
/// <param name="Text">The next piece of the reply; null on the final item.</param>
/// <param name="Move">The complete move; set only on the final item.</param>
/// <param name="Replaced">
/// The stream broke or its wording was rejected after some text was shown: the final move's text replaces
/// everything streamed so far (the client should swap the bubble's contents).
/// </param>
public sealed record InterviewerDelta(string? Text, NextMove? Move, bool Replaced = false);

/// <summary>Decides the interviewer's next move and words it.</summary>
public interface IInterviewer
{
    Task<NextMove> NextMoveAsync(InterviewContext context, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same move as <see cref="NextMoveAsync"/>, streamed: text items as they are produced (so voice can
    /// start speaking the first sentence early), then exactly one final item carrying the complete move.
    /// </summary>
    IAsyncEnumerable<InterviewerDelta> StreamNextMoveAsync(InterviewContext context, CancellationToken cancellationToken = default);
}

/// <summary>Scores one answer against its question's rubric.</summary>
public interface IAnswerEvaluator
{
    Task<(AnswerEvaluation Evaluation, Provenance Provenance)> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken = default);
}

/// <summary>Builds the recruiter's report from per-answer evaluations.</summary>
public interface IReportWriter
{
    Task<(InterviewReport Report, Provenance Provenance)> WriteAsync(ReportRequest request, CancellationToken cancellationToken = default);
}
