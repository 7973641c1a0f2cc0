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

    /// <summary>Requests a minute per candidate session token, on /api/v1/sessions/{token}/* and the /i/{token} pages, for tokens that exist.</summary>
    public int SessionPerMinute { get; set; } = 60;

    /// <summary>
    /// Requests a minute per room member on /api/v1/rooms/*: a candidate by their room token (once it is known to exist),
    /// an interviewer by their sign-in. The editor pushes each change (up to 150 a minute while typing) and both sides
    /// poll, so this is an API key's figure rather than an interview session's.
    /// </summary>
    public int RoomMemberPerMinute { get; set; } = 600;

    /// <summary>
    /// Requests a minute per client IP for /api calls without a valid key (guessing keys, typos), candidate
    /// links whose token does not exist (guessing tokens) and shared-report links (/r/{token}).
    /// </summary>
    public int IpPerMinute { get; set; } = 120;

    /// <summary>Failed log-ins per client IP in <see cref="LoginFailureWindow"/>, across all accounts (password spraying).</summary>
    public int LoginFailuresPerIp { get; set; } = 20;

    public TimeSpan LoginFailureWindow { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>Sign-up attempts per client IP in <see cref="SignupWindow"/> (mass sign-ups).</summary>
    public int SignupsPerIp { get; set; } = 10;

    public TimeSpan SignupWindow { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Password-reset requests per client IP in <see cref="PasswordResetWindow"/>.</summary>
    public int PasswordResetsPerIp { get; set; } = 10;

    /// <summary>Reset mails to one address in <see cref="PasswordResetWindow"/>; further requests are dropped silently (the page reads the same).</summary>
    public int PasswordResetMailsPerAddress { get; set; } = 3;

    public TimeSpan PasswordResetWindow { get; set; } = TimeSpan.FromMinutes(15);
}
