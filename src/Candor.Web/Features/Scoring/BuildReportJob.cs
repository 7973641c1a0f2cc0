using System.Text.Json;
using Candor.Engine.Ai;
using Candor.Engine.Scoring;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Audio;
using Candor.Web.Features.Greenhouse;
using Candor.Web.Features.Rooms;
using Candor.Web.Features.Webhooks;
using Candor.Web.Infrastructure;
using Candor.Web.Jobs;
using Candor.Web.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Scoring;

/// <summary>Writes the recruiter's report once every answer of a finished interview is scored.</summary>
public sealed class BuildReportJob(
    CandorDbContext db, AiRoles ai, IOptions<CandorOptions> options, IOptions<VoiceOptions> voice, TurnAudioLinks audioLinks, RoomReports rooms,
    TimeProvider clock, ILogger<BuildReportJob> logger) : IJobHandler
{
    public const string JobKind = "build_report";

    public sealed record Payload(Guid InterviewId);

    public async Task HandleAsync(JsonElement payload, CancellationToken cancellationToken)
    {
        var interviewId = payload.Deserialize<Payload>(CandorJson.Options)!.InterviewId;
        var interview = await db.Interviews.AsNoTracking().FirstOrDefaultAsync(i => i.Id == interviewId, cancellationToken);
        if (interview is null || interview.ReportStatus == ReportStatus.Ready)
        {
            return;
        }

        var turns = await db.InterviewTurns.AsNoTracking().Where(t => t.InterviewId == interviewId)
            .OrderBy(t => t.Sequence).ToListAsync(cancellationToken);
        // A spoken answer the recogniser was unsure of is set aside in the report rather than scored as weak.
        var unsure = turns.Where(t => voice.Value.IsLowConfidence(t.SpeechConfidence)).Select(t => t.QuestionKey).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var outcomes = AnswerScoring.Outcomes(interview.Plan, [.. turns.Select(t => (t.QuestionKey, t.Evaluation))], unsure);
        var audio = interview.Tools.IsVoice ? await audioLinks.ForAsync(interview, turns, cancellationToken) : null;
        // The technical rooms as they stand now: the event carries what the results API would show at this moment.
        var technical = await rooms.ForInterviewAsync(interviewId, cancellationToken);

        var writer = (await ai.ForAsync(interview.OrganizationId, interview.Id, cancellationToken)).ReportWriter;
        var (report, provenance) = await writer.WriteAsync(
            new ReportRequest(outcomes, options.Value.Interviews.Thresholds, InterviewRedFlags(interview)), cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await db.LockInterview(interviewId).FirstAsync(cancellationToken);
        if (locked.ReportStatus == ReportStatus.Ready)
        {
            return; // A concurrent run of this job wrote it first: one report, one report_ready event.
        }
        locked.Report = report;
        locked.ReportProvenance = provenance;
        locked.OverallScore = report.Overall;
        locked.Recommendation = report.Recommendation;
        locked.ReportStatus = ReportStatus.Ready;
        locked.ReportReadyAt = clock.GetUtcNow();
        await GreenhouseCallbackJob.EnqueueIfOrderedAsync(db, locked, cancellationToken);
        db.AddEvent(WebhookEventTypes.InterviewReportReady,
            InterviewEvents.ReportReady(locked, report, turns, audio, t => voice.Value.IsLowConfidence(t.SpeechConfidence), technical),
            locked.ReportReadyAt);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Report ready for interview {InterviewId}: {Overall} ({Recommendation})", interviewId, report.Overall, report.Recommendation);
    }

    /// <summary>Flags about how the interview ended (shared with the reviewers' adjusted result, which rebuilds the report).</summary>
    internal static List<RedFlag> InterviewRedFlags(Interview interview) => interview.EndReason switch
    {
        EndReason.Abandoned => [new RedFlag("abandoned", "The candidate stopped responding before the interview finished.")],
        EndReason.EndedByCandidate => [new RedFlag("ended_early", "The candidate ended the interview early.")],
        _ => [],
    };
}
