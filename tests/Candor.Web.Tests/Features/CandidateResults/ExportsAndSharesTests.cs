using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Candor.Web.Features.Accounts;
using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.CandidateResults;

public sealed partial class ExportsAndSharesTests(ResultsApp app) : IClassFixture<ResultsApp>
{
    [Fact]
    public async Task The_pdf_report_downloads_with_the_candidates_name_and_overall_score()
    {
        var completed = await app.CompletedAsync();
        var evaluator = await app.LogInAsync(completed.EvaluatorEmail);

        var response = await evaluator.Client.GetAsync($"/app/interviews/{completed.InterviewId}/report.pdf");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/pdf");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var text = PdfText.All(bytes);
        Encoding.Latin1.GetString(bytes).ShouldStartWith("%PDF-");
        text.ShouldContain("Grace Hopper");
        text.ShouldContain($"Overall score: {completed.Results["report"]!["overall"]!.GetValue<int>()} / 100");
        text.ShouldContain("Transcript");
        text.ShouldNotContain("grace@example.com", Case.Sensitive, "the printable report leaves the address out");
    }

    [Fact]
    public async Task The_csv_export_has_a_header_and_one_row_per_matching_interview()
    {
        var tenant = await app.CreateTenantAsync("CSV Org");
        var driver = new InterviewDriver(app, tenant);
        var backend = Guid.Parse((await driver.CreateJobAsync())["id"]!.GetValue<string>());
        var data = Guid.Parse((await driver.CreateJobAsync("Data Engineer"))["id"]!.GetValue<string>());
        await driver.ScheduleAsync(backend, "Linus Torvalds", "linus@example.com", externalId: "gh-1");
        var cancelled = await driver.ScheduleAsync(backend, "=HYPERLINK(\"x\")", "evil@example.com");
        await driver.ScheduleAsync(data, "Barbara Liskov", "barbara@example.com");
        (await tenant.Client.PostJson($"/api/v1/interviews/{cancelled.InterviewId}/cancel")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var admin = await app.LogInAsync(await app.AddMemberAsync(tenant.OrganizationId, MemberRole.Admin, "Csv Admin"));

        var all = await CsvAsync(admin, "/app/interviews.csv");
        all[0].ShouldBe("candidate,email,external_id,job,status,created,completed,overall,recommendation,decision,questions_answered,questions_planned,incomplete,adjusted_overall,adjusted_recommendation");
        all.Count.ShouldBe(4);
        all.ShouldContain(line => line.StartsWith("Linus Torvalds,linus@example.com,gh-1,Senior Backend Engineer,scheduled,", StringComparison.Ordinal));
        all.ShouldNotContain(line => line.StartsWith("\"=HYPERLINK", StringComparison.Ordinal) || line.StartsWith("=", StringComparison.Ordinal),
            "a formula typed as a name must not run in a spreadsheet");

        (await CsvAsync(admin, $"/app/interviews.csv?job={data}")).Skip(1).ShouldHaveSingleItem().ShouldStartWith("Barbara Liskov,");
        (await CsvAsync(admin, "/app/interviews.csv?status=cancelled")).Skip(1).ShouldHaveSingleItem().ShouldContain("evil@example.com");
        (await CsvAsync(admin, "/app/interviews.csv?q=LISKOV")).Skip(1).ShouldHaveSingleItem().ShouldStartWith("Barbara Liskov,");
        (await CsvAsync(admin, "/app/interviews.csv?q=gh-1")).Skip(1).ShouldHaveSingleItem().ShouldStartWith("Linus Torvalds,");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        (await CsvAsync(admin, $"/app/interviews.csv?from={today}&to={today}")).Count.ShouldBeInRange(4, 4);
        (await CsvAsync(admin, "/app/interviews.csv?to=2000-01-01")).ShouldHaveSingleItem("a date range before any interview leaves only the header");
    }

    [Fact]
    public async Task A_large_csv_export_streams_every_row()
    {
        // Thousands of rows are far past the writer's buffer: it must flush to the response asynchronously (a
        // synchronous flush is refused by the server and used to cut the download off after about 64 KB).
        const int count = 3000;
        var tenant = await app.CreateTenantAsync("Big Export Org");
        var jobId = Guid.Parse((await new InterviewDriver(app, tenant).CreateJobAsync())["id"]!.GetValue<string>());
        await app.WithDbAsync(tenant.OrganizationId, db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO interviews (id, organization_id, job_id, candidate_name, candidate_email, status, token_hash, plan, starting_tier, expires_at, created_at)
            SELECT gen_random_uuid(), {tenant.OrganizationId}, {jobId}, 'Candidate ' || n, 'candidate' || n || '@example.com', 'scheduled',
                   'bulk-' || gen_random_uuid(), '[]'::jsonb, 'medium', now() + interval '7 days', now() - n * interval '1 second'
              FROM generate_series(1, {count}) AS n
            """));
        var admin = await app.LogInAsync(await app.AddMemberAsync(tenant.OrganizationId, MemberRole.Admin, "Bulk Admin"));

        var rows = await CsvAsync(admin, "/app/interviews.csv");

        rows[0].ShouldStartWith("candidate,email,");
        rows.Count.ShouldBe(count + 1);
        rows[1].ShouldStartWith("Candidate 1,candidate1@example.com,");
        rows[^1].ShouldStartWith($"Candidate {count},candidate{count}@example.com,"); // Newest first, down to the very last row.
        rows.Skip(1).Select(r => r.Split(',')[1]).Distinct().Count().ShouldBe(count);
    }

    [Fact]
    public async Task The_csv_filters_by_recommendation_and_carries_the_decision()
    {
        var completed = await app.CompletedAsync();
        var recommendation = completed.Results["report"]!["recommendation"]!.GetValue<string>();
        var recruiter = await app.LogInAsync(completed.RecruiterEmail);
        await recruiter.SubmitExpectingPageAsync($"/app/interviews/{completed.InterviewId}", "decision", new Dictionary<string, string> { ["Decision.Kind"] = "Reject" });

        var rows = (await CsvAsync(recruiter, $"/app/interviews.csv?recommendation={recommendation}&q=Grace")).Skip(1).ToList();
        var other = recommendation == "no_hire" ? "strong_hire" : "no_hire";

        rows.ShouldHaveSingleItem().ShouldStartWith("Grace Hopper,grace@example.com,ats-42,Senior Backend Engineer,completed,");
        var planned = completed.Results["questions"]!.AsArray().Count;
        rows[0].ShouldEndWith($",{completed.Results["report"]!["overall"]},{recommendation},reject,{completed.Results["report"]!["questions_answered"]},{planned},false,,");
        (await CsvAsync(recruiter, $"/app/interviews.csv?recommendation={other}&q=Grace")).ShouldHaveSingleItem();
    }

    [Fact]
    public async Task A_share_link_shows_the_report_without_sign_in_or_e_mail_until_revoked()
    {
        var completed = await app.CompletedAsync();
        var recruiter = await app.LogInAsync(completed.RecruiterEmail);
        var page = $"/app/interviews/{completed.InterviewId}";

        var created = await recruiter.SubmitExpectingPageAsync(page, "share", new Dictionary<string, string> { ["Share.Lifetime"] = "24h" });
        var link = ShareLinkPattern().Match(created).Groups["path"].Value;
        link.ShouldNotBeEmpty("the new link is shown once");

        var stranger = new PageSession(app);
        var shared = WebUtility.HtmlDecode(await stranger.GetPageAsync(link));
        shared.ShouldContain("Grace Hopper");
        shared.ShouldContain("Transcript");
        shared.ShouldContain($">{completed.Results["report"]!["overall"]}</span>");
        shared.ShouldNotContain("grace@example.com");
        shared.ShouldNotContain("Override", Case.Sensitive, "the shared view is read-only");
        shared.ShouldNotContain("<form");

        var token = link[(link.LastIndexOf('/') + 1)..];
        var share = await app.WithDbAsync(completed.Tenant.OrganizationId, db => db.ReportShares.SingleAsync(s => s.TokenHash == Candor.Web.Features.ApiKeys.ApiKeySecrets.Hash(token)));
        share.TokenHash.ShouldNotContain(token, Case.Sensitive, "only the hash is stored");
        (await recruiter.GetPageAsync(page)).ShouldContain($"revoke-{share.Id:N}");

        await recruiter.SubmitExpectingPageAsync(page, $"revoke-{share.Id:N}", new Dictionary<string, string>());

        (await stranger.GetPageAsync(link, HttpStatusCode.Gone)).ShouldContain("This link no longer works");
        (await stranger.GetPageAsync("/r/not-a-real-token", HttpStatusCode.NotFound)).ShouldContain("Link not found");
    }

    [Fact]
    public async Task An_expired_share_link_answers_410()
    {
        var completed = await app.CompletedAsync();
        var admin = await app.LogInAsync(completed.AdminEmail);
        var created = await admin.SubmitExpectingPageAsync($"/app/interviews/{completed.InterviewId}", "share", new Dictionary<string, string> { ["Share.Lifetime"] = "30d" });
        var link = ShareLinkPattern().Match(created).Groups["path"].Value;
        await new PageSession(app).GetPageAsync(link);

        var hash = Candor.Web.Features.ApiKeys.ApiKeySecrets.Hash(link[(link.LastIndexOf('/') + 1)..]);
        await app.WithDbAsync(completed.Tenant.OrganizationId, db => db.ReportShares.Where(s => s.TokenHash == hash)
            .ExecuteUpdateAsync(s => s.SetProperty(r => r.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));

        (await new PageSession(app).GetPageAsync(link, HttpStatusCode.Gone)).ShouldContain("expired or was revoked");
    }

    [Fact]
    public async Task An_evaluator_can_review_but_can_neither_share_nor_revoke()
    {
        var completed = await app.CompletedAsync();
        var recruiter = await app.LogInAsync(completed.RecruiterEmail);
        var page = $"/app/interviews/{completed.InterviewId}";
        var link = ShareLinkPattern().Match(await recruiter.SubmitExpectingPageAsync(page, "share", new Dictionary<string, string> { ["Share.Lifetime"] = "7d" })).Groups["path"].Value;
        var hash = Candor.Web.Features.ApiKeys.ApiKeySecrets.Hash(link[(link.LastIndexOf('/') + 1)..]);
        var shareId = await app.WithDbAsync(completed.Tenant.OrganizationId, db => db.ReportShares.Where(s => s.TokenHash == hash).Select(s => s.Id).SingleAsync());
        var evaluator = await app.LogInAsync(completed.EvaluatorEmail);
        var sharesBefore = await app.WithDbAsync(completed.Tenant.OrganizationId, db => db.ReportShares.CountAsync());

        var html = await evaluator.GetPageAsync(page);
        html.ShouldNotContain("Create share link");
        html.ShouldContain("Record decision");
        // The forms are not on an Evaluator's page, so a hand-made post finds no handler (400); were it there, the handler says 403.
        (await PostWithTokenAsync(evaluator, page, new() { ["_handler"] = "share", ["Share.Lifetime"] = "30d" })).StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.Forbidden);
        (await PostWithTokenAsync(evaluator, page, new() { ["_handler"] = $"revoke-{shareId:N}" })).StatusCode.ShouldBeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.Forbidden);

        (await app.WithDbAsync(completed.Tenant.OrganizationId, db => db.ReportShares.CountAsync())).ShouldBe(sharesBefore);
        await new PageSession(app).GetPageAsync(link); // still works
    }

    [Fact]
    public async Task Another_organisations_interview_is_not_found_for_page_pdf_and_share()
    {
        var completed = await app.CompletedAsync();
        var other = await app.CreateTenantAsync("Other Org");
        var outsider = await app.LogInAsync(await app.AddMemberAsync(other.OrganizationId, MemberRole.Admin, "Olga Outsider"));
        var page = $"/app/interviews/{completed.InterviewId}";
        var sharesBefore = await app.WithDbAsync(completed.Tenant.OrganizationId, db => db.ReportShares.CountAsync());

        (await outsider.GetPageAsync(page, HttpStatusCode.NotFound)).ShouldContain("Interview not found");
        (await outsider.Client.GetAsync($"{page}/report.pdf")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PostWithTokenAsync(outsider, page, new() { ["_handler"] = "share", ["Share.Lifetime"] = "30d" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await PostWithTokenAsync(outsider, page, new() { ["_handler"] = "decision", ["Decision.Kind"] = "Reject" })).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        (await app.WithDbAsync(completed.Tenant.OrganizationId, db => db.ReportShares.CountAsync())).ShouldBe(sharesBefore);
        (await CsvAsync(outsider, "/app/interviews.csv")).ShouldHaveSingleItem("another organisation's interviews never reach the export");
        (await other.Client.GetAsync($"/api/v1/interviews/{completed.InterviewId}/results")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    /// <summary>Posts a form the page does not offer this member, with a valid anti-forgery token taken from the dashboard.</summary>
    private static async Task<HttpResponseMessage> PostWithTokenAsync(PageSession session, string action, Dictionary<string, string> fields)
    {
        var dashboard = await session.GetPageAsync("/app");
        fields["__RequestVerificationToken"] = WebUtility.HtmlDecode(TokenPattern().Match(dashboard).Groups["value"].Value);
        return await session.Client.PostAsync(action, new FormUrlEncodedContent(fields));
    }

    private static async Task<List<string>> CsvAsync(PageSession session, string url)
    {
        var response = await session.Client.GetAsync(url);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("text/csv");
        return (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Select(l => l.TrimEnd('\n')).Where(l => l.Length > 0).ToList();
    }

    [GeneratedRegex("value=\"http://candor\\.test(?<path>/r/[A-Za-z0-9_-]+)\"")]
    internal static partial Regex ShareLinkPattern();

    [GeneratedRegex("name=\"__RequestVerificationToken\" value=\"(?<value>[^\"]+)\"")]
    private static partial Regex TokenPattern();
}
