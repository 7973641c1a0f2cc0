using Candor.Engine.Interviews;
using Candor.Engine.Questions;
using Candor.Engine.Scoring;

namespace Candor.Engine.Ai;

/// <summary>Who produced an AI artifact, stored beside it so every score can be traced.</summary>
public sealed record Provenance(string Provider, string Model, string PromptVersion)
{
    public static readonly Provenance Offline = new("offline", "candor-rules", "rules-v1");
}

public sealed record QuestionDraft(JobAnalysis Analysis, IReadOnlyList<InterviewQuestion> Questions, Provenance Provenance);

/// <summary>Turns a job description into a plan of 8–12 questions with rubrics.</summary>
public interface IQuestionWriter
{
    Task<QuestionDraft> WriteAsync(JobDescription job, CancellationToken cancellationToken = default);
}

/// <summary>Decides the interviewer's next move and words it.</summary>
public interface IInterviewer
{
    Task<NextMove> NextMoveAsync(InterviewContext context, CancellationToken cancellationToken = default);
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
