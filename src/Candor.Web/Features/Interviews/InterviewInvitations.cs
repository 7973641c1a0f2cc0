using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Rooms;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Interviews;

/// <summary>
/// Scheduling from the recruiter's pages: the API's <see cref="InterviewScheduler"/> (same validation, quota and
/// webhook event) plus an invitation e-mail queued in the same transaction, so an interview never exists without
/// its invitation or the other way round.
/// </summary>
public sealed class InterviewInvitations(CandorDbContext db, InterviewScheduler scheduler, StageRooms stageRooms, CandidateMails mails, TimeProvider clock)
{
    /// <summary>Schedules one interview and queues its invitation. Throws the API's problems (400 fields, 404 job, 409, 429 quota).</summary>
    public Task<ScheduledInterview> ScheduleAsync(ScheduleInterviewRequest request, CancellationToken cancellationToken = default) =>
        ScheduleAsync(request, alongside: null, cancellationToken);

    /// <summary>
    /// As <see cref="ScheduleAsync(ScheduleInterviewRequest, CancellationToken)"/>; <paramref name="alongside"/> adds the
    /// caller's own rows for the new interview (Greenhouse's assessment) to the same unit of work, so they commit together.
    /// </summary>
    public async Task<ScheduledInterview> ScheduleAsync(ScheduleInterviewRequest request, Action<Interview>? alongside, CancellationToken cancellationToken = default)
    {
        try
        {
            await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
            var scheduled = await scheduler.ScheduleAsync(request, cancellationToken);
            alongside?.Invoke(scheduled.Interview);
            await mails.EnqueueInvitationAsync(scheduled.Interview, scheduled.InterviewUrl, resent: false, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            return scheduled;
        }
        finally
        {
            // A CSV import schedules row after row on this context: a failed row must leave nothing behind for the next.
            db.ChangeTracker.Clear();
        }
    }

    /// <summary>
    /// Sends the invitation again with a NEW link: the token is stored only hashed, so the old link cannot be recovered,
    /// and issuing a fresh one also retires a link that may have gone astray. Only before the candidate has started.
    /// </summary>
    public async Task<Interview> ResendAsync(Guid interviewId, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        var interview = await db.LockInterview(interviewId).FirstOrDefaultAsync(cancellationToken)
            ?? throw ApiProblemException.NotFound($"Interview {interviewId}");
        if (interview.Status != InterviewStatus.Scheduled)
        {
            throw ApiProblemException.Conflict(
                $"The interview is {CandorJson.EnumName(interview.Status).Replace('_', ' ')}; only an interview that has not started can be sent again.", "wrong_state");
        }
        if (interview.ExpiresAt <= clock.GetUtcNow())
        {
            throw ApiProblemException.Gone("The interview link has expired; schedule a new interview instead.", "expired");
        }
        await SupersededLinks.RecordAsync(db, interview, clock.GetUtcNow(), cancellationToken);
        var token = InterviewScheduler.IssueToken(interview);
        // The stage room's candidate token is derived from the interview token: it follows the new link, and the old one's stops.
        await stageRooms.RekeyAsync(interview.Id, token, cancellationToken);
        var url = scheduler.LinkFor(token);
        await mails.EnqueueInvitationAsync(interview, url, resent: true, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return interview;
    }
}
