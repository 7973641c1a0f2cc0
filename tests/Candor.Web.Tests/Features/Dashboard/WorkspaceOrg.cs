using System.Net;
using System.Text.RegularExpressions;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Accounts;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Features.Dashboard;

/// <summary>
/// An organisation signed up through the pages (its Admin's session) plus an API key of the same organisation,
/// so tests can create jobs and interviews through the public API and look at them in the workspace.
/// </summary>
public sealed partial class WorkspaceOrg
{
    private WorkspaceOrg(AccountsApp app, PageSession admin, Guid organizationId, InterviewDriver api)
    {
        App = app;
        Admin = admin;
        OrganizationId = organizationId;
        Api = api;
    }

    public AccountsApp App { get; }
    public PageSession Admin { get; }
    public Guid OrganizationId { get; }
    public InterviewDriver Api { get; }

    public static async Task<WorkspaceOrg> CreateAsync(AccountsApp app, string name = "Acme")
    {
        var (admin, email) = await app.SignUpAsync(name);
        var key = ApiKeySecrets.Generate();
        Guid organizationId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CandorDbContext>();
            organizationId = await db.Users.Where(u => u.Email == email).Select(u => u.OrganizationId).SingleAsync();
            db.ApiKeys.Add(new ApiKey
            {
                Id = Guid.CreateVersion7(), OrganizationId = organizationId, Name = "test", Prefix = ApiKeySecrets.PrefixOf(key),
                KeyHash = ApiKeySecrets.Hash(key), Scopes = [.. ApiKeySecrets.AllScopes], CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return new WorkspaceOrg(app, admin, organizationId, new InterviewDriver(app, new Tenant(organizationId, key, client)));
    }

    public async Task<Guid> CreateJobAsync(string title = "Senior Backend Engineer") =>
        Guid.Parse((await Api.CreateJobAsync(title))["id"]!.GetValue<string>());

    /// <summary>A member of this organisation with <paramref name="role"/>, logged in.</summary>
    public async Task<PageSession> MemberAsync(MemberRole role)
    {
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        await using (var scope = App.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CandorUser>>();
            var created = await users.CreateAsync(new CandorUser
            {
                Id = Guid.CreateVersion7(), UserName = email, Email = email, DisplayName = role.ToString(), Role = role,
                OrganizationId = OrganizationId, CreatedAt = DateTimeOffset.UtcNow,
            }, AccountsApp.Password);
            created.Succeeded.ShouldBeTrue(string.Join(" ", created.Errors.Select(e => e.Description)));
        }
        var session = new PageSession(App);
        await session.LogInAsync(email, AccountsApp.Password);
        return session;
    }

    public Task<T> DbAsync<T>(Func<CandorDbContext, Task<T>> work) => App.WithDbAsync(OrganizationId, work);

    /// <summary>The candidate link in the newest invitation to <paramref name="email"/> whose subject contains <paramref name="subject"/>.</summary>
    public async Task<string> InvitationLinkAsync(string email, string subject = "Your interview for")
    {
        var body = await App.WaitForMailAsync(email, subject);
        return CandidateLinkPattern().Match(body).Value;
    }

    public static string TokenOf(string link) => link[(link.LastIndexOf('/') + 1)..];

    /// <summary>What the candidate's side of the API says about a link: 200 while it works.</summary>
    public async Task<HttpStatusCode> CandidateLinkStatusAsync(string link) =>
        (await App.Candidate().GetAsync($"/api/v1/sessions/{TokenOf(link)}")).StatusCode;

    [GeneratedRegex(@"http://candor\.test/i/[A-Za-z0-9_\-]+")]
    public static partial Regex CandidateLinkPattern();
}
