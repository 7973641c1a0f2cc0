using System.Net;
using System.Text.Json.Nodes;
using Candor.Engine.Scoring;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Accounts;
using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.Dashboard;

public sealed class DashboardTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    [Fact]
    public async Task A_new_organisation_sees_the_first_steps()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var page = WebUtility.HtmlDecode(await org.Admin.GetPageAsync("/app"));
        page.ShouldContain("No interviews yet");
        page.ShouldContain("Create a job and schedule your first interview");
        page.ShouldContain("href=\"/app/jobs\"");
    }

    [Fact]
    public async Task Counts_filters_search_sort_and_paging_all_come_from_the_query_string()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var backend = await org.CreateJobAsync("Backend Engineer");
        var designer = await org.CreateJobAsync("Product Designer");
        var ids = new List<Guid>();
        for (var i = 1; i <= 23; i++)
        {
            ids.Add((await org.Api.ScheduleAsync(backend, $"Candidate {i:00}", $"cand{i:00}@example.com")).InterviewId);
        }
        var designerInterview = (await org.Api.ScheduleAsync(designer, "Dana Designer", "dana@example.com")).InterviewId;
        (await org.Api.Api.PostJson($"/api/v1/interviews/{ids[0]}/cancel")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await org.Api.Api.PostJson($"/api/v1/interviews/{ids[1]}/cancel")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Three completed interviews with scores, written directly: scoring itself is tested elsewhere.
        await org.DbAsync(async db =>
        {
            foreach (var (id, score, recommendation) in new[] { (ids[2], 91, Recommendation.StrongHire), (ids[3], 55, Recommendation.LeanNo), (ids[4], 74, Recommendation.Hire) })
            {
                var interview = await db.Interviews.SingleAsync(x => x.Id == id);
                (interview.Status, interview.OverallScore, interview.Recommendation, interview.EndedAt) = (InterviewStatus.Completed, score, recommendation, DateTimeOffset.UtcNow);
            }
            return await db.SaveChangesAsync();
        });

        var all = await PageAsync(org, "/app");
        all.ShouldContain("Showing 1–20 of 24");
        all.ShouldContain("Page 1 of 2");
        CardCount(all, "All").ShouldBe(24);
        CardCount(all, "Scheduled").ShouldBe(19);
        CardCount(all, "Cancelled").ShouldBe(2);
        CardCount(all, "Completed").ShouldBe(3);
        all.ShouldContain($"href=\"/app/interviews/{designerInterview}\"");

        (await PageAsync(org, "/app?page=2")).ShouldContain("Showing 21–24 of 24");
        var cancelled = await PageAsync(org, "/app?status=cancelled");
        cancelled.ShouldContain("Showing 1–2 of 2");
        cancelled.ShouldContain("cand01@example.com");
        cancelled.ShouldNotContain("cand05@example.com");

        var byJob = await PageAsync(org, $"/app?job_id={designer}");
        byJob.ShouldContain("Showing 1–1 of 1");
        byJob.ShouldContain("Dana Designer");
        CardCount(byJob, "All").ShouldBe(1, "the cards count within the other filters");

        var search = await PageAsync(org, "/app?q=CAND07%40EXAMPLE");
        search.ShouldContain("Showing 1–1 of 1");
        search.ShouldContain("Candidate 07");
        (await PageAsync(org, "/app?q=candidate%2012")).ShouldContain("cand12@example.com");

        (await PageAsync(org, "/app?recommendation=strong_hire")).ShouldContain("Showing 1–1 of 1");

        var byScore = await PageAsync(org, "/app?sort=score&order=desc");
        byScore.IndexOf("Candidate 03", StringComparison.Ordinal).ShouldBeLessThan(byScore.IndexOf("Candidate 05", StringComparison.Ordinal));
        byScore.IndexOf("Candidate 05", StringComparison.Ordinal).ShouldBeLessThan(byScore.IndexOf("Candidate 04", StringComparison.Ordinal));
        byScore.ShouldContain("aria-sort=\"descending\"");
        var ascending = await PageAsync(org, "/app?sort=score&order=asc");
        ascending.IndexOf("Candidate 04", StringComparison.Ordinal).ShouldBeLessThan(ascending.IndexOf("Candidate 03", StringComparison.Ordinal));
        var oldestFirst = await PageAsync(org, "/app?order=asc");
        oldestFirst.IndexOf("Candidate 01", StringComparison.Ordinal).ShouldBeLessThan(oldestFirst.IndexOf("Candidate 02", StringComparison.Ordinal));

        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        (await PageAsync(org, $"/app?created_from={today}&created_to={today}")).ShouldContain("of 24");
        var none = await PageAsync(org, "/app?created_to=2000-01-01");
        none.ShouldContain("No interviews match these filters");
        none.ShouldContain("href=\"/app\"");

        // The API takes the same parameters through the same query builder.
        var api = await org.Api.Api.GetJson("/api/v1/interviews?q=cand07&sort=score");
        api["total"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task The_version_probe_changes_when_an_interview_is_scheduled_and_is_tenant_scoped()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var other = await WorkspaceOrg.CreateAsync(app, "Other");
        var job = await org.CreateJobAsync();
        var before = await VersionAsync(org.Admin, "/app/dashboard/version");
        var otherBefore = await VersionAsync(other.Admin, "/app/dashboard/version");

        await org.Api.ScheduleAsync(job, "Vera Version", "vera@example.com");

        var after = await VersionAsync(org.Admin, "/app/dashboard/version");
        after.ShouldNotBe(before);
        (await VersionAsync(org.Admin, "/app/dashboard/version")).ShouldBe(after, "unchanged data gives the same version");
        (await VersionAsync(other.Admin, "/app/dashboard/version")).ShouldBe(otherBefore, "another organisation's activity is invisible");
        (await VersionAsync(org.Admin, "/app/dashboard/version?q=nobody")).ShouldBe("0");

        // The page embeds its version and the probe URL with the page's own filters.
        var page = await PageAsync(org, $"/app?q=vera");
        page.ShouldContain("data-live-url=\"/app/dashboard/version?q=vera\"");
        page.ShouldContain("aria-live=\"polite\"");

        var anonymous = app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        (await anonymous.GetAsync("/app/dashboard/version")).StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.Unauthorized);
        // An API key is not a session.
        (await org.Api.Api.GetAsync("/app/dashboard/version")).StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task An_Evaluator_sees_the_dashboard_without_scheduling_actions()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        await org.Api.ScheduleAsync(job, "Eva Example", "eva@example.com");
        var evaluator = await org.MemberAsync(MemberRole.Evaluator);

        var page = WebUtility.HtmlDecode(await evaluator.GetPageAsync("/app"));
        page.ShouldContain("Eva Example");
        page.ShouldNotContain("Schedule interview");
        page.ShouldNotContain("/resend");
        page.ShouldNotContain("/cancel");
    }

    private static async Task<string> PageAsync(WorkspaceOrg org, string url) => WebUtility.HtmlDecode(await org.Admin.GetPageAsync(url));

    private static async Task<string> VersionAsync(PageSession session, string url)
    {
        var response = await session.Client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!["version"]!.GetValue<string>();
    }

    private static int CardCount(string html, string label)
    {
        var match = System.Text.RegularExpressions.Regex.Match(html,
            $"<span class=\"status-card-count\">(\\d+)</span><span class=\"status-card-label\">{label}</span>");
        match.Success.ShouldBeTrue($"no card '{label}'");
        return int.Parse(match.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
    }
}
