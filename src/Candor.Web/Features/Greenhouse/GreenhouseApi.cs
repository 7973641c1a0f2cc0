using Candor.Web.Data;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Features.Interviews;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Candor.Web.Features.Greenhouse;

/// <summary>
/// The partner side of Greenhouse's Assessment Partner API: Candor jobs are the tests, a sent test is a
/// Candor interview, and its report is the result. Greenhouse calls these with the customer's Candor
/// API key as the HTTP Basic user name.
/// </summary>
public static class GreenhouseApi
{
    private const string Scheme = GreenhouseBasicAuthenticationHandler.SchemeName;

    public static RouteGroupBuilder MapGreenhouseApi(this RouteGroupBuilder api)
    {
        var greenhouse = api.MapGroup("/integrations/greenhouse").WithTags("Greenhouse");
        greenhouse.MapGet("/list_tests", ListTests).RequireScope("interviews:write", Scheme);
        greenhouse.MapPost("/send_test", SendTest).RequireScope("interviews:write", Scheme);
        greenhouse.MapGet("/test_status", TestStatus).RequireScope("interviews:read", Scheme);
        // Greenhouse's docs name this call response_error but show the URL as request_errors; answer both.
        greenhouse.MapPost("/response_error", ResponseError).RequireScope("interviews:read", Scheme);
        greenhouse.MapPost("/request_errors", ResponseError).RequireScope("interviews:read", Scheme);
        return api;
    }

    /// <summary>The organisation's jobs that have questions: only those can be sent.</summary>
    private static async Task<Ok<List<GreenhouseTest>>> ListTests(CandorDbContext db, CancellationToken cancellationToken)
    {
        var jobs = await db.Jobs.AsNoTracking().Where(j => j.Questions.Any())
            .OrderByDescending(j => j.CreatedAt).ThenBy(j => j.Id)
            .Select(j => new { j.Id, j.Title }).ToListAsync(cancellationToken);
        return TypedResults.Ok(jobs.Select(j => new GreenhouseTest(j.Id.ToString(), j.Title)).ToList());
    }

