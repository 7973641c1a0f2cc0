using System.Net;
using System.Text.RegularExpressions;
using Candor.Web.Data;
using Candor.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Features.Accounts;

public sealed partial class TeamTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    [Fact]
    public async Task An_invited_member_accepts_by_e_mail_and_logs_in_with_the_role_they_were_given()
    {
        var (admin, _) = await app.SignUpAsync("Initech");
        var (member, email) = await InviteAndAcceptAsync(admin, MemberRole.Recruiter, "Rita Recruiter");

        var team = await member.GetPageAsync("/app/team");
        team.ShouldContain("Rita Recruiter");
        team.ShouldContain("Ada Admin");
        team.ShouldNotContain("Send invitation", Case.Sensitive, "a Recruiter sees the team but cannot change it");

        var again = new PageSession(app);
        await again.LogInAsync(email, AccountsApp.Password);
        (await again.GetPageAsync("/app")).ShouldContain("Recruiter");
        (await UserAsync(email)).Role.ShouldBe(MemberRole.Recruiter);

        var adminView = await admin.GetPageAsync("/app/team");
        adminView.ShouldContain(email);
        adminView.ShouldContain("No pending invitations.");
    }

    [Fact]
    public async Task An_invite_link_works_once()
    {
        var (admin, _) = await app.SignUpAsync();
        var (link, _) = await InviteAsync(admin, MemberRole.Evaluator);
        await AcceptAsync(link, "First");

        (await new PageSession(app).GetPageAsync(link)).ShouldContain("Invitation not valid");
        (await new PageSession(app).GetPageAsync("/invite/not-a-real-token")).ShouldContain("Invitation not valid");
    }

    [Fact]
    public async Task An_Evaluator_is_denied_team_management()
    {
        var (admin, _) = await app.SignUpAsync();
        var (evaluator, _) = await InviteAndAcceptAsync(admin, MemberRole.Evaluator, "Eve Evaluator");

        (await evaluator.GetPageAsync("/app")).ShouldContain("Dashboard");
        var response = await evaluator.Client.GetAsync("/app/team");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldContain("/access-denied");
        (await evaluator.GetPageAsync("/access-denied", HttpStatusCode.Forbidden)).ShouldContain("Access denied");
    }

    [Fact]
    public async Task A_Recruiter_cannot_invite_even_by_posting_the_form_directly()
    {
        var (admin, _) = await app.SignUpAsync();
        var (recruiter, _) = await InviteAndAcceptAsync(admin, MemberRole.Recruiter, "Rob");
        var target = $"sneaky-{Guid.NewGuid():N}@example.com";

        var response = await recruiter.SubmitAsync("/app/team", "logout", new Dictionary<string, string>
        {
            ["_handler"] = "invite", ["Invite.Email"] = target, ["Invite.Role"] = "Admin",
        }, action: "/app/team");

        response.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await app.MailsQueuedToAsync(target)).ShouldBe(0);
    }

    [Fact]
    public async Task Members_of_one_organisation_never_see_another_organisations_members()
    {
        var (adminA, emailA) = await app.SignUpAsync("Org A");
        var (adminB, emailB) = await app.SignUpAsync("Org B");

        var teamA = await adminA.GetPageAsync("/app/team");
        teamA.ShouldContain(emailA);
        teamA.ShouldNotContain(emailB);
        (await adminB.GetPageAsync("/app/team")).ShouldNotContain(emailA);

        // Not by forging a form either: A's Admin posts a role change naming B's Admin.
        var userB = await UserAsync(emailB);
        var response = await adminA.SubmitAsync("/app/team", "invite", new Dictionary<string, string>
        {
            ["_handler"] = $"role-{userB.Id}", ["Change.Role"] = "Evaluator",
        });
        response.StatusCode.ShouldNotBe(HttpStatusCode.Redirect);
        (await UserAsync(emailB)).Role.ShouldBe(MemberRole.Admin);
    }

    [Fact]
    public async Task The_last_Admin_can_be_neither_demoted_nor_removed_and_roles_change_at_once()
    {
        var (admin, adminEmail) = await app.SignUpAsync();
        var adminId = (await UserAsync(adminEmail)).Id;

        var refused = await admin.SubmitExpectingPageAsync("/app/team", $"role-{adminId}", new Dictionary<string, string> { ["Change.Role"] = "Recruiter" });
        refused.ShouldContain("always keeps at least one Admin");
        (await UserAsync(adminEmail)).Role.ShouldBe(MemberRole.Admin);

        var (second, secondEmail) = await InviteAndAcceptAsync(admin, MemberRole.Recruiter, "Second");
        var secondId = (await UserAsync(secondEmail)).Id;
        (await admin.SubmitExpectingPageAsync("/app/team", $"role-{secondId}", new Dictionary<string, string> { ["Change.Role"] = "Admin" }))
            .ShouldContain("Role saved.");
        // The promoted member's very next request carries the new role.
        (await second.GetPageAsync("/app/team")).ShouldContain("Send invitation");

        (await second.SubmitExpectingPageAsync("/app/team", $"remove-{adminId}", new Dictionary<string, string>())).ShouldContain("Member removed.");
        (await admin.Client.GetAsync("/app")).StatusCode.ShouldBe(HttpStatusCode.Redirect, "a removed member's session ends");

        (await second.SubmitExpectingPageAsync("/app/team", $"role-{secondId}", new Dictionary<string, string> { ["Change.Role"] = "Evaluator" }))
            .ShouldContain("always keeps at least one Admin");
    }

    private async Task<(string Link, string Email)> InviteAsync(PageSession admin, MemberRole role)
    {
        var email = $"member-{Guid.NewGuid():N}@example.com";
        var page = await admin.SubmitExpectingPageAsync("/app/team", "invite", new Dictionary<string, string>
        {
            ["Invite.Email"] = email, ["Invite.Role"] = role.ToString(),
        });
        page.ShouldContain($"Invitation sent to {email}");
        var body = await app.WaitForMailAsync(email, "You are invited to join");
        return (new Uri(InviteLinkPattern().Match(body).Value).PathAndQuery, email);
    }

    private async Task<PageSession> AcceptAsync(string link, string name)
    {
        var member = new PageSession(app);
        (await member.SubmitExpectingRedirectAsync(link, "accept", new Dictionary<string, string>
        {
            ["Input.DisplayName"] = name, ["Input.Password"] = AccountsApp.Password,
        })).ShouldBe("/app");
        return member;
    }

    private async Task<(PageSession Session, string Email)> InviteAndAcceptAsync(PageSession admin, MemberRole role, string name)
    {
        var (link, email) = await InviteAsync(admin, role);
        return (await AcceptAsync(link, name), email);
    }

    private async Task<CandorUser> UserAsync(string email)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CandorDbContext>().Users.AsNoTracking().SingleAsync(u => u.Email == email);
    }

    [GeneratedRegex(@"http://\S+/invite/\S+")]
    private static partial Regex InviteLinkPattern();
}
