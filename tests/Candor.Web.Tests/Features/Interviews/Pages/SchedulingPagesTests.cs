using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Accounts;
using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Features.Dashboard;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.Interviews.Pages;

public sealed partial class SchedulingPagesTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    [Fact]
    public async Task Scheduling_one_candidate_creates_the_interview_and_e_mails_a_working_link()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync("Platform Engineer");
        var email = $"grace-{Guid.NewGuid():N}@example.com";

        var page = await org.Admin.SubmitExpectingPageAsync($"/app/interviews/new?job_id={job}", "schedule", new Dictionary<string, string>
        {
            ["Input.JobId"] = job.ToString(), ["Input.Name"] = "Grace Hopper", ["Input.Email"] = email, ["Input.ExternalId"] = "ATS-9", ["Input.ExpiresInHours"] = "48",
        });

        page.ShouldContain("Interview scheduled");
        page.ShouldContain("Copy link");
        var shownLink = WorkspaceOrg.CandidateLinkPattern().Match(page).Value;
        var interview = await org.DbAsync(db => db.Interviews.SingleAsync(i => i.CandidateEmail == email));
        (interview.CandidateName, interview.ExternalId, interview.JobId, interview.Status).ShouldBe(("Grace Hopper", "ATS-9", job, InterviewStatus.Scheduled));
        var mailed = await org.InvitationLinkAsync(email);
        mailed.ShouldBe(shownLink);
        var body = await app.WaitForMailAsync(email, "Your interview for Platform Engineer at Acme");
        body.ShouldContain("Platform Engineer");
        body.ShouldContain("UTC");
        (await org.CandidateLinkStatusAsync(mailed)).ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_page_shows_the_APIs_validation_beside_the_fields()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        var page = await org.Admin.SubmitExpectingPageAsync($"/app/interviews/new?job_id={job}", "schedule", new Dictionary<string, string>
        {
            ["Input.JobId"] = job.ToString(), ["Input.Name"] = " ", ["Input.Email"] = "not-an-email", ["Input.ExpiresInHours"] = "0",
        });
        page.ShouldContain("Enter the candidate's name.");
        page.ShouldContain("Enter an e-mail address like name@example.com.");
        page.ShouldContain("Enter between 1 and");
        (await org.DbAsync(db => db.Interviews.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task A_CSV_is_checked_row_by_row_and_only_the_valid_rows_are_scheduled_on_confirmation()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var csv = $"""
            name,email,external_id
            Ann Able,ann-{tag}@example.com,A-1
            ,nameless-{tag}@example.com,A-2
            Bob Bad,not-an-email,A-3
            Cy Copy,ANN-{tag}@example.com,A-4
            "Dee, Quoted",dee-{tag}@example.com,
            """;

        var report = await UploadAsync(org, job, csv);
        report.ShouldContain("2 ready to schedule");
        report.ShouldContain("Missing name");
        report.ShouldContain("Invalid e-mail");
        report.ShouldContain("Duplicate e-mail in the file (first on line 2)");
        (await org.DbAsync(db => db.Interviews.CountAsync())).ShouldBe(0, "nothing is scheduled before confirmation");

        var confirmation = ConfirmFields(report);
        confirmation.Keys.Order().ShouldBe(["Confirm.Csv", "Confirm.ExpiresInHours", "Confirm.JobId", "__RequestVerificationToken", "_handler"]);
        var response = await org.Admin.Client.PostAsync($"/app/interviews/import?job_id={job}", new FormUrlEncodedContent(confirmation));
        var results = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        response.StatusCode.ShouldBe(HttpStatusCode.OK, results[..Math.Min(2000, results.Length)]);
        results.ShouldContain("Scheduled 2 of 5");
        results.ShouldContain("Skipped: Missing name");

        var scheduled = await org.DbAsync(db => db.Interviews.OrderBy(i => i.CandidateName).Select(i => i.CandidateName).ToListAsync());
        scheduled.ShouldBe(["Ann Able", "Dee, Quoted"]);
        (await org.InvitationLinkAsync($"dee-{tag}@example.com")).ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_file_without_the_header_is_refused_whole()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        var page = await UploadAsync(org, job, "Ann Able,ann@example.com\n");
        page.ShouldContain("must be a header naming the columns name and email");
    }

    [Fact]
    public async Task Resending_issues_a_new_link_and_the_old_one_stops_working()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        var email = $"resend-{Guid.NewGuid():N}@example.com";
        await ScheduleFromPageAsync(org, job, email);
        var oldLink = await org.InvitationLinkAsync(email);
        var id = await org.DbAsync(db => db.Interviews.Where(i => i.CandidateEmail == email).Select(i => i.Id).SingleAsync());

        var confirm = await org.Admin.GetPageAsync($"/app/interviews/{id}/resend");
        WebUtility.HtmlDecode(confirm).ShouldContain("The previous link stops working");
        var done = await org.Admin.SubmitExpectingPageAsync($"/app/interviews/{id}/resend", "resend", new Dictionary<string, string>());
        done.ShouldContain("A new link was sent");
        done.ShouldContain("the previous one no longer works");

        var newLink = await org.InvitationLinkAsync(email, "New link: your interview for");
        newLink.ShouldNotBe(oldLink);
        (await org.CandidateLinkStatusAsync(newLink)).ShouldBe(HttpStatusCode.OK);
        (await org.CandidateLinkStatusAsync(oldLink)).ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.Gone);
    }

    [Fact]
    public async Task Cancelling_from_the_page_uses_the_APIs_cancel()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        var scheduled = await org.Api.ScheduleAsync(job, "Carl Cancel", "carl@example.com");

        var done = await org.Admin.SubmitExpectingPageAsync($"/app/interviews/{scheduled.InterviewId}/cancel", "cancel", new Dictionary<string, string>());
        done.ShouldContain("Interview cancelled");
        var status = await org.Api.Api.GetJson($"/api/v1/interviews/{scheduled.InterviewId}/status");
        status["status"]!.GetValue<string>().ShouldBe("cancelled");
        (await org.Admin.GetPageAsync($"/app/interviews/{scheduled.InterviewId}/cancel")).ShouldContain("can no longer be cancelled");
    }

    [Fact]
    public async Task An_Evaluator_can_neither_schedule_nor_cancel_nor_resend()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        var scheduled = await org.Api.ScheduleAsync(job, "Ed Evaluated", "ed@example.com");
        var evaluator = await org.MemberAsync(MemberRole.Evaluator);

        foreach (var url in new[] { $"/app/interviews/new?job_id={job}", "/app/interviews/import", $"/app/interviews/{scheduled.InterviewId}/cancel", $"/app/interviews/{scheduled.InterviewId}/resend" })
        {
            var response = await evaluator.Client.GetAsync(url);
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, url);
            response.Headers.Location!.OriginalString.ShouldContain("/access-denied");
        }
        // Posting a form lifted from the dashboard does not get through either.
        var token = AntiforgeryToken(await evaluator.GetPageAsync("/app"));
        var post = await evaluator.Client.PostAsync($"/app/interviews/{scheduled.InterviewId}/cancel",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["_handler"] = "cancel" }));
        post.StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.Forbidden);
        (await org.Api.Api.GetJson($"/api/v1/interviews/{scheduled.InterviewId}/status"))["status"]!.GetValue<string>().ShouldBe("scheduled");
    }

    [Fact]
    public async Task Another_organisations_interview_is_not_found()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var other = await WorkspaceOrg.CreateAsync(app, "Other");
        var theirs = await other.Api.ScheduleAsync(await other.CreateJobAsync(), "Theo Theirs", "theo@example.com");

        (await org.Admin.GetPageAsync($"/app/interviews/{theirs.InterviewId}/cancel", HttpStatusCode.NotFound)).ShouldNotContain("Theo");
        (await org.Admin.GetPageAsync($"/app/interviews/{theirs.InterviewId}/resend", HttpStatusCode.NotFound)).ShouldNotContain("Theo");
        var token = AntiforgeryToken(await org.Admin.GetPageAsync("/app"));
        var post = await org.Admin.Client.PostAsync($"/app/interviews/{theirs.InterviewId}/cancel",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token, ["_handler"] = "cancel" }));
        // Refused before any handler runs: the page renders no cancel form for an interview it cannot see.
        post.StatusCode.ShouldBeOneOf(HttpStatusCode.NotFound, HttpStatusCode.BadRequest);
        (await other.Api.Api.GetJson($"/api/v1/interviews/{theirs.InterviewId}/status"))["status"]!.GetValue<string>().ShouldBe("scheduled");
    }

    [Fact]
    public async Task Posts_without_the_antiforgery_token_are_refused()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        var scheduled = await org.Api.ScheduleAsync(job, "Anti Forgery", "anti@example.com");

        var cancel = await org.Admin.Client.PostAsync($"/app/interviews/{scheduled.InterviewId}/cancel",
            new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "cancel" }));
        cancel.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var schedule = await org.Admin.Client.PostAsync("/app/interviews/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "schedule", ["Input.JobId"] = job.ToString(), ["Input.Name"] = "Forged", ["Input.Email"] = "forged@example.com",
        }));
        schedule.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await org.DbAsync(db => db.Interviews.CountAsync())).ShouldBe(1);
        (await org.Api.Api.GetJson($"/api/v1/interviews/{scheduled.InterviewId}/status"))["status"]!.GetValue<string>().ShouldBe("scheduled");
    }

    private static async Task ScheduleFromPageAsync(WorkspaceOrg org, Guid job, string email) =>
        (await org.Admin.SubmitExpectingPageAsync($"/app/interviews/new?job_id={job}", "schedule", new Dictionary<string, string>
        {
            ["Input.JobId"] = job.ToString(), ["Input.Name"] = "Rita Resend", ["Input.Email"] = email,
        })).ShouldContain("Interview scheduled");

    private static async Task<string> UploadAsync(WorkspaceOrg org, Guid job, string csv)
    {
        var url = $"/app/interviews/import?job_id={job}";
        var token = AntiforgeryToken(await org.Admin.GetPageAsync(url));
        using var form = new MultipartFormDataContent
        {
            { new StringContent(token), "__RequestVerificationToken" },
            { new StringContent("upload"), "_handler" },
            { new StringContent(job.ToString()), "Upload.JobId" },
            { new StringContent(""), "Upload.ExpiresInHours" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes(csv)), "file", "candidates.csv" },
        };
        var response = await org.Admin.Client.PostAsync(url, form);
        var html = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        response.StatusCode.ShouldBe(HttpStatusCode.OK, html[..Math.Min(2000, html.Length)]);
        return html;
    }

    /// <summary>The confirm form's hidden fields, as a browser would post them.</summary>
    private static Dictionary<string, string> ConfirmFields(string html)
    {
        var form = ConfirmFormPattern().Match(html);
        form.Success.ShouldBeTrue("the report has a confirm form");
        return HiddenPattern().Matches(form.Value).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["value"].Value);
    }

    private static string AntiforgeryToken(string html) =>
        WebUtility.HtmlDecode(HiddenPattern().Matches(html).First(m => m.Groups["name"].Value == "__RequestVerificationToken").Groups["value"].Value);

    [GeneratedRegex("<form\\b[^>]*>(?:(?!</form>).)*name=\"_handler\" value=\"confirm\".*?</form>", RegexOptions.Singleline)]
    private static partial Regex ConfirmFormPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenPattern();
}
