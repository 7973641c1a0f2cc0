using System.Text.RegularExpressions;

namespace Candor.Web.Tests.Features.Accounts;

public sealed partial class PasswordResetTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    private const string NewPassword = "a brand new passphrase";

    [Fact]
    public async Task A_reset_link_by_e_mail_sets_a_new_password_and_the_old_one_stops_working()
    {
        var (_, email) = await app.SignUpAsync();
        var session = new PageSession(app);

        var answer = await session.SubmitExpectingPageAsync("/forgot-password", "forgot", new Dictionary<string, string> { ["Input.Email"] = email });
        answer.ShouldContain("If an account exists for that e-mail");

        var body = await app.WaitForMailAsync(email, "Reset your Candor password");
        var link = new Uri(LinkPattern().Match(body).Value);
        link.GetLeftPart(UriPartial.Authority).ShouldBe("http://candor.test");

        (await session.SubmitExpectingRedirectAsync(link.PathAndQuery, "reset", new Dictionary<string, string> { ["Input.Password"] = NewPassword }))
            .ShouldBe("/login?reset=done");

        var old = await new PageSession(app).SubmitExpectingPageAsync("/login", "login",
            new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AccountsApp.Password });
        old.ShouldContain("Invalid e-mail or password.");
        await new PageSession(app).LogInAsync(email, NewPassword);

        // A link works once: the password change retired its token.
        var again = await session.SubmitExpectingPageAsync(link.PathAndQuery, "reset", new Dictionary<string, string> { ["Input.Password"] = "yet another passphrase" });
        again.ShouldContain("invalid or has expired");
    }

    [Fact]
    public async Task An_unknown_e_mail_gets_the_same_answer_and_no_mail()
    {
        var session = new PageSession(app);
        var email = $"nobody-{Guid.NewGuid():N}@example.com";
        var answer = await session.SubmitExpectingPageAsync("/forgot-password", "forgot", new Dictionary<string, string> { ["Input.Email"] = email });
        answer.ShouldContain("If an account exists for that e-mail");
        (await app.MailsQueuedToAsync(email)).ShouldBe(0);
    }

    [Fact]
    public async Task A_forged_token_is_refused()
    {
        var (_, email) = await app.SignUpAsync();
        var html = await new PageSession(app).SubmitExpectingPageAsync($"/reset-password?email={Uri.EscapeDataString(email)}&token=Zm9yZ2Vk", "reset",
            new Dictionary<string, string> { ["Input.Password"] = NewPassword });
        html.ShouldContain("invalid or has expired");
    }

    [Fact]
    public async Task The_outbox_shows_an_Admin_their_organisations_mail_only()
    {
        var (adminA, emailA) = await app.SignUpAsync("Outbox A");
        var (adminB, _) = await app.SignUpAsync("Outbox B");
        await new PageSession(app).SubmitExpectingPageAsync("/forgot-password", "forgot", new Dictionary<string, string> { ["Input.Email"] = emailA });
        await app.WaitForMailAsync(emailA, "Reset your Candor password");

        var outboxA = await adminA.GetPageAsync("/dev/outbox");
        outboxA.ShouldContain("Reset your Candor password");
        outboxA.ShouldContain(emailA);
        (await adminB.GetPageAsync("/dev/outbox")).ShouldNotContain(emailA);
    }

    [GeneratedRegex(@"http://\S+/reset-password\?\S+")]
    private static partial Regex LinkPattern();
}
