using Candor.Engine.Interviews;
using Candor.Engine.Questions;
using Candor.Engine.Scoring;
using Candor.Web.Data.Entities;

namespace Candor.Web.Features.Webhooks;

/// <summary>
/// <c>data</c> of every interview.* event. There is no separate candidate record yet, so
/// <c>candidate_id</c> is the interview id: stable, and unique per candidate invitation.
/// </summary>
public record InterviewEventData(Guid InterviewId, Guid CandidateId, string? ExternalId, Guid JobId, InterviewStatus Status, EndReason? EndReason);

/// <summary>
/// <c>data</c> of interview.report_ready: the interview's results, ready to store on the hiring platform's side.
/// <c>audio_urls</c> lists a voice interview's recordings as signed links, in transcript order (each turn's
/// interviewer audio, then the candidate's answer); the transcript entries carry the same links per side. The links
/// are short-lived: fetch the audio on receipt, or GET /api/v1/interviews/{id}/results for fresh links later.
/// <c>technical</c> carries the reports of the interview's technical rooms as the results API shows them (null without one).
/// </summary>
public sealed record InterviewReportReadyData(
    Guid InterviewId, Guid CandidateId, string? ExternalId, Guid JobId, InterviewStatus Status, EndReason? EndReason,
    ReportScores Scores,
    Recommendation Recommendation,
    string Summary,
    IReadOnlyList<string> Strengths,
    IReadOnlyList<string> Weaknesses,
    IReadOnlyList<RedFlag> RedFlags,
    IReadOnlyList<QuestionResult> Questions,
    IReadOnlyList<TranscriptEntry> Transcript,
    IReadOnlyList<string> AudioUrls,
    Rooms.TechnicalResults? Technical = null)
    : InterviewEventData(InterviewId, CandidateId, ExternalId, JobId, Status, EndReason);

/// <summary>0–100 scores; a group is null when the interview had no answered question of that kind.</summary>
public sealed record ReportScores(int Overall, int? Technical, int? Behavioural, int? Communication);

public sealed record QuestionResult(string Key, string Text, string Competency, QuestionKind Kind, Difficulty Difficulty, bool Asked, int? Score, string? Feedback);

public sealed record TranscriptEntry(
    int Sequence, TurnKind Kind, string? QuestionKey, string Question, string? Answer, int? Score, string? Feedback,
    string? PromptAudioUrl = null, string? AnswerAudioUrl = null, bool LowSpeechConfidence = false);

/// <summary>Builds event data from the entities, so each call site stays one line.</summary>
public static class InterviewEvents
{
    public static InterviewEventData Data(Interview interview) =>
        new(interview.Id, interview.Id, interview.ExternalId, interview.JobId, interview.Status, interview.EndReason);

    /// <param name="audio">Signed links per turn (voice interviews); <paramref name="lowSpeechConfidence"/> says which answers were marked.</param>
    /// <param name="technical">The interview's technical rooms, reported as the results API reports them.</param>
    public static InterviewReportReadyData ReportReady(
        Interview interview, InterviewReport report, IReadOnlyList<InterviewTurn> turns,
        IReadOnlyDictionary<Guid, Audio.TurnAudioUrls>? audio = null, Func<InterviewTurn, bool>? lowSpeechConfidence = null,
        Rooms.TechnicalResults? technical = null)
    {
        var ordered = turns.OrderBy(t => t.Sequence).ToList();
        var questions = interview.Plan.Select(q =>
        {
            // Each turn's evaluation covers every answer on its question so far: the latest one is the question's result.
            var evaluation = ordered.LastOrDefault(t => t.QuestionKey == q.Key && t.Evaluation is not null)?.Evaluation;
            return new QuestionResult(q.Key, q.Text, q.Competency, q.Kind, q.Difficulty,
                ordered.Any(t => t.QuestionKey == q.Key), evaluation?.Score, evaluation?.Feedback);
        }).ToList();

        int? Mean(params QuestionKind[] kinds)
        {
            var scores = questions.Where(q => kinds.Contains(q.Kind) && q.Score is not null).Select(q => q.Score!.Value).ToList();
            return scores.Count == 0 ? null : (int)Math.Round(scores.Average(), MidpointRounding.AwayFromZero);
        }
        var answered = questions.Any(q => q.Score is not null);
        var scores = new ReportScores(
            report.Overall,
            Technical: Mean(QuestionKind.Technical, QuestionKind.Scenario),
            Behavioural: Mean(QuestionKind.Behavioural, QuestionKind.Situational),
            Communication: answered && report.CriterionScores.TryGetValue(Criteria.Communication, out var communication) ? communication : null);

        var transcript = ordered.Select(t => new TranscriptEntry(
            t.Sequence, t.Kind, t.QuestionKey, t.Prompt, t.Answer, t.Evaluation?.Score, t.Evaluation?.Feedback,
            audio?.GetValueOrDefault(t.Id)?.PromptAudioUrl, audio?.GetValueOrDefault(t.Id)?.AnswerAudioUrl, lowSpeechConfidence?.Invoke(t) ?? false)).ToList();
        List<string> audioUrls = [.. transcript.SelectMany(t => new[] { t.PromptAudioUrl, t.AnswerAudioUrl }).OfType<string>()];

        return new InterviewReportReadyData(
            interview.Id, interview.Id, interview.ExternalId, interview.JobId, interview.Status, interview.EndReason,
            scores, report.Recommendation, report.Summary, report.Strengths, report.Weaknesses, report.RedFlags,
            questions, transcript, audioUrls, technical);
    }
}
