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
/// API key as the HTTP Basic user name; errors are the 401 and 404 Greenhouse documents (400 for a malformed body).
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

    /// <summary>
    /// Schedules an interview and e-mails the candidate their link (the invitation every Candor interview gets, queued in
    /// the same transaction), as Greenhouse expects of a partner. A repeat for the same Greenhouse url answers with the
    /// same interview and sends nothing more.
    /// </summary>
    private static async Task<Ok<GreenhouseSendTestResponse>> SendTest(
        GreenhouseSendTestRequest request, HttpContext http, InterviewInvitations invitations, CandorDbContext db,
        SecretProtector secrets, [FromKeyedServices(OutboundUrlGuard.WebhooksKey)] OutboundUrlGuard guard, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        await ValidateAsync(request, guard, cancellationToken);
        var callbackUrl = request.Url!.Trim();
        var candidate = request.Candidate!;

        if (await FindByCallbackAsync(db, callbackUrl, cancellationToken) is { } existing)
        {
            return TypedResults.Ok(new GreenhouseSendTestResponse(existing.ToString()));
        }
        var testId = request.PartnerTestId!.Trim();
        // list_tests offers only jobs with questions; anything else is no test of this organisation (404, Greenhouse's "not found").
        if (!Guid.TryParse(testId, out var jobId) || !await db.Jobs.AnyAsync(j => j.Id == jobId && j.Questions.Any(), cancellationToken))
        {
            throw ApiProblemException.NotFound($"Test {testId}");
        }

        var firstName = candidate.FirstName!.Trim();
        var lastName = candidate.LastName!.Trim();
        var preferredName = Blank(candidate.PreferredName);
        // The key this request was authenticated with: the completion PATCH must present it back to Greenhouse.
        var greenhouseKey = GreenhouseBasicAuthenticationHandler.PresentedKey(http.Request)!;
        var greenhouseKeyId = Guid.Parse(http.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)!.Value);
        // Retake: a test sent from Greenhouse is the recruiter's explicit order (each with its own callback URL), and
        // Greenhouse has no way to answer a "this candidate was already interviewed" warning.
        var schedule = new ScheduleInterviewRequest(jobId, new CandidateInput($"{preferredName ?? firstName} {lastName}", candidate.Email), null, null, Retake: true);
        try
        {
            var scheduled = await invitations.ScheduleAsync(schedule, interview => db.GreenhouseAssessments.Add(new GreenhouseAssessment
            {
                InterviewId = interview.Id,
                PartnerTestId = testId,
                CallbackUrl = callbackUrl,
                Candidate = new GreenhouseCandidate(firstName, lastName, candidate.Email!.Trim(),
                    Blank(candidate.PhoneNumber), Blank(candidate.ResumeUrl), Blank(candidate.GreenhouseProfileUrl), preferredName),
                SentBy = Blank(request.SentBy),
                ApiKeyId = greenhouseKeyId,
                ApiKeyEncrypted = secrets.Protect(greenhouseKey, interview.Id),
                Status = GreenhouseCallbackStatus.Sent,
                CreatedAt = clock.GetUtcNow(),
            }), cancellationToken);
            return TypedResults.Ok(new GreenhouseSendTestResponse(scheduled.Interview.Id.ToString()));
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Greenhouse retried while the first request was still being written; that one won (with the only invitation,
            // and the only count against the quota): everything of this attempt was rolled back.
            var winner = await FindByCallbackAsync(db, callbackUrl, cancellationToken) ?? throw new InvalidOperationException("Lost the send_test race and found no winner.", ex);
            return TypedResults.Ok(new GreenhouseSendTestResponse(winner.ToString()));
        }
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

    private static async Task ValidateAsync(GreenhouseSendTestRequest request, OutboundUrlGuard guard, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors().RequireText("partner_test_id", request.PartnerTestId, 100).RequireText("url", request.Url, 2000)
            .OptionalText("sent_by", request.SentBy, 320);
        // The SSRF guard: the PATCH later goes wherever this URL points, with the organisation's Greenhouse key.
        if (!string.IsNullOrWhiteSpace(request.Url) && request.Url.Length <= 2000 && await guard.ProblemAsync(request.Url.Trim(), cancellationToken) is { } problem)
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
            .OptionalText("candidate.preferred_name", candidate.PreferredName, 100)
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
