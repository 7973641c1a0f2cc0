using Microsoft.Extensions.Options;

namespace Candor.Web.Features.RateLimits;

/// <summary>
/// Limits on the account pages, which have no API key to count against: failed log-ins per address across all
/// accounts (password spraying; the per-account lockout alone lets one address try every account), sign-ups per
/// address, and password resets per address and per target mailbox. A refusal sets 429 with Retry-After on the
/// response and tells the page how long to ask the person to wait.
/// </summary>
public sealed class AccountThrottle(WindowedLimits limits, IOptionsMonitor<RateLimitOptions> options)
{
    /// <summary>Null while this address may try to log in; otherwise how long until it may. Takes nothing: only failures count.</summary>
    public TimeSpan? LoginRefusal(HttpContext context) => Refuse(context, limits.Peek(LoginFailures(context)));

    public void LoginFailed(HttpContext context) => limits.Acquire(LoginFailures(context)).Dispose();

    /// <summary>Counts a sign-up attempt; null when allowed, otherwise how long until the next is.</summary>
    public TimeSpan? SignupRefusal(HttpContext context)
    {
        var current = options.CurrentValue;
        return Refuse(context, limits.Acquire(new("signup", $"signup:{RateLimitTarget.AddressOf(context)}", current.SignupsPerIp, current.SignupWindow)));
    }

    /// <summary>Counts a password-reset request from this address; null when allowed, otherwise how long until the next is.</summary>
    public TimeSpan? PasswordResetRefusal(HttpContext context)
    {
        var current = options.CurrentValue;
        return Refuse(context, limits.Acquire(new("password_reset", $"password_reset:{RateLimitTarget.AddressOf(context)}", current.PasswordResetsPerIp, current.PasswordResetWindow)));
    }

    /// <summary>
    /// Whether another reset mail may go to <paramref name="email"/> now. Past the limit the request is dropped
    /// silently, so a stranger can neither flood a mailbox nor learn from the answer whether the account exists.
    /// </summary>
    public bool MaySendPasswordResetMail(string email)
    {
        var current = options.CurrentValue;
        using var lease = limits.Acquire(new("password_reset_mail", $"password_reset_mail:{email.Trim().ToUpperInvariant()}",
            current.PasswordResetMailsPerAddress, current.PasswordResetWindow));
        return lease.IsAcquired;
    }

    /// <summary>"5 minutes", "1 minute": how a page words the wait.</summary>
    public static string Describe(TimeSpan wait)
    {
        var minutes = Math.Max(1, (int)Math.Ceiling(wait.TotalMinutes));
        return minutes == 1 ? "1 minute" : $"{minutes} minutes";
    }

    private RateLimitTarget LoginFailures(HttpContext context)
    {
        var current = options.CurrentValue;
        return new("login_failures", $"login_failures:{RateLimitTarget.AddressOf(context)}", current.LoginFailuresPerIp, current.LoginFailureWindow);
    }

    private static TimeSpan? Refuse(HttpContext context, WindowLease lease)
    {
        using (lease)
        {
            if (lease.IsAcquired)
            {
                return null;
            }
            context.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            context.Response.Headers.RetryAfter = Math.Max(1, (long)Math.Ceiling(lease.ResetAfter.TotalSeconds)).ToString();
            return lease.ResetAfter;
        }
    }
}
