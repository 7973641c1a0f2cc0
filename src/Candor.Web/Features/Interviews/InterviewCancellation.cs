using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Greenhouse;
using Candor.Web.Features.Webhooks;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Interviews;

/// <summary>Cancelling an interview, shared by POST /api/v1/interviews/{id}/cancel and the recruiter's cancel page.</summary>
public static class InterviewCancellation
{
    /// <summary>
    /// Cancels a scheduled or running interview under its row lock, with the interview.cancelled event (and, for a test
    /// Greenhouse ordered, its completion notice) in the same transaction; the candidate's link stops working at once. Cancelling twice is harmless; a finished interview
    /// is a 409, another organisation's id a 404. The candidate is e-mailed a short notice (queued in the same transaction) the
    /// first time only.
    /// </summary>
    public static async Task<Interview> CancelAsync(CandorDbContext db, CandidateMails mails, Guid id, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        var interview = await db.LockInterview(id)
            .Include(i => i.Job).Include(i => i.Turns).FirstOrDefaultAsync(cancellationToken)
            ?? throw ApiProblemException.NotFound($"Interview {id}");
        switch (interview.Status)
        {
            case InterviewStatus.Cancelled:
                break;
            case InterviewStatus.Scheduled or InterviewStatus.InProgress:
                interview.Status = InterviewStatus.Cancelled;
                interview.EndedAt = clock.GetUtcNow();
                db.AddEvent(WebhookEventTypes.InterviewCancelled, InterviewEvents.Data(interview), interview.EndedAt);
                await GreenhouseCallbackJob.EnqueueIfOrderedAsync(db, interview, cancellationToken);
                await mails.EnqueueCancellationNoticeAsync(interview, cancellationToken);
                await db.SaveChangesAsync(cancellationToken);
                break;
            default:
                throw ApiProblemException.Conflict($"The interview is already {CandorJson.EnumName(interview.Status)} and cannot be cancelled.", "wrong_state");
        }
        await transaction.CommitAsync(cancellationToken);
        return interview;
    }
}
