using System.Net;
using Candor.Web.Data;
using Candor.Web.Tests.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Features.RateLimits;

/// <summary>The account pages with tiny limits. Each test class gets its own app, so their budgets never mix.</summary>
public sealed class ThrottledAccountsApp : AccountsApp
{
    public ThrottledAccountsApp()
    {
        With("Candor:RateLimits:LoginFailuresPerIp", "3");
        With("Candor:RateLimits:SignupsPerIp", "2");
        With("Candor:RateLimits:PasswordResetsPerIp", "4");
        With("Candor:RateLimits:PasswordResetMailsPerAddress", "2");
    }
}

public sealed class LoginThrottleTests(ThrottledAccountsApp app) : IClassFixture<ThrottledAccountsApp>
{
    [Fact]
    public async Task Failed_log_ins_across_accounts_are_limited_per_address()
    {
        var (_, email) = await app.SignUpAsync();
        var session = new PageSession(app);
        // Password spraying: one guess per account stays under every account's lockout, so the address is what counts.
        for (var i = 0; i < 3; i++)
        {
            var wrong = await session.SubmitExpectingPageAsync("/login", "login", new Dictionary<string, string>
            {
                ["Input.Email"] = $"someone-{i}@example.com", ["Input.Password"] = "Summer2026!!",
            });
            wrong.ShouldContain("Invalid e-mail or password.");
        }

        var refused = await session.SubmitAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AccountsApp.Password });
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()).ShouldContain("Too many failed log-in attempts from your network. Try again in 15 minutes.");
        refused.Headers.Location.ShouldBeNull("even the right password is not tried once the address has spent its failures");
    }
}

public sealed class SignupThrottleTests(ThrottledAccountsApp app) : IClassFixture<ThrottledAccountsApp>
{
    [Fact]
    public async Task Sign_ups_are_limited_per_address_and_a_refused_one_writes_nothing()
    {
        await app.SignUpAsync("First");
        await app.SignUpAsync("Second");

        var refused = await new PageSession(app).SubmitAsync("/signup", "signup", new Dictionary<string, string>
        {
            ["Input.OrganizationName"] = "Third Org",
            ["Input.DisplayName"] = "Mass Signer",
            ["Input.Email"] = $"third-{Guid.NewGuid():N}@example.com",
            ["Input.Password"] = AccountsApp.Password,
        });

        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()).ShouldContain("Too many sign-ups from your network. Try again in 60 minutes.");
        await using var scope = app.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<CandorDbContext>().Organizations.AnyAsync(o => o.Name == "Third Org")).ShouldBeFalse();
    }
}

public sealed class PasswordResetThrottleTests(ThrottledAccountsApp app) : IClassFixture<ThrottledAccountsApp>
{
    [Fact]
    public async Task Reset_mails_stop_per_mailbox_silently_and_reset_requests_stop_per_address()
    {
        var (_, target) = await app.SignUpAsync("Target");
        var (_, other) = await app.SignUpAsync("Other");
        var session = new PageSession(app);
        Task<string> AskAsync(string email) =>
            session.SubmitExpectingPageAsync("/forgot-password", "forgot", new Dictionary<string, string> { ["Input.Email"] = email });

        // Three requests for one mailbox: the third reads exactly the same, but sends nothing.
        for (var i = 0; i < 3; i++)
        {
            (await AskAsync(target)).ShouldContain("If an account exists for that e-mail");
        }
        (await app.MailsQueuedToAsync(target)).ShouldBe(2);

        // Another mailbox has its own allowance.
        (await AskAsync(other)).ShouldContain("If an account exists for that e-mail");
        (await app.MailsQueuedToAsync(other)).ShouldBe(1);

        // The address has now asked four times: the fifth is refused outright.
        var refused = await session.SubmitAsync("/forgot-password", "forgot", new Dictionary<string, string> { ["Input.Email"] = other });
        refused.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        refused.Headers.RetryAfter.ShouldNotBeNull();
        WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync()).ShouldContain("Too many reset requests from your network. Try again in 15 minutes.");
        (await app.MailsQueuedToAsync(other)).ShouldBe(1);
    }
}
