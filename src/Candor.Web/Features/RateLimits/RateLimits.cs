using System.Net;
using System.Threading.RateLimiting;
using Candor.Web.Data;
using Candor.Web.Features.Accounts;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Features.Rooms;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.RateLimits;

/// <summary>Which limit a request counts against: the policy name sent in the headers, its partition, its size and its window.</summary>
public sealed record RateLimitTarget(string Policy, string Partition, int Limit, TimeSpan Window)
{
    /// <summary>The client's address as the partition key of per-IP limits.</summary>
    public static string AddressOf(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";
}

/// <summary>
/// Every limit's fixed windows, keyed by partition (policy-prefixed, so limits never share one). Partitions live in
/// memory and are dropped once their window has been idle a while.
/// </summary>
public sealed class WindowedLimits(TimeProvider clock) : IDisposable
{
    private readonly PartitionedRateLimiter<RateLimitTarget> _limiter = PartitionedRateLimiter.Create<RateLimitTarget, string>(target =>
        RateLimitPartition.Get(target.Partition, _ => new FixedWindowLimiter(target.Limit, target.Window, clock)));

    /// <summary>Takes one permit, if one is left.</summary>
    public WindowLease Acquire(RateLimitTarget target) => (WindowLease)_limiter.AttemptAcquire(target);

    /// <summary>Whether a permit is left, taking none (a spent window's lease says when it reopens).</summary>
    public WindowLease Peek(RateLimitTarget target) => (WindowLease)_limiter.AttemptAcquire(target, 0);

    public void Dispose() => _limiter.Dispose();
}

/// <summary>
/// Per-node fixed-window limits: per API key (however the key is presented: X-Api-Key, Bearer or Greenhouse's
/// HTTP Basic), per candidate session token, and per IP for requests without a valid key. A candidate token gets its own budget only once it is known to exist; until then
/// (and for made-up tokens) it spends the address's budget, so guessing tokens is limited like guessing keys
/// and costs neither a database lookup past the budget nor a limiter partition per guess. Every limited
/// response carries the IETF RateLimit-Policy and RateLimit headers; a rejection is a 429 naming the limit,
/// with Retry-After.
/// </summary>
public sealed class ApiRateLimiter : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    /// <summary>How long a token seen to exist stays known to this node without another lookup.</summary>
    private static readonly TimeSpan KnownTokenLifetime = TimeSpan.FromMinutes(30);

    private readonly IOptionsMonitor<RateLimitOptions> _options;
    private readonly WindowedLimits _limits;
    // Hashes of candidate tokens that exist; only real tokens get in, so it grows with real candidates, not with guesses.
    private readonly MemoryCache _knownTokens = new(new MemoryCacheOptions { SizeLimit = 200_000 });

    public ApiRateLimiter(IOptionsMonitor<RateLimitOptions> options, WindowedLimits limits)
    {
        _options = options;
        _limits = limits;
    }

