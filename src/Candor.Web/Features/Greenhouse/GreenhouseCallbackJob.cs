using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Infrastructure;
using Candor.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Greenhouse;

/// <summary>
/// Tells Greenhouse a test is complete: PATCH to the url it gave in send_test, after which Greenhouse
/// fetches test_status. A failure throws, so the job queue retries with backoff and finally parks the
/// job as dead (visible and replayable); the assessment row records each attempt either way.
/// </summary>
public sealed class GreenhouseCallbackJob(
    CandorDbContext db,
    IHttpClientFactory httpClients,
    IOptions<GreenhouseOptions> options,
    IOptions<CandorOptions> candorOptions,
    TimeProvider clock,
    ILogger<GreenhouseCallbackJob> logger) : IJobHandler
{
    public const string JobKind = "greenhouse_callback";
    public const string HttpClientName = "greenhouse";

    /// <summary>With the queue's backoff capped at 10 minutes, about an hour and a half of trying.</summary>
    public const int MaxAttempts = 15;

    public sealed record Payload(Guid InterviewId);

    /// <summary>
    /// Called where the report becomes ready, inside that transaction: when Greenhouse ordered this
    /// interview, queue the notice so it commits (or not) with the report.
    /// </summary>
    public static async Task EnqueueIfOrderedAsync(CandorDbContext db, Interview interview, CancellationToken cancellationToken)
    {
        var assessment = await db.GreenhouseAssessments.FirstOrDefaultAsync(a => a.InterviewId == interview.Id, cancellationToken);
        if (assessment is null)
        {
            return;
        }
        assessment.Status = GreenhouseCallbackStatus.CallbackQueued;
        db.EnqueueJob(JobKind, new Payload(interview.Id), interview.OrganizationId, MaxAttempts);
    }

    public async Task HandleAsync(JsonElement payload, CancellationToken cancellationToken)
    {
        var interviewId = payload.Deserialize<Payload>(CandorJson.Options)!.InterviewId;
        var assessment = await db.GreenhouseAssessments.FirstOrDefaultAsync(a => a.InterviewId == interviewId, cancellationToken);
        if (assessment is null || assessment.Status == GreenhouseCallbackStatus.CallbackDelivered)
        {
            return; // Deleted, or a replay of a notice Greenhouse already has.
        }
        var interview = await db.Interviews.AsNoTracking().Include(i => i.Turns)
            .FirstAsync(i => i.Id == interviewId, cancellationToken);

        assessment.CallbackAttempts++;
        assessment.LastCallbackAt = clock.GetUtcNow();
        try
        {
            await PatchAsync(assessment.CallbackUrl, GreenhouseTestStatus.Describe(interview, candorOptions.Value.PublicBaseUrl), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            assessment.Status = GreenhouseCallbackStatus.CallbackFailed;
            assessment.LastError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
            await db.SaveChangesAsync(CancellationToken.None);
            logger.LogWarning("Greenhouse callback for interview {InterviewId} failed (attempt {Attempt}): {Error}",
                interviewId, assessment.CallbackAttempts, assessment.LastError);
            throw;
        }

        assessment.Status = GreenhouseCallbackStatus.CallbackDelivered;
        assessment.LastError = null;
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation("Greenhouse notified that interview {InterviewId} is complete", interviewId);
    }

    private async Task PatchAsync(string url, GreenhouseTestStatusResponse body, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        // The form is checked again (the row may predate a tightened rule); the address is judged at connect time.
        if (OutboundUrlGuard.FormProblem(url, out _) is { } problem)
        {
            throw new InvalidOperationException($"The callback url {problem}.");
        }
        if (string.IsNullOrWhiteSpace(settings.CallbackUsername))
        {
            throw new InvalidOperationException(
                "Candor:Greenhouse:CallbackUsername is not set, so Greenhouse cannot be told the test is complete; set it and replay this job.");
        }

        // Greenhouse's documented PATCH needs no body; we send the test_status answer anyway so a log or proxy shows the result.
        using var request = new HttpRequestMessage(HttpMethod.Patch, url) { Content = JsonContent.Create(body, options: CandorJson.Options) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{settings.CallbackUsername}:{settings.CallbackPassword}")));
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            // The status line only: the error becomes the job's last_error, which the organisation can read, and a
            // receiver's body is not ours to reflect.
            throw new HttpRequestException($"Greenhouse answered HTTP {(int)response.StatusCode}.", null, response.StatusCode);
        }
    }
}
