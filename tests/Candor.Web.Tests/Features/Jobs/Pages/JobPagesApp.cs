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
public sealed partial class JobPagesApp : AccountsApp
{
    public const string Description = InterviewDriver.BackendJobDescription;

    public async Task<Workspace> CreateWorkspaceAsync(string organization = "Acme")
    {
        var (admin, api) = await SignUpWithApiKeyAsync(organization);
        return new Workspace(admin, api.OrganizationId, api.Client);
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
