namespace Candor.Web.Features.RateLimits;

/// <summary>
/// Settings under "Candor:RateLimits". Limits are per node: with N nodes behind a load balancer a
/// client can get up to N times these figures, so divide by the node count if you need a global cap.
/// </summary>
public sealed class RateLimitOptions
{
    public const string Section = "Candor:RateLimits";

    /// <summary>Requests a minute per API key, on every /api route it authenticates.</summary>
    public int ApiKeyPerMinute { get; set; } = 600;

    /// <summary>Requests a minute per candidate session token, on /api/v1/sessions/{token}/*.</summary>
    public int SessionPerMinute { get; set; } = 60;

    /// <summary>Requests a minute per client IP for /api calls without a valid key (guessing keys, typos).</summary>
    public int IpPerMinute { get; set; } = 120;
}
