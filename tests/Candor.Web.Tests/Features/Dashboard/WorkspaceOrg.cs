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
        var (admin, api) = await app.SignUpWithApiKeyAsync(name);
        return new WorkspaceOrg(app, admin, api.OrganizationId, new InterviewDriver(app, api));
    }

    public async Task<Guid> CreateJobAsync(string title = "Senior Backend Engineer") =>
        Guid.Parse((await Api.CreateJobAsync(title))["id"]!.GetValue<string>());

    /// <summary>A member of this organisation with <paramref name="role"/>, logged in.</summary>
    public Task<PageSession> MemberAsync(MemberRole role) => App.MemberAsync(OrganizationId, role);

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
