using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Diagnostics;

namespace Candor.Web.Features.Idempotency;

/// <summary>
/// Idempotency-Key (IETF draft) for POSTs of the integration API, i.e. those authenticated by an API
/// key. The first request with a key claims it and its result is stored for 24 h; a retry with the
/// same body replays it (Idempotent-Replayed: true); a different body is 422; a retry while the first
/// still runs is 409. Failures worth retrying (5xx, 429, exceptions) give the key back.
/// </summary>
public sealed class IdempotencyMiddleware(RequestDelegate next, IdempotencyStore store, ILogger<IdempotencyMiddleware> logger)
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

        var key = ParseKey(header);
        var fingerprint = await FingerprintAsync(context.Request, context.RequestAborted);
        // Two rounds at most: a key released (or cleaned up) between our claim and our read is simply claimed again.
        for (var round = 0; round < 2; round++)
        {
            if (await store.TryClaimAsync(apiKeyId, key, fingerprint, context.RequestAborted))
            {
                await RunAndStoreAsync(context, apiKeyId, key);
                return;
            }
            if (await store.FindAsync(apiKeyId, key, context.RequestAborted) is not { } earlier)
            {
                continue;
            }
            if (earlier.Fingerprint != fingerprint)
            {
                throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Idempotency key reused",
                    "This Idempotency-Key was already used with a different request (method, path or body). Use a new key for a new request.",
                    "idempotency_key_reused");
            }
            if (earlier.Response is { } response)
            {
                await ReplayAsync(context, response);
                return;
            }
            break;
        }
        throw new ApiProblemException(StatusCodes.Status409Conflict, "Request in progress",
            "A request with this Idempotency-Key is still being processed. Retry shortly to get its result.",
            "idempotency_key_in_progress") { RetryAfter = TimeSpan.FromSeconds(1) };
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

    private async Task RunAndStoreAsync(HttpContext context, Guid apiKeyId, string key)
    {
        var realBody = context.Response.Body;
        using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        var kept = false;
        try
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

            var status = context.Response.StatusCode;
            if (status < 500 && status != StatusCodes.Status429TooManyRequests)
            {
                var response = new StoredResponse(status, context.Response.ContentType, context.Response.Headers.Location.ToString() is { Length: > 0 } location ? location : null,
                    Redact(context, buffer.ToArray()));
                try
                {
                    await store.CompleteAsync(apiKeyId, key, response, CancellationToken.None);
                    kept = true;
                }
                catch (Exception ex)
                {
                    // The work is done; answer it. Retries see 409 until the in-progress timeout, never a second run before.
                    kept = true;
                    logger.LogError(ex, "Could not store the result for Idempotency-Key {Key}", key);
                }
            }
        }
        finally
        {
            context.Response.Body = realBody;
            if (!kept)
            {
                await store.ReleaseAsync(apiKeyId, key, CancellationToken.None);
            }
        }
        buffer.Position = 0;
        await buffer.CopyToAsync(realBody, context.RequestAborted);
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
            || JsonNode.Parse(body) is not JsonObject json || !json.ContainsKey(redact.Field))
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
