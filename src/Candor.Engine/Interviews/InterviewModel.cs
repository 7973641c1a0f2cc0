using Candor.Engine.Ai;
using Candor.Engine.Questions;

namespace Candor.Engine.Interviews;

public enum TurnKind { Intro, Question, FollowUp, Closing }

/// <summary>How the candidate answers: speech answers are judged more leniently on filler words.</summary>
public enum AnswerMode { Text, Speech }

/// <summary>Why the interviewer chose to follow up instead of moving on.</summary>
public enum FollowUpReason
{
    /// <summary>The answer was too short to judge.</summary>
    TooShort,
    /// <summary>A behavioural answer lacked one of Situation, Task, Action, Result.</summary>
    MissingStar,
    /// <summary>A technical answer left an expected point uncovered (probed without revealing it).</summary>
    UncoveredPoint,
    /// <summary>No specifics, examples or numbers.</summary>
    Vague,
}

public enum CloseReason { PlanComplete, TurnBudget, TimeBudget, EndedByCandidate }

/// <summary>One exchange: the interviewer's words and, once given, the candidate's answer.</summary>
/// <param name="Sequence">0-based position in the interview.</param>
/// <param name="QuestionKey">The plan question this turn belongs to (null for intro and closing).</param>
public sealed record Turn(
    int Sequence,
    TurnKind Kind,
    string? QuestionKey,
    string Prompt,
    string? Answer,
    DateTimeOffset AskedAt,
    DateTimeOffset? AnsweredAt,
    FollowUpReason? Reason = null,
    Difficulty? Tier = null);

/// <summary>Limits that keep an interview bounded.</summary>
public sealed record InterviewPolicyOptions
{
    /// <summary>Follow-ups allowed per plan question.</summary>
    public int MaxFollowUpsPerQuestion { get; init; } = 2;

    /// <summary>Hard cap on interviewer turns, closing included.</summary>
    public int MaxTurns { get; init; } = 40;

    /// <summary>Time after the first turn when the interviewer starts closing.</summary>
    public TimeSpan TimeBudget { get; init; } = TimeSpan.FromMinutes(45);

    /// <summary>Answers with fewer words than this get a "tell me more" follow-up.</summary>
    public int MinAnswerWords { get; init; } = 25;

    /// <summary>Running score at or above which the difficulty tier moves up.</summary>
    public int TierUpScore { get; init; } = 75;

    /// <summary>Running score at or below which the difficulty tier moves down.</summary>
    public int TierDownScore { get; init; } = 45;
}

/// <summary>Everything the interviewer needs to decide its next move. Pure data: no clock, no I/O.</summary>
/// <param name="CandidateName">Used only to greet; never passed to evaluation.</param>
/// <param name="Turns">The transcript so far, in order; the last turn holds the answer just given.</param>
/// <param name="StartingTier">Difficulty to begin at, usually from the job's seniority.</param>
/// <param name="EndRequested">The candidate asked to end early.</param>
public sealed record InterviewContext(
    string CandidateName,
    string JobTitle,
    string OrganizationName,
    IReadOnlyList<InterviewQuestion> Plan,
    IReadOnlyList<Turn> Turns,
    DateTimeOffset Now,
    InterviewPolicyOptions Options,
    Difficulty StartingTier = Difficulty.Medium,
    AnswerMode Mode = AnswerMode.Text,
    bool EndRequested = false);

public enum MoveKind { Introduce, AskQuestion, FollowUp, Close }

/// <summary>The interviewer's decision: what to say next and why.</summary>
/// <param name="Tier">The difficulty tier after this move.</param>
/// <param name="Provenance">Who worded the move; null when it comes straight from the rules (same as offline).</param>
public sealed record NextMove(
    MoveKind Kind,
    string Text,
    string? QuestionKey,
    Difficulty Tier,
    FollowUpReason? Reason = null,
    CloseReason? CloseReason = null,
    Provenance? Provenance = null)
{
    public TurnKind TurnKind => Kind switch
    {
        MoveKind.Introduce => TurnKind.Intro,
        MoveKind.AskQuestion => TurnKind.Question,
        MoveKind.FollowUp => TurnKind.FollowUp,
        _ => TurnKind.Closing,
    };
}
