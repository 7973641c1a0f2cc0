using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Infrastructure;
using Candor.Web.Jobs;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Candor.Web.Features.Greenhouse;

/// <summary>
/// Tells Greenhouse a test is over: an empty PATCH to the url it gave in send_test, authenticated as Greenhouse's
/// documentation shows (the organisation's Greenhouse key as the Basic user name, a blank password), after which
/// Greenhouse fetches test_status. Sent when the report is ready, and when the test expired or was cancelled.
/// A transient failure (network, timeout, 429, 5xx) throws, so the job queue retries with backoff; a permanent
/// one (a 4xx such as 401 or 404) parks the job as dead at once. The assessment row records each attempt either way.
/// </summary>
public sealed class GreenhouseCallbackJob(
    CandorDbContext db,
    IHttpClientFactory httpClients,
    SecretProtector secrets,
    TimeProvider clock,
    ILogger<GreenhouseCallbackJob> logger) : IJobHandler
{
    public const string JobKind = "greenhouse_callback";
    public const string HttpClientName = "greenhouse";

    /// <summary>With the queue's backoff capped at 10 minutes, about an hour and a half of trying.</summary>
    public const int MaxAttempts = 15;

    public sealed record Payload(Guid InterviewId);

    /// <summary>
    /// Called where an interview's result becomes final (report ready, cancelled), inside that transaction: when
    /// Greenhouse ordered this interview, queue the notice so it commits (or not) with the change.
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

    /// <summary>The same for the sweeper's bulk expiry (raw SQL): on the caller's connection and transaction.</summary>
    public static async Task EnqueueForExpiredAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyCollection<Guid> interviewIds, CancellationToken cancellationToken)
    {
        if (interviewIds.Count == 0)
        {
            return;
        }
        await using var command = new NpgsqlCommand("""
            WITH ordered AS (
                UPDATE greenhouse_assessments SET status = 'callback_queued'
                 WHERE interview_id = ANY($1) AND status = 'sent'
                RETURNING interview_id, organization_id)
            INSERT INTO background_jobs (kind, payload, organization_id, max_attempts)
            SELECT $2, jsonb_build_object('interview_id', interview_id), organization_id, $3 FROM ordered
            """, connection, transaction);
        command.Parameters.AddWithValue(interviewIds.ToArray());
        command.Parameters.AddWithValue(JobKind);
        command.Parameters.AddWithValue(MaxAttempts);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task HandleAsync(JsonElement payload, CancellationToken cancellationToken)
    {
        var interviewId = payload.Deserialize<Payload>(CandorJson.Options)!.InterviewId;
        var assessment = await db.GreenhouseAssessments.FirstOrDefaultAsync(a => a.InterviewId == interviewId, cancellationToken);
        if (assessment is null || assessment.Status == GreenhouseCallbackStatus.CallbackDelivered)
        {
            return; // Deleted, or a replay of a notice Greenhouse already has.
        }

        assessment.CallbackAttempts++;
        assessment.LastCallbackAt = clock.GetUtcNow();
        try
        {
            await PatchAsync(assessment, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            assessment.Status = GreenhouseCallbackStatus.CallbackFailed;
            assessment.LastError = ex.Message.Length > 1000 ? ex.Message[..1000] : ex.Message;
            await db.SaveChangesAsync(CancellationToken.None);
            if (ex is PermanentJobFailureException)
            {
                logger.LogError("Greenhouse callback for interview {InterviewId} failed permanently (attempt {Attempt}), not retrying: {Error}",
                    interviewId, assessment.CallbackAttempts, assessment.LastError);
            }
            else
            {
                logger.LogWarning("Greenhouse callback for interview {InterviewId} failed (attempt {Attempt}), will retry: {Error}",
                    interviewId, assessment.CallbackAttempts, assessment.LastError);
            }
            throw;
        }

        assessment.Status = GreenhouseCallbackStatus.CallbackDelivered;
        assessment.LastError = null;
        await db.SaveChangesAsync(CancellationToken.None);
        logger.LogInformation("Greenhouse notified that interview {InterviewId} is over", interviewId);
    }

    private async Task PatchAsync(GreenhouseAssessment assessment, CancellationToken cancellationToken)
    {
        // The form is checked again (the row may predate a tightened rule); the address is judged at connect time.
        if (OutboundUrlGuard.FormProblem(assessment.CallbackUrl, out _) is { } problem)
        {
            throw new PermanentJobFailureException($"The callback url {problem}.");
        }
        var key = await GreenhouseKeyAsync(assessment, cancellationToken) ?? throw new PermanentJobFailureException(
            "No working Greenhouse key for this test: the API key Greenhouse sent it with is revoked or expired (or was never recorded), "
            + "and Greenhouse has not sent a test with its replacement yet. Replay this job once it has.");

        // "No parameters are necessary with this request": no body, and so no Content-Type either.
        using var request = new HttpRequestMessage(HttpMethod.Patch, assessment.CallbackUrl);
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{key}:")));
        using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return;
        }
        // The status line only: the error becomes the job's last_error, which the organisation can read, and a
        // receiver's body is not ours to reflect.
        var answer = $"Greenhouse answered HTTP {(int)response.StatusCode}.";
        throw IsPermanent(response.StatusCode)
            ? new PermanentJobFailureException($"{answer} (a permanent refusal: not retried; replay the job once the cause is fixed)")
            : new HttpRequestException(answer, null, response.StatusCode);
    }

    /// <summary>A 4xx other than timeout (408), conflict (409), too early (425) and rate limit (429) will not change by asking again.</summary>
    internal static bool IsPermanent(HttpStatusCode status) =>
        (int)status is >= 400 and < 500 and not (408 or 409 or 425 or 429);

    /// <summary>
    /// The key this test was sent with, decrypted. After the customer rotates it, Greenhouse is given the new key and
    /// sends tests with that one: follow the rotation to the key that works now and take it from the newest test that
    /// carried it. A test sent before Candor kept keys starts from the organisation's newest recorded one. Null when
    /// there is none.
    /// </summary>
    private async Task<string?> GreenhouseKeyAsync(GreenhouseAssessment assessment, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var keyId = assessment.ApiKeyId ?? await db.GreenhouseAssessments.AsNoTracking()
            .Where(a => a.ApiKeyId != null && a.ApiKeyEncrypted != null)
            .OrderByDescending(a => a.CreatedAt).Select(a => a.ApiKeyId).FirstOrDefaultAsync(cancellationToken);
        for (var hops = 0; keyId is { } id && hops < 10; hops++)
        {
            var key = await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
            if (key is null)
            {
                return null;
            }
            if (!key.IsActiveAt(now))
            {
                keyId = key.ReplacedById;
                continue;
            }
            if (id == assessment.ApiKeyId && assessment.ApiKeyEncrypted is { } own)
            {
                return secrets.Unprotect(own, assessment.InterviewId);
            }
            var carrier = await db.GreenhouseAssessments.AsNoTracking()
                .Where(a => a.ApiKeyId == id && a.ApiKeyEncrypted != null)
                .OrderByDescending(a => a.CreatedAt)
                .Select(a => new { a.InterviewId, a.ApiKeyEncrypted })
                .FirstOrDefaultAsync(cancellationToken);
            return carrier is null ? null : secrets.Unprotect(carrier.ApiKeyEncrypted!, carrier.InterviewId);
        }
        return null;
    }
}
