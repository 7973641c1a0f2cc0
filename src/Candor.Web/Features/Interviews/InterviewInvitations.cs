using System.Globalization;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Audio;
using Candor.Web.Features.Mail;
using Candor.Web.Infrastructure;
using Candor.Web.Providers.Speech;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Interviews;

/// <summary>
/// Scheduling from the recruiter's pages: the API's <see cref="InterviewScheduler"/> (same validation, quota and
/// webhook event) plus an invitation e-mail queued in the same transaction, so an interview never exists without
/// its invitation or the other way round.
/// </summary>
public sealed class InterviewInvitations(CandorDbContext db, InterviewScheduler scheduler, TimeProvider clock, ISpeechProviders speech)
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
            await EnqueueInvitationAsync(scheduled.Interview, scheduled.InterviewUrl, resent: false, cancellationToken);
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
        var url = scheduler.IssueLink(interview);
        await EnqueueInvitationAsync(interview, url, resent: true, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return interview;
    }

    private async Task EnqueueInvitationAsync(Interview interview, string url, bool resent, CancellationToken cancellationToken)
    {
        var jobTitle = await db.Jobs.Where(j => j.Id == interview.JobId).Select(j => j.Title).FirstAsync(cancellationToken);
        var organizationName = await db.Organizations.Where(o => o.Id == db.Tenant.OrganizationId).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken) ?? "Candor";
        var capabilities = interview.Tools.IsVoice ? await VoiceCapabilities.ForAsync(speech, db.Tenant.OrganizationId!.Value, cancellationToken) : VoiceCapabilities.Full;
        db.EnqueueMail(OutgoingMail.Create(
            interview.CandidateEmail,
            $"{(resent ? "New link: y" : "Y")}our interview for {jobTitle} at {organizationName}",
            InvitationBody(interview, url, jobTitle, organizationName, resent, capabilities),
            db.Tenant.OrganizationId));
    }

    /// <param name="speech">What the organisation's speech engines can do: no promise of spoken answers without speech-to-text,
    /// nor of a spoken interviewer without text-to-speech.</param>
    internal static string InvitationBody(Interview interview, string url, string jobTitle, string organizationName, bool resent, VoiceCapabilities speech) =>
        string.Create(CultureInfo.InvariantCulture, $"""
            Hello {interview.CandidateName},

            {organizationName} invites you to an interview for the {jobTitle} role. It is conducted by Candor, an AI interviewer:
            open the link when you are ready and answer its questions {speech.InvitationPhrase(interview.Tools.IsVoice)}.
            {(resent ? "\nThis is a new link. The link you were sent before no longer works.\n" : "")}
            Start your interview:
            {url}

            The link works until {interview.ExpiresAt.UtcDateTime:dddd d MMMM yyyy, HH:mm} UTC. It is personal: please do not share it.

            Good luck!
            """);
}
