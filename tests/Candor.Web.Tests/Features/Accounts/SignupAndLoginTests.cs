using System.Net;
using Candor.Web.Data;
using Candor.Web.Features.Accounts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Features.Accounts;

public sealed class SignupAndLoginTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    [Fact]
    public async Task Sign_up_creates_the_organisation_and_its_Admin_and_lands_on_the_dashboard()
    {
        var (session, email) = await app.SignUpAsync("Globex Hiring");

        var dashboard = await session.GetPageAsync("/app");
        dashboard.ShouldContain("Dashboard");
        dashboard.ShouldContain("Globex Hiring");
        dashboard.ShouldContain("Ada Admin");

        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CandorDbContext>();
        var user = await db.Users.SingleAsync(u => u.Email == email);
        user.Role.ShouldBe(MemberRole.Admin);
        user.PasswordHash.ShouldNotBeNullOrEmpty();
        user.PasswordHash.ShouldNotContain(AccountsApp.Password);
        (await db.Organizations.SingleAsync(o => o.Id == user.OrganizationId)).Name.ShouldBe("Globex Hiring");
    }

    [Fact]
    public async Task Sign_up_explains_each_bad_field_and_writes_nothing()
    {
        var session = new PageSession(app);
        var html = await session.SubmitExpectingPageAsync("/signup", "signup", new Dictionary<string, string>
        {
            ["Input.OrganizationName"] = "",
            ["Input.DisplayName"] = "Bob",
            ["Input.Email"] = "not-an-email",
            ["Input.Password"] = "short",
        });
        html.ShouldContain("Enter your organisation");
        html.ShouldContain("Enter an e-mail address");
        html.ShouldContain("at least 10 characters");
        html.ShouldContain("aria-describedby=\"email-error\"");
        html.ShouldContain("id=\"email-error\"");

        await using var scope = app.Services.CreateAsyncScope();
        (await scope.ServiceProvider.GetRequiredService<CandorDbContext>().Users.AnyAsync(u => u.DisplayName == "Bob")).ShouldBeFalse();
    }

    [Fact]
    public async Task Login_with_a_wrong_password_fails_generically_and_the_right_one_lands_on_the_dashboard()
    {
        var (_, email) = await app.SignUpAsync();
        var session = new PageSession(app);

        var wrong = await session.SubmitExpectingPageAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "wrong password!" });
        wrong.ShouldContain("Invalid e-mail or password.");
        var unknown = await session.SubmitExpectingPageAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = "nobody@example.com", ["Input.Password"] = "wrong password!" });
        unknown.ShouldContain("Invalid e-mail or password.");

        await session.LogInAsync(email, AccountsApp.Password);
        (await session.GetPageAsync("/app")).ShouldContain("Dashboard");
    }

    [Fact]
    public async Task Login_honours_a_local_return_url_and_ignores_a_foreign_one()
    {
        var (_, email) = await app.SignUpAsync();
        var fields = new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AccountsApp.Password };

        (await new PageSession(app).SubmitExpectingRedirectAsync("/login?ReturnUrl=%2Fapp%2Fteam", "login", fields)).ShouldBe("/app/team");
        (await new PageSession(app).SubmitExpectingRedirectAsync("/login?ReturnUrl=https%3A%2F%2Fevil.example%2F", "login", fields)).ShouldBe("/app");
        (await new PageSession(app).SubmitExpectingRedirectAsync("/login?ReturnUrl=%2F%2Fevil.example", "login", fields)).ShouldBe("/app");
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account()
    {
        var (_, email) = await app.SignUpAsync();
        var session = new PageSession(app);
        for (var i = 0; i < 5; i++)
        {
            await session.SubmitExpectingPageAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = "wrong password!" });
        }
        var locked = await session.SubmitExpectingPageAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AccountsApp.Password });
        locked.ShouldContain("locked");
    }

    [Fact]
    public async Task The_dashboard_redirects_an_anonymous_visitor_to_login_with_the_return_url()
    {
        var response = await new PageSession(app).Client.GetAsync("/app");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.PathAndQuery.ShouldBe("/login?ReturnUrl=%2Fapp");
    }

    [Fact]
    public async Task Logout_ends_the_session()
    {
        var (session, _) = await app.SignUpAsync();
        (await session.GetPageAsync("/app")).ShouldContain("Log out");

        (await session.SubmitExpectingRedirectAsync("/app", "logout", new Dictionary<string, string>())).ShouldBe("/login");

        (await session.Client.GetAsync("/app")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }

    [Fact]
    public async Task Logout_kills_the_cookie_itself_so_a_copy_of_it_stops_working()
    {
        var (_, email) = await app.SignUpAsync();
        var session = new PageSession(app);
        var login = await session.SubmitAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = AccountsApp.Password });
        login.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var cookie = login.Headers.GetValues("Set-Cookie").Select(c => c.Split(';')[0]).Single(c => c.StartsWith("candor_auth=", StringComparison.Ordinal));
        var copy = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = false });
        copy.DefaultRequestHeaders.Add("Cookie", cookie);
        (await copy.GetAsync("/app")).StatusCode.ShouldBe(HttpStatusCode.OK, "the copied cookie works while the session lasts");

        (await session.SubmitExpectingRedirectAsync("/app", "logout", new Dictionary<string, string>())).ShouldBe("/login");

        var after = await copy.GetAsync("/app");
        after.StatusCode.ShouldBe(HttpStatusCode.Redirect, "a cookie captured before logout must die with the session");
        after.Headers.Location!.AbsolutePath.ShouldBe("/login");
    }

    [Fact]
    public async Task A_form_posted_without_the_antiforgery_token_is_rejected()
    {
        var (session, email) = await app.SignUpAsync();
        var response = await new PageSession(app).Client.PostAsync("/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "login", ["Input.Email"] = email, ["Input.Password"] = AccountsApp.Password,
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        // Signed in, a logout without the token is refused too, and the session survives.
        (await session.Client.PostAsync("/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "logout" })))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await session.GetPageAsync("/app")).ShouldContain("Dashboard");
    }

    [Fact]
    public async Task The_api_answers_401_problems_and_ignores_the_sign_in_cookie()
    {
        var (session, _) = await app.SignUpAsync();
        var response = await session.Client.GetAsync("/api/v1/jobs");
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Headers.Location.ShouldBeNull();
        response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
    }
}
