using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Audio;
using Candor.Web.Features.Interviews;
using Candor.Web.Features.Rooms;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.CandidateResults;

/// <summary>
/// Builds an interview's results (status, report, per-question scores, transcript, human review, technical rooms) once, for every
/// reader: the API's GET /interviews/{id}/results, the results page, the shared link and the PDF. Tenant-filtered
/// like every query, so another organisation's interview reads as null.
/// </summary>
public sealed class InterviewResultsReader(
    CandorDbContext db, TurnAudioLinks audioLinks, RoomReports rooms, IOptions<VoiceOptions> voice, IOptions<CandorOptions> options)
{
    /// <param name="withAudio">Sign links to a voice interview's audio: the recruiter's API and page only, never a shared or exported copy.</param>
    public async Task<InterviewResultsResponse?> ReadAsync(Guid interviewId, CancellationToken cancellationToken, bool withAudio = false)
    {
        var interview = await db.Interviews.AsNoTracking().Include(i => i.Job).Include(i => i.Turns).AsSplitQuery()
            .FirstOrDefaultAsync(i => i.Id == interviewId, cancellationToken);
        if (interview is null)
        {
            return null;
        }
        var review = await ReadHumanReviewAsync(interviewId, cancellationToken);
        review = review with { Adjusted = AdjustedScores.Compute(interview, interview.Turns, review.Overrides, options.Value.Interviews.Thresholds, voice.Value) };
        var audio = withAudio ? await audioLinks.ForAsync(interview, interview.Turns, cancellationToken) : null;
        var technical = await rooms.ForInterviewAsync(interviewId, cancellationToken);
        return Build(interview, review, audio, voice.Value) with { Technical = technical };
    }

    public async Task<HumanReviewResponse> ReadHumanReviewAsync(Guid interviewId, CancellationToken cancellationToken)
    {
        var overrides = await db.ScoreOverrides.AsNoTracking().Where(o => o.InterviewId == interviewId)
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).ToListAsync(cancellationToken);
        var decisions = await db.ReviewDecisions.AsNoTracking().Where(d => d.InterviewId == interviewId)
            .OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id).ToListAsync(cancellationToken);
        var overrideHistory = overrides.Select(ScoreOverrideResponse.From).ToList();
        var decisionHistory = decisions.Select(d => new ReviewDecisionResponse(d.Id, d.Decision, d.Note, d.UserId, d.UserName, d.CreatedAt)).ToList();
        return new HumanReviewResponse(AdjustedScores.InForce(overrideHistory), decisionHistory.FirstOrDefault(), overrideHistory, decisionHistory);
    }

    private static InterviewResultsResponse Build(Interview interview, HumanReviewResponse review, IReadOnlyDictionary<Guid, TurnAudioUrls>? audio, VoiceOptions voice)
    {
        var turns = interview.Turns.OrderBy(t => t.Sequence).ToList();
        var report = interview.Report is { } r
            ? new ReportResponse(r.Overall, r.Recommendation, r.CriterionScores, r.CompetencyScores, r.Strengths, r.Weaknesses,
                r.RedFlags, r.Summary, r.QuestionsAsked, r.QuestionsAnswered, interview.ReportProvenance, interview.ReportReadyAt)
            : null;
        var questions = interview.Plan.Select(q =>
        {
            var evaluation = turns.LastOrDefault(t => t.QuestionKey == q.Key && t.Evaluation is not null)?.Evaluation;
            return new QuestionScoreResponse(q.Key, q.Text, q.Competency, q.Kind, q.Difficulty,
                turns.Any(t => t.QuestionKey == q.Key), evaluation?.Score, evaluation);
        }).ToList();
        var transcript = turns.Select(t =>
        {
            var links = audio?.GetValueOrDefault(t.Id);
            return new TranscriptTurnResponse(
                t.Id, t.Sequence, t.Kind, t.QuestionKey, t.Prompt, t.Answer, t.AskedAt, t.AnsweredAt, t.FollowUpReason, t.Tier,
                t.Evaluation?.Score, t.Evaluation, t.EvaluationProvenance, t.Code,
                t.WhiteboardPng is null ? null : Whiteboards.UrlFor(interview.Id, t.Id),
                links?.AnswerAudioUrl, links?.PromptAudioUrl, t.SpeechConfidence, voice.IsLowConfidence(t.SpeechConfidence), t.VoiceLatency,
                links?.SpeakingPaceWpm);
        }).ToList();
        return new InterviewResultsResponse(InterviewsApi.ToStatus(interview), report, questions, transcript, review,
            VoiceLatencySummary.Of(turns.Select(t => t.VoiceLatency)));
    }
}
