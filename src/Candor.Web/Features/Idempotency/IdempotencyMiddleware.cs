using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Candor.Web.Data;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;

namespace Candor.Web.Features.Idempotency;

/// <summary>
/// Idempotency-Key (IETF draft) for POSTs of the integration API, i.e. those authenticated by an API key.
/// The request runs in one database transaction that first claims the key (an advisory lock: a concurrent
/// duplicate gets 409 at once) and finally stores the response, encrypted, beside the request's own work; the
/// handlers join that transaction (<see cref="UnitOfWork.BeginOrJoinTransactionAsync"/>). So the work and its
/// stored result commit together: a retry after a crash before the commit runs exactly once more, a retry after
/// it replays the result (Idempotent-Replayed: true), and nothing can leave a key stuck "in progress".
/// A different body with the same key is 422. Results worth retrying (5xx, 429, exceptions) are rolled back,
/// work included, and leave the key free. Until the handler writes, the transaction holds no row lock, so a
/// handler that calls an AI first (POST /jobs drafts its questions) only keeps one pooled connection meanwhile.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IdempotencyStore store, SecretProtector protector)
{
    public const string HeaderName = "Idempotency-Key";
    public const string ReplayedHeader = "Idempotent-Replayed";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method)
            || !context.Request.Headers.TryGetValue(HeaderName, out var header)
            || ApiKeyIdOf(context) is not { } apiKeyId)
        {
            await next(context);
            return;
        }

        var key = new IdempotencyKey(apiKeyId, ParseKey(header));
        // Responses are stored encrypted: without a key, refuse before doing any work rather than after it.
        protector.EnsureConfigured();
        var fingerprint = await FingerprintAsync(context.Request, context.RequestAborted);
        var db = context.RequestServices.GetRequiredService<CandorDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(context.RequestAborted);
        if (!await store.TryClaimAsync(db, key, context.RequestAborted))
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Request in progress",
                "A request with this Idempotency-Key is still being processed. Retry shortly to get its result.",
                "idempotency_key_in_progress") { RetryAfter = TimeSpan.FromSeconds(1) };
        }
        if (await store.FindAsync(db, key, context.RequestAborted) is { } earlier)
        {
            if (earlier.Fingerprint != fingerprint)
            {
                throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused",
                    "This Idempotency-Key was already used with a different request (method, path or body). Use a new key for a new request.",
                    "idempotency_key_reused");
            }
            await ReplayAsync(context, earlier.Response);
            return;
        }

        var realBody = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await RunAsync(context);
            var status = context.Response.StatusCode;
            if (status < 500 && status != StatusCodes.Status429TooManyRequests)
            {
                var location = context.Response.Headers.Location.ToString();
                var response = new StoredResponse(status, context.Response.ContentType, location.Length > 0 ? location : null, Redact(context, buffer.ToArray()));
                // The work is done: store and commit even if the client has gone, so its retry gets this result.
                await store.SaveAsync(db, key, fingerprint, response, CancellationToken.None);
                await transaction.CommitAsync(CancellationToken.None);
            }
            // Otherwise the transaction rolls back on dispose, the work with it, and a retry runs afresh.
        }
        finally
        {
            context.Response.Body = realBody;
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(realBody, context.RequestAborted);
    }

    private async Task RunAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (!context.RequestAborted.IsCancellationRequested)
        {
            // Render it here, inside the buffer, so a thrown 4xx problem is stored like a returned one.
            if (!await RenderExceptionAsync(context, ex))
            {
                throw;
            }
        }
    }

    /// <summary>Only requests an API key authenticated, on endpoints that require one (candidate session endpoints are anonymous).</summary>
    private static Guid? ApiKeyIdOf(HttpContext context) =>
        context.GetEndpoint() is { } endpoint && endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null
        && Guid.TryParse(context.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value, out var id)
            ? id
            : null;

    private static string ParseKey(Microsoft.Extensions.Primitives.StringValues header)
    {
        // The draft sends the key as a structured-field string ("…"); most clients send it bare. Accept both.
        var raw = header.Count == 1 ? header[0]?.Trim() ?? "" : "";
        var key = raw.Length >= 2 && raw[0] == '"' && raw[^1] == '"' ? raw[1..^1] : raw;
        if (key.Length is 0 or > IdempotencyOptions.MaxKeyLength)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Invalid Idempotency-Key",
                $"Send exactly one Idempotency-Key header of 1 to {IdempotencyOptions.MaxKeyLength} characters, e.g. a UUID.",
                "invalid_idempotency_key");
        }
        return key;
    }

    /// <summary>SHA-256 of method, path and body: the same key must come with the same request.</summary>
    private static async Task<string> FingerprintAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        request.EnableBuffering();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes($"{request.Method}\n{request.Path}{request.QueryString}\n"));
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            hash.AppendData(chunk, 0, read);
        }
        request.Body.Position = 0;
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }

    private static async Task<bool> RenderExceptionAsync(HttpContext context, Exception exception)
    {
        context.Response.Clear();
        foreach (var handler in context.RequestServices.GetServices<IExceptionHandler>())
        {
            if (await handler.TryHandleAsync(context, exception, context.RequestAborted))
            {
                return true;
            }
        }
        return false;
    }

    private static byte[] Redact(HttpContext context, byte[] body)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<IdempotentReplayRedacts>() is not { } redact
            || body.Length == 0 || JsonNode.Parse(body) is not JsonObject json || !json.ContainsKey(redact.Field))
        {
            return body;
        }
        json[redact.Field] = null;
        return Encoding.UTF8.GetBytes(json.ToJsonString());
    }

    private static async Task ReplayAsync(HttpContext context, StoredResponse response)
    {
        context.Response.StatusCode = response.Status;
        context.Response.ContentType = response.ContentType;
        if (response.Location is not null)
        {
            context.Response.Headers.Location = response.Location;
        }
        context.Response.Headers[ReplayedHeader] = "true";
        await context.Response.Body.WriteAsync(response.Body, context.RequestAborted);
    }
}