    /// <summary>Schedules an interview for the candidate; a repeat for the same Greenhouse url answers with the same interview.</summary>
    private static async Task<Ok<GreenhouseSendTestResponse>> SendTest(
        GreenhouseSendTestRequest request, InterviewScheduler scheduler, CandorDbContext db,
        IOptions<GreenhouseOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        Validate(request, options.Value.AllowPrivateNetworks);
        var callbackUrl = request.Url!.Trim();
        var candidate = request.Candidate!;

        if (await FindByCallbackAsync(db, callbackUrl, cancellationToken) is { } existing)
        {
            return TypedResults.Ok(new GreenhouseSendTestResponse(existing.ToString(), null));
        }
        var testId = request.PartnerTestId!.Trim();
        if (!Guid.TryParse(testId, out var jobId) || !await db.Jobs.AnyAsync(j => j.Id == jobId, cancellationToken))
        {
            throw ApiProblemException.NotFound($"Test {testId}");
        }

        var name = $"{candidate.FirstName!.Trim()} {candidate.LastName!.Trim()}";
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        var (interview, interviewUrl) = await scheduler.ScheduleAsync(
            new ScheduleInterviewRequest(jobId, new CandidateInput(name, candidate.Email), null, null), cancellationToken);
        db.GreenhouseAssessments.Add(new GreenhouseAssessment
        {
            InterviewId = interview.Id,
            PartnerTestId = testId,
            CallbackUrl = callbackUrl,
            Candidate = new GreenhouseCandidate(candidate.FirstName.Trim(), candidate.LastName.Trim(), candidate.Email!.Trim(),
                Blank(candidate.PhoneNumber), Blank(candidate.ResumeUrl), Blank(candidate.GreenhouseProfileUrl)),
            Status = GreenhouseCallbackStatus.Sent,
            CreatedAt = clock.GetUtcNow(),
        });
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Greenhouse retried while the first request was still being written; that one won (and only it counts against the quota).
            await transaction.RollbackAsync(cancellationToken);
            db.ChangeTracker.Clear();
            var winner = await FindByCallbackAsync(db, callbackUrl, cancellationToken) ?? throw new InvalidOperationException("Lost the send_test race and found no winner.", ex);
            return TypedResults.Ok(new GreenhouseSendTestResponse(winner.ToString(), null));
        }
        // TODO(e-mail): Greenhouse expects the partner to e-mail the candidate; enqueue the invitation here once Candor sends mail.
        return TypedResults.Ok(new GreenhouseSendTestResponse(interview.Id.ToString(), interviewUrl));
    }

    private static async Task<Ok<GreenhouseTestStatusResponse>> TestStatus(
        [FromQuery(Name = "partner_interview_id")] string? partnerInterviewId, CandorDbContext db, IOptions<CandorOptions> options, CancellationToken cancellationToken)
    {
        new FieldErrors().RequireText("partner_interview_id", partnerInterviewId, 100).ThrowIfAny();
        var id = partnerInterviewId!.Trim();
        var interview = Guid.TryParse(id, out var interviewId)
            ? await db.Interviews.AsNoTracking().Include(i => i.Turns).FirstOrDefaultAsync(i => i.Id == interviewId, cancellationToken)
            : null;
        return interview is null
            ? throw ApiProblemException.NotFound($"Test instance {id}")
            : TypedResults.Ok(GreenhouseTestStatus.Describe(interview, options.Value.PublicBaseUrl));
    }

    /// <summary>Greenhouse found one of our answers malformed. Nothing to do but make it loud in the logs.</summary>
    private static Ok<GreenhouseAcknowledgement> ResponseError(GreenhouseResponseError report, ILoggerFactory loggers)
    {
        loggers.CreateLogger(typeof(GreenhouseApi)).LogWarning(
            "Greenhouse rejected our {ApiCall} answer (test {PartnerTestId}, interview {PartnerInterviewId}): {Errors}",
            report.ApiCall, report.PartnerTestId, report.PartnerInterviewId, string.Join("; ", report.Errors ?? []));
        return TypedResults.Ok(new GreenhouseAcknowledgement(StatusCodes.Status200OK));
    }

    private static void Validate(GreenhouseSendTestRequest request, bool allowPrivateNetworks)
    {
        var errors = new FieldErrors().RequireText("partner_test_id", request.PartnerTestId, 100).RequireText("url", request.Url, 2000);
        if (!string.IsNullOrWhiteSpace(request.Url) && GreenhouseCallbackUrl.Problem(request.Url.Trim(), allowPrivateNetworks) is { } problem)
        {
            errors.Add("url", $"The field 'url' {problem}.");
        }
        if (request.Candidate is not { } candidate)
        {
            errors.Add("candidate", "The field 'candidate' is required.").ThrowIfAny();
            return;
        }
        errors.RequireText("candidate.first_name", candidate.FirstName, 100)
            .RequireText("candidate.last_name", candidate.LastName, 100)
            .RequireText("candidate.email", candidate.Email, 320)
            .OptionalText("candidate.phone_number", candidate.PhoneNumber, 50)
            .OptionalText("candidate.resume_url", candidate.ResumeUrl, 2000)
            .OptionalText("candidate.greenhouse_profile_url", candidate.GreenhouseProfileUrl, 2000)
            .ThrowIfAny();
    }

    private static async Task<Guid?> FindByCallbackAsync(CandorDbContext db, string callbackUrl, CancellationToken cancellationToken) =>
        await db.GreenhouseAssessments.AsNoTracking().Where(a => a.CallbackUrl == callbackUrl)
            .Select(a => (Guid?)a.InterviewId).FirstOrDefaultAsync(cancellationToken);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>response_error's documented answer: <c>{"status": 200}</c>.</summary>
public sealed record GreenhouseAcknowledgement(int Status);