    /// <summary>
    /// The limit this request counts against and the outcome, or null when it is not limited here. Options are read
    /// per request (not at start-up), so configuration set by a test host or a reload applies.
    /// </summary>
    public async ValueTask<(RateLimitTarget Target, WindowLease Lease)?> AcquireAsync(HttpContext context)
    {
        var options = _options.CurrentValue;
        var path = context.Request.Path;
        var address = new RateLimitTarget("ip", $"ip:{RateLimitTarget.AddressOf(context)}", options.IpPerMinute, Window);
        if (CandidateTokenOf(path) is { } token)
        {
            var hash = ApiKeySecrets.Hash(token);
            var session = new RateLimitTarget("session", $"session:{hash}", options.SessionPerMinute, Window);
            return await ByTokenAsync(context, hash, session, address, SessionExistsAsync);
        }
        // A room's members (the candidate's editor pushes every change, and both sides poll) have budgets of their own:
        // the candidate by their room token, once it is known to exist; an interviewer by their sign-in.
        if (path.StartsWithSegments("/api/v1/rooms", StringComparison.OrdinalIgnoreCase))
        {
            if (RoomAccess.RoomToken(context.Request) is { } roomToken)
            {
                var hash = ApiKeySecrets.Hash(roomToken);
                var member = new RateLimitTarget("room", $"room:{hash}", options.RoomMemberPerMinute, Window);
                return await ByTokenAsync(context, hash, member, address, RoomMemberExistsAsync);
            }
            if (context.Request.Cookies.ContainsKey(AccountsServices.AuthCookieName)
                && (await context.AuthenticateAsync(IdentityConstants.ApplicationScheme)).Principal?.UserId() is { } userId)
            {
                var user = new RateLimitTarget("user", $"user:{userId}", options.RoomMemberPerMinute, Window);
                return (user, _limits.Acquire(user));
            }
        }
        // Shared reports are opened by a few people each; their tokens are only ever guessed in bulk.
        if (path.StartsWithSegments("/r", StringComparison.OrdinalIgnoreCase))
        {
            return (address, _limits.Acquire(address));
        }
        if (!path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        if (await ApiKeyIdAsync(context) is { } keyId)
        {
            var key = new RateLimitTarget("api_key", $"api_key:{keyId}", options.ApiKeyPerMinute, Window);
            return (key, _limits.Acquire(key));
        }
        return (address, _limits.Acquire(address));
    }

    /// <summary>
    /// The token's own budget once the token (by its <paramref name="hash"/>) is known to exist; until then (and for
    /// made-up tokens) the address's, and once that is spent, a refusal before any lookup.
    /// </summary>
    private async ValueTask<(RateLimitTarget, WindowLease)> ByTokenAsync(
        HttpContext context, string hash, RateLimitTarget own, RateLimitTarget address, Func<HttpContext, string, Task<bool>> exists)
    {
        if (_knownTokens.TryGetValue(hash, out _))
        {
            return (own, _limits.Acquire(own));
        }
        // A spent address is refused before the lookup: guesses past the budget never reach the database.
        if (_limits.Peek(address) is { IsAcquired: false } spent)
        {
            return (address, spent);
        }
        if (await exists(context, hash))
        {
            _knownTokens.Set(hash, true, new MemoryCacheEntryOptions { Size = 1, SlidingExpiration = KnownTokenLifetime });
            return (own, _limits.Acquire(own));
        }
        return (address, _limits.Acquire(address));
    }

    /// <summary>The token of a candidate's API route (/api/v1/sessions/{token}/…) or page (/i/{token}/…).</summary>
    private static string? CandidateTokenOf(PathString path) =>
        (path.StartsWithSegments("/api/v1/sessions", StringComparison.OrdinalIgnoreCase, out var rest)
            || path.StartsWithSegments("/i", StringComparison.OrdinalIgnoreCase, out rest))
        && rest.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) is [var token, ..]
            ? token
            : null;

