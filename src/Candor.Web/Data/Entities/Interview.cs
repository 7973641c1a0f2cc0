using Candor.Engine.Ai;
using Candor.Engine.Interviews;
using Candor.Engine.Questions;
using Candor.Engine.Scoring;

namespace Candor.Web.Data.Entities;

public enum InterviewStatus { Scheduled, InProgress, Completed, Cancelled, Expired }

/// <summary>Why a completed interview ended.</summary>
public enum EndReason { PlanComplete, TurnBudget, TimeBudget, EndedByCandidate, Abandoned }

public enum ReportStatus { None, Pending, Ready }

public sealed class Interview : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid JobId { get; set; }
    public required string CandidateName { get; set; }
    public required string CandidateEmail { get; set; }
    public string? ExternalId { get; set; }
    public InterviewStatus Status { get; set; }
    public EndReason? EndReason { get; set; }
    public required string TokenHash { get; set; }

    /// <summary>The questions as they were when scheduled; later job edits don't change a running interview.</summary>
    public List<InterviewQuestion> Plan { get; set; } = [];
    public Difficulty StartingTier { get; set; }
    public AnswerMode Mode { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? LastActivityAt { get; set; }
    public DateTimeOffset? EndedAt { get; set; }
    public ReportStatus ReportStatus { get; set; }
    public InterviewReport? Report { get; set; }
    public Provenance? ReportProvenance { get; set; }
    public DateTimeOffset? ReportReadyAt { get; set; }
    public int? OverallScore { get; set; }
    public Recommendation? Recommendation { get; set; }

    /// <summary>The job's settings when scheduled, like <see cref="Plan"/>.</summary>
    public StageType StageType { get; set; } = StageType.Behavioural;
    public InterviewTools Tools { get; set; } = InterviewTools.Default;

    /// <summary>When the candidate agreed to the AI interview and the use of their data (null: started through the API without it).</summary>
    public DateTimeOffset? ConsentedAt { get; set; }

    public Job? Job { get; set; }
    public List<InterviewTurn> Turns { get; set; } = [];

    public bool IsTerminal => Status is InterviewStatus.Completed or InterviewStatus.Cancelled or InterviewStatus.Expired;

    /// <summary>The plan's length, computed by the database from <see cref="Plan"/> (read-only here).</summary>
    public int? QuestionsPlanned { get; set; }

    /// <summary>The report's answered-question count, computed by the database from <see cref="Report"/>; null until it is ready.</summary>
    public int? QuestionsAnswered { get; set; }

    /// <summary>A finished interview whose candidate answered fewer questions than were planned (see <see cref="Completeness"/>).</summary>
    public bool IsIncomplete => Completeness.IsIncomplete(Status, QuestionsAnswered, QuestionsPlanned);
}

/// <summary>
/// When an interview counts as incomplete: it finished with a report, and fewer questions were answered than were planned.
/// One rule for the dashboard, the CSV, the results card and the PDF, so they never disagree.
/// </summary>
public static class Completeness
{
    public static bool IsIncomplete(InterviewStatus status, int? answered, int? planned) =>
        status == InterviewStatus.Completed && answered is { } a && planned is { } p && a < p;
}

public sealed class InterviewTurn : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid InterviewId { get; set; }
    public int Sequence { get; set; }
    public TurnKind Kind { get; set; }
    public string? QuestionKey { get; set; }
    public required string Prompt { get; set; }
    public string? Answer { get; set; }
    public DateTimeOffset AskedAt { get; set; }
    public DateTimeOffset? AnsweredAt { get; set; }
    public FollowUpReason? FollowUpReason { get; set; }
    public Difficulty? Tier { get; set; }
    public AnswerEvaluation? Evaluation { get; set; }
    public Provenance? EvaluationProvenance { get; set; }
    public DateTimeOffset? ScoredAt { get; set; }

    /// <summary>What was in the candidate's code editor when they sent <see cref="Answer"/>.</summary>
    public string? Code { get; set; }

    /// <summary>The candidate's whiteboard sketch (PNG bytes) sent with <see cref="Answer"/>; recruiters only.</summary>
    public byte[]? WhiteboardPng { get; set; }

    /// <summary>The recording whose transcript became <see cref="Answer"/> (voice answers; also kept when the candidate corrected it).</summary>
    public Guid? AnswerRecordingId { get; set; }

    /// <summary>The recogniser's confidence (0–1) in <see cref="Answer"/>; null when the candidate typed or corrected it.</summary>
    public double? SpeechConfidence { get; set; }

    /// <summary>The interviewer's words of this turn as audio in the blob store, once synthesised.</summary>
    public string? PromptAudioKey { get; set; }

    /// <summary>How long the voice turn that answered this one took, stage by stage.</summary>
    public Features.Audio.VoiceLatency? VoiceLatency { get; set; }

    /// <summary>Intro and closing turns are conversation, not assessment.</summary>
    public bool IsScored => Kind is TurnKind.Question or TurnKind.FollowUp;

    public Turn ToEngineTurn() =>
        new(Sequence, Kind, QuestionKey, Prompt, Answer, AskedAt, AnsweredAt, FollowUpReason, Tier);
}
