using System.Net;
using System.Text.Json.Nodes;
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

namespace Candor.Web.Tests.Features.Jobs.Pages;

/// <summary>An organisation signed up through the pages, with its Admin's session and an API key of the same organisation.</summary>
public sealed record Workspace(PageSession Admin, Guid OrganizationId, HttpClient Api);

/// <summary>The app plus the set-up the job page tests share: a workspace, members of other roles, a job made through the page.</summary>
public sealed partial class JobPagesApp : CandorApp
{
    public const string Description = InterviewDriver.BackendJobDescription;
    private const string Password = AccountsApp.Password;

    public async Task<Workspace> CreateWorkspaceAsync(string organization = "Acme")
    {
        var admin = new PageSession(this);
        var email = $"admin-{Guid.NewGuid():N}@example.com";
        (await admin.SubmitExpectingRedirectAsync("/signup", "signup", new Dictionary<string, string>
        {
            ["Input.OrganizationName"] = organization, ["Input.DisplayName"] = "Ada Admin", ["Input.Email"] = email, ["Input.Password"] = Password,
        })).ShouldBe("/app");
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CandorDbContext>();
        var organizationId = await db.Users.Where(u => u.Email == email).Select(u => u.OrganizationId).SingleAsync();
        var key = ApiKeySecrets.Generate();
        db.ApiKeys.Add(new ApiKey
        {
            Id = Guid.CreateVersion7(), OrganizationId = organizationId, Name = "job pages test", Prefix = ApiKeySecrets.PrefixOf(key),
            KeyHash = ApiKeySecrets.Hash(key), Scopes = [.. ApiKeySecrets.AllScopes], CreatedAt = DateTimeOffset.UtcNow,
        });
        await db.SaveChangesAsync();
        var api = CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", key);
        return new Workspace(admin, organizationId, api);
    }

    /// <summary>A member of <paramref name="organizationId"/> with <paramref name="role"/>, logged in through the page.</summary>
    public async Task<PageSession> MemberAsync(Guid organizationId, MemberRole role)
    {
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        await using (var scope = Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CandorUser>>();
            var created = await users.CreateAsync(new CandorUser
            {
                Id = Guid.CreateVersion7(), OrganizationId = organizationId, UserName = email, Email = email, EmailConfirmed = true,
                DisplayName = $"{role} Member", Role = role, CreatedAt = DateTimeOffset.UtcNow,
            }, Password);
            created.Succeeded.ShouldBeTrue(string.Join(" ", created.Errors.Select(e => e.Description)));
        }
        var session = new PageSession(this);
        await session.LogInAsync(email, Password);
        return session;
    }

    /// <summary>Creates a job through /app/jobs/new and returns its id.</summary>
    public static async Task<Guid> CreateJobThroughPageAsync(PageSession session, string title = "Senior Backend Engineer", int questionCount = 10)
    {
        var location = await session.SubmitExpectingRedirectAsync("/app/jobs/new", "new-job", new Dictionary<string, string>
        {
            ["Input.Title"] = title, ["Input.Description"] = Description, ["Input.Industry"] = "Logistics",
            ["Input.Seniority"] = "", ["Input.QuestionCount"] = questionCount.ToString(),
        });
        location.ShouldStartWith("/app/jobs/");
        return Guid.Parse(location["/app/jobs/".Length..].Split('?')[0]);
    }

    /// <summary>
    /// Posts form <paramref name="handler"/> to <paramref name="target"/> with a valid antiforgery token of this session (read from
    /// the log-out form every workspace page has): what a member could forge even where the page shows them no such form.
    /// </summary>
    public static async Task<HttpResponseMessage> ForgePostAsync(PageSession session, string target, string handler, Dictionary<string, string>? fields = null)
    {
        var html = await session.GetPageAsync("/app");
        var token = TokenPattern().Match(html).Groups["token"].Value;
        token.ShouldNotBeEmpty();
        var values = new Dictionary<string, string>(fields ?? []) { ["__RequestVerificationToken"] = WebUtility.HtmlDecode(token), ["_handler"] = handler };
        return await session.Client.PostAsync(target, new FormUrlEncodedContent(values));
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<token>[^\"]+)\"")]
    private static partial Regex TokenPattern();

    public static async Task<JsonArray> QuestionsAsync(HttpClient api, Guid jobId) =>
        (await api.GetJson($"/api/v1/jobs/{jobId}"))["questions"]!.AsArray();
}
