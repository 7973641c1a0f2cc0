using Candor.Engine.Questions;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Features.Quotas;
using Candor.Web.Features.Rooms;
using Candor.Web.Features.Webhooks;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Interviews;

/// <summary>A freshly scheduled interview and the link that opens it (the token exists in clear only here).</summary>
public sealed record ScheduledInterview(Interview Interview, string InterviewUrl);

/// <summary>
/// Validates a scheduling request and adds the interview to the unit of work. It does not save:
/// callers commit it together with their own rows (an integration's mapping, say), so both or neither exist.
/// </summary>
public sealed class InterviewScheduler(CandorDbContext db, UsageQuotas quotas, StageRooms stageRooms, IOptions<CandorOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Validates, counts the interview against the plan's monthly quota (429 when used up) and adds it to the
    /// unit of work. Call inside a transaction: if the caller's save fails, the quota count rolls back with it.
    /// </summary>
    public async Task<ScheduledInterview> ScheduleAsync(ScheduleInterviewRequest request, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        Check(request, settings).ThrowIfAny();

        var job = await db.Jobs.AsNoTracking().Include(j => j.Questions).FirstOrDefaultAsync(j => j.Id == request.JobId, cancellationToken)
            ?? throw ApiProblemException.NotFound($"Job {request.JobId}");
        if (job.Questions.Count == 0)
        {
            throw ApiProblemException.Conflict("This job has no questions; add some before scheduling interviews.", "job_has_no_questions");
        }

        var now = clock.GetUtcNow();
        if (request.Retake != true)
        {
            await EnsureNotScheduledAlreadyAsync(job, request.Candidate!.Email!.Trim(), now, cancellationToken);
        }

        await quotas.ConsumeInterviewAsync(db, cancellationToken);
        var interview = new Interview
        {
            Id = Guid.CreateVersion7(),
            JobId = job.Id,
            CandidateName = request.Candidate!.Name!.Trim(),
            CandidateEmail = request.Candidate.Email!.Trim(),
            ExternalId = request.ExternalId?.Trim(),
            Status = InterviewStatus.Scheduled,
            TokenHash = "",
            Plan = job.Questions.OrderBy(q => q.Position).Select(q => q.ToInterviewQuestion()).ToList(),
            StartingTier = StartingTier(job.Seniority),
            StageType = job.StageType,
            Tools = job.Tools,
            ExpiresAt = now.AddHours(request.ExpiresInHours ?? settings.Interviews.DefaultExpiryHours),
            CreatedAt = now,
        };
        var token = IssueToken(interview);
        db.Interviews.Add(interview);
        if (StageRooms.OpensRoom(interview.StageType))
        {
            // A technical stage opens its room itself, in this unit of work: both exist or neither (and the room's quota
            // rolls back with the interview's).
            await stageRooms.OpenAsync(interview, job, token, now, cancellationToken);
        }
        db.AddEvent(WebhookEventTypes.InterviewScheduled, InterviewEvents.Data(interview), now);
        return new ScheduledInterview(interview, LinkFor(token));
    }

    /// <summary>
    /// A candidate who completed this job's interview, or has one open (scheduled and unexpired, or in progress), is
    /// not scheduled again by accident: 409 <c>duplicate_candidate</c> naming the existing interview, unless the request
    /// asks for a retake. A transaction-scoped advisory lock on (job, e-mail) makes two concurrent requests for the same
    /// candidate take turns, so both cannot pass the check.
    /// </summary>
    private async Task EnsureNotScheduledAlreadyAsync(Job job, string email, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var normalized = email.ToLowerInvariant();
        var lockKey = $"schedule:{job.Id:N}:{normalized}";
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock(hashtextextended({lockKey}, 0))", cancellationToken);
        // ILIKE without wildcards: an exact, case-insensitive match ('_' and '%' are common in addresses, so escaped).
        var exactly = normalized.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal);
        var existing = await db.Interviews.AsNoTracking()
            .Where(i => i.JobId == job.Id && EF.Functions.ILike(i.CandidateEmail, exactly))
            .Where(i => i.Status == InterviewStatus.Completed || i.Status == InterviewStatus.InProgress
                || (i.Status == InterviewStatus.Scheduled && i.ExpiresAt > now))
            .OrderByDescending(i => i.CreatedAt)
            .Select(i => new { i.Id, i.Status })
            .FirstOrDefaultAsync(cancellationToken);
        if (existing is null)
        {
            return;
        }
        var what = existing.Status == InterviewStatus.Completed ? "already completed an interview" : "already has an open interview";
        throw new ApiProblemException(StatusCodes.Status409Conflict, "Candidate already scheduled",
            $"{email} {what} for {job.Title}. Send \"retake\": true to schedule another interview anyway.", DuplicateCandidateCode)
        {
            Extensions = { ["existing_interview_id"] = existing.Id, ["existing_status"] = CandorJson.EnumName(existing.Status) },
        };
    }

    /// <summary>The problem code of a scheduling request for a candidate who already completed or has an open interview for the job.</summary>
    public const string DuplicateCandidateCode = "duplicate_candidate";

    /// <summary>
    /// Gives the interview a fresh candidate token (stored hashed) and returns its link, the only place the token
    /// exists in clear. On an existing interview this invalidates the previous link: resending an invitation does this
    /// rather than keeping tokens recoverable.
    /// </summary>
    public string IssueLink(Interview interview) => LinkFor(IssueToken(interview));

    /// <summary>As <see cref="IssueLink"/>, returning the bare token (a stage room derives its candidate token from it).</summary>
    public static string IssueToken(Interview interview)
    {
        var token = ApiKeySecrets.NewToken();
        interview.TokenHash = ApiKeySecrets.Hash(token);
        return token;
    }

    /// <summary>The candidate's link for an interview token.</summary>
    public string LinkFor(string token) => $"{options.Value.PublicBaseUrl.TrimEnd('/')}/i/{token}";

    /// <summary>The API's validation of a scheduling request, without the job lookup; pages use it to check CSV rows up front.</summary>
    public static FieldErrors Check(ScheduleInterviewRequest request, CandorOptions settings)
    {
        var errors = new FieldErrors();
        if (request.JobId is null)
        {
            errors.Add("job_id", "The field 'job_id' is required.");
        }
        if (request.Candidate is null)
        {
            errors.Add("candidate", "The field 'candidate' is required.");
        }
        else
        {
            errors.RequireText("candidate.name", request.Candidate.Name, 200).RequireText("candidate.email", request.Candidate.Email, EmailAddresses.MaxLength);
            if (!string.IsNullOrWhiteSpace(request.Candidate.Email) && request.Candidate.Email.Trim().Length <= EmailAddresses.MaxLength
                && !EmailAddresses.IsDeliverable(request.Candidate.Email.Trim()))
            {
                errors.Add("candidate.email", "The field 'candidate.email' must be a deliverable e-mail address of the form name@example.com.");
            }
        }
        if (request.ExpiresInHours is { } hours && (hours < 1 || hours > settings.Interviews.MaxExpiryHours))
        {
            errors.Add("expires_in_hours", $"The field 'expires_in_hours' must be between 1 and {settings.Interviews.MaxExpiryHours}.");
        }
        return errors.OptionalText("external_id", request.ExternalId, 200);
    }

    /// <summary>Where adaptive difficulty starts: seniors are probed hard from the outset, juniors eased in.</summary>
    internal static Difficulty StartingTier(Seniority seniority) => seniority switch
    {
        Seniority.Junior => Difficulty.Easy,
        Seniority.Mid => Difficulty.Medium,
        _ => Difficulty.Hard,
    };
}
