using System.Threading.RateLimiting;
using Candor.Web.Features.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.RateLimits;

/// <summary>Which limit a request counts against: the policy name sent in the headers, its partition and its size.</summary>
public sealed record RateLimitTarget(string Policy, string Partition, int Limit);

/// <summary>
/// Per-node fixed-window limits: per API key (however the key is presented: X-Api-Key, Bearer or Greenhouse's
/// HTTP Basic), per candidate session token, and per IP for requests without a valid key. Every limited response
/// carries the IETF RateLimit-Policy and RateLimit headers; a rejection is a 429 problem naming the limit, with Retry-After.
/// </summary>
public sealed class ApiRateLimiter : IDisposable
{
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

    private readonly IOptionsMonitor<RateLimitOptions> _options;
    private readonly PartitionedRateLimiter<RateLimitTarget> _limiter;

    public ApiRateLimiter(IOptionsMonitor<RateLimitOptions> options, TimeProvider clock)
    {
        _options = options;
        // Partitions live in memory and are dropped once their window has been idle a while.
        _limiter = PartitionedRateLimiter.Create<RateLimitTarget, string>(target =>
            RateLimitPartition.Get(target.Partition, _ => new FixedWindowLimiter(target.Limit, Window, clock)));
    }

    /// <summary>Read per request (not at start-up), so configuration set by a test host or a reload applies.</summary>
    public async ValueTask<RateLimitTarget?> TargetOfAsync(HttpContext context)
    {
        var options = _options.CurrentValue;
        if (!context.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }
        if (context.Request.Path.StartsWithSegments("/api/v1/sessions", StringComparison.OrdinalIgnoreCase, out var rest)
            && rest.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) is [var token, ..])
        {
            return new RateLimitTarget("session", $"session:{token}", options.SessionPerMinute);
        }
        if (await ApiKeyIdAsync(context) is { } keyId)
        {
            return new RateLimitTarget("api_key", $"api_key:{keyId}", options.ApiKeyPerMinute);
        }
        return new RateLimitTarget("ip", $"ip:{context.Connection.RemoteIpAddress}", options.IpPerMinute);
    }

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

    public WindowLease Acquire(RateLimitTarget target) => (WindowLease)_limiter.AttemptAcquire(target);

    public void Dispose() => _limiter.Dispose();
}

public sealed class RateLimitMiddleware(RequestDelegate next, ApiRateLimiter limiter, IProblemDetailsService problems)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (await limiter.TargetOfAsync(context) is not { } target)
        {
            await next(context);
            return;
        }

        using var lease = limiter.Acquire(target);
        var policy = $"\"{target.Policy}\";q={target.Limit};w={(int)ApiRateLimiter.Window.TotalSeconds}";
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
        _ => "Unauthenticated traffic from your address",
    };
}

public static class RateLimitServices
{
    public static IServiceCollection AddRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.Section);
        services.AddSingleton<ApiRateLimiter>();
        return services;
    }

    /// <summary>After UseAuthentication (API keys are partitioned by key id), before UseAuthorization.</summary>
    public static IApplicationBuilder UseRateLimits(this IApplicationBuilder app) => app.UseMiddleware<RateLimitMiddleware>();
}
