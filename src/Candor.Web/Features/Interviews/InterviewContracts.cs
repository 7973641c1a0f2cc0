using Candor.Engine.Ai;
using Candor.Engine.Interviews;
using Candor.Engine.Questions;
using Candor.Engine.Scoring;
using Candor.Web.Data.Entities;

namespace Candor.Web.Features.Interviews;

/// <param name="Retake">
/// True schedules the candidate again although they already completed, or have an open interview for, the same job
/// (same e-mail, case-insensitive); without it such a request is a 409 <c>duplicate_candidate</c> problem.
/// </param>
public sealed record ScheduleInterviewRequest(
    Guid? JobId,
    CandidateInput? Candidate,
    int? ExpiresInHours,
    string? ExternalId,
    [property: System.ComponentModel.Description(
        "True schedules the candidate again although they already completed, or have an open interview for, this job (same e-mail, case-insensitive). " +
        "Without it such a request is 409 duplicate_candidate, naming existing_interview_id and existing_status.")]
    bool? Retake = null);

public sealed record CandidateInput(string? Name, string? Email);

public sealed record ScheduleInterviewResponse(Guid InterviewId, string InterviewUrl, DateTimeOffset ExpiresAt, InterviewStatus Status);

public sealed record CandidateView(string Name, string Email);

public sealed record InterviewProgress(int QuestionsAsked, int QuestionsAnswered, int QuestionsTotal);

/// <summary>An interview's state for the recruiter or the integrating platform.</summary>
public sealed record InterviewStatusResponse(
    Guid InterviewId,
    Guid JobId,
    string JobTitle,
    CandidateView Candidate,
    string? ExternalId,
    InterviewStatus Status,
    EndReason? EndReason,
    ReportStatus ReportStatus,
    int? OverallScore,
    Recommendation? Recommendation,
    InterviewProgress Progress,
    DateTimeOffset CreatedAt,
    DateTimeOffset? StartedAt,
    DateTimeOffset? EndedAt,
    DateTimeOffset ExpiresAt);

public sealed record ReportResponse(
    int Overall,
    Recommendation Recommendation,
    IReadOnlyDictionary<string, int> CriterionScores,
    IReadOnlyDictionary<string, int> CompetencyScores,
    IReadOnlyList<string> Strengths,
    IReadOnlyList<string> Weaknesses,
    IReadOnlyList<RedFlag> RedFlags,
    string Summary,
    int QuestionsAsked,
    int QuestionsAnswered,
    Provenance? Provenance,
    DateTimeOffset? ReadyAt);

/// <summary>One plan question's final score: the evaluation of everything said on it.</summary>
public sealed record QuestionScoreResponse(string Key, string Text, string Competency, QuestionKind Kind, Difficulty Difficulty, bool Asked, int? Score, AnswerEvaluation? Evaluation);

/// <summary>
/// One turn of the transcript, for the recruiter. In a voice interview <c>answer_audio_url</c> and
/// <c>prompt_audio_url</c> are short-lived signed links to the two sides (null where there is no audio),
/// <c>speech_confidence</c> is the recogniser's confidence in the answer (null when typed or corrected), and
/// <c>low_speech_confidence</c> marks an answer left out of the scores for it. <c>speaking_pace_wpm</c> is a spoken
/// answer's approximate pace in words a minute: shown for context, never scored.
/// </summary>
public sealed record TranscriptTurnResponse(
    Guid TurnId,
    int Sequence,
    TurnKind Kind,
    string? QuestionKey,
    string Prompt,
    string? Answer,
    DateTimeOffset AskedAt,
    DateTimeOffset? AnsweredAt,
    FollowUpReason? FollowUpReason,
    Difficulty? Tier,
    int? Score,
    AnswerEvaluation? Evaluation,
    Provenance? EvaluationProvenance,
    string? Code,
    string? WhiteboardUrl = null,
    string? AnswerAudioUrl = null,
    string? PromptAudioUrl = null,
    double? SpeechConfidence = null,
    bool LowSpeechConfidence = false,
    Audio.VoiceLatency? VoiceLatency = null,
    int? SpeakingPaceWpm = null);

/// <param name="VoiceLatency">Per stage, the median and slowest of the interview's voice turns; null without voice turns.</param>
/// <param name="Technical">The reports of the technical rooms opened for this interview; null when it had none.</param>
public sealed record InterviewResultsResponse(
    InterviewStatusResponse Interview,
    ReportResponse? Report,
    IReadOnlyList<QuestionScoreResponse> Questions,
    IReadOnlyList<TranscriptTurnResponse> Transcript,
    CandidateResults.HumanReviewResponse HumanReview,
    Audio.VoiceLatencySummary? VoiceLatency = null,
    Rooms.TechnicalResults? Technical = null);