    /// <summary>
    /// The id of the API key the request authenticates with, or null. UseAuthentication ran only the default scheme
    /// (X-Api-Key / Bearer); an endpoint that takes its key another way (Greenhouse's HTTP Basic) is authenticated here
    /// with the schemes its authorization names, so its calls count against that key rather than against the caller's
    /// IP, which Greenhouse shares among all of its customers. A handler authenticates once per request and keeps the
    /// result, so authorization does not look the key up again.
    /// </summary>
    private static async Task<string?> ApiKeyIdAsync(HttpContext context)
    {
        if (context.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value is { } keyId)
        {
            return keyId;
        }
        var metadata = context.GetEndpoint()?.Metadata;
        if (metadata is null)
        {
            return null;
        }
        var schemes = metadata.GetOrderedMetadata<AuthorizationPolicy>().SelectMany(policy => policy.AuthenticationSchemes)
            .Concat(metadata.GetOrderedMetadata<IAuthorizeData>().SelectMany(data =>
                data.AuthenticationSchemes?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) ?? []));
        foreach (var scheme in schemes.Distinct(StringComparer.Ordinal))
        {
            var result = await context.AuthenticateAsync(scheme);
            if (result.Principal?.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value is { } found)
            {
                return found;
            }
        }
        return null;
    }

    private static Task<bool> SessionExistsAsync(HttpContext context, string hash) =>
        context.RequestServices.GetRequiredService<CandorDbContext>().Interviews.IgnoreQueryFilters().AsNoTracking()
            .AnyAsync(i => i.TokenHash == hash, context.RequestAborted);

    private static Task<bool> RoomMemberExistsAsync(HttpContext context, string hash) =>
        context.RequestServices.GetRequiredService<CandorDbContext>().Set<RoomMember>().IgnoreQueryFilters().AsNoTracking()
            .AnyAsync(m => m.TokenHash == hash, context.RequestAborted);

    public void Dispose() => _knownTokens.Dispose();
}

public sealed class RateLimitMiddleware(RequestDelegate next, ApiRateLimiter limiter, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (await limiter.AcquireAsync(context) is not var (target, lease))
        {
            await next(context);
            return;
        }

        using var _ = lease;
        var policy = $"\"{target.Policy}\";q={target.Limit};w={(int)target.Window.TotalSeconds}";
        var resetSeconds = Math.Max(1, (long)Math.Ceiling(lease.ResetAfter.TotalSeconds));
        var state = $"\"{target.Policy}\";r={lease.Remaining};t={resetSeconds}";
        if (lease.IsAcquired)
        {
            // On starting, not now: an exception handler clears headers set before it runs.
            context.Response.OnStarting(() =>
            {
                context.Response.Headers["RateLimit-Policy"] = policy;
                context.Response.Headers["RateLimit"] = state;
                return Task.CompletedTask;
            });
            await next(context);
            return;
        }

        context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        context.Response.Headers.RetryAfter = resetSeconds.ToString();
        context.Response.Headers["RateLimit-Policy"] = policy;
        context.Response.Headers["RateLimit"] = state;
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            // A page: a person reads this, not a client library.
            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(TooManyRequestsPage(resetSeconds), context.RequestAborted);
            return;
        }
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = new ProblemDetails
            {
                Status = StatusCodes.Status429TooManyRequests,
                Title = "Too many requests",
                Detail = $"{Describe(target.Policy)} is limited to {target.Limit} requests a minute. Retry after {resetSeconds} s.",
                Extensions =
                {
                    ["code"] = "rate_limited",
                    ["limit"] = target.Policy,
                    ["limit_per_minute"] = target.Limit,
                    ["retry_after_seconds"] = resetSeconds,
                },
            },
        });
    }

    private static string Describe(string policy) => policy switch
    {
        "api_key" => "This API key",
        "session" => "This interview session",
        "room" => "Your place in this room",
        "user" => "Your account",
        _ => "Unauthenticated traffic from your address",
    };

    private static string TooManyRequestsPage(long retryAfterSeconds) => $"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8" /><meta name="viewport" content="width=device-width, initial-scale=1" /><title>Too many requests · Candor</title></head>
        <body>
        <main>
        <h1>Too many requests</h1>
        <p>This page was opened too often from your network in a short time. Please wait {WebUtility.HtmlEncode(retryAfterSeconds.ToString())} seconds, then reload it.</p>
        </main>
        </body>
        </html>
        """;
}

public static class RateLimitServices
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        services.AddSingleton<WindowedLimits>();
        services.AddSingleton<ApiRateLimiter>();
        services.AddSingleton<AccountThrottle>();
        return services;
    }

    /// <summary>After UseAuthentication (API keys are partitioned by key id), before UseAuthorization.</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) => app.UseMiddleware<RateLimitMiddleware>();
}
