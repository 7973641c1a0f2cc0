using System.Net;
using Candor.Web.Infrastructure;
using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Features.Dashboard;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.Interviews;

/// <summary>Scheduling the same candidate twice for a job needs an explicit retake; an address must be deliverable everywhere.</summary>
public sealed class DuplicatesAndAddressesTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    private const string SchedulePath = "/api/v1/interviews/schedule";

    [Theory]
    [InlineData("test@example")]
    [InlineData("ann@localhost")]
    [InlineData("ann @example.com")]
    [InlineData("ann@exa mple.com")]
    [InlineData("Ann <ann@example.com>")]
    [InlineData("\"ann\"@example.com")]
    [InlineData("ann@@example.com")]
    [InlineData("ann@example..com")]
    [InlineData(".ann@example.com")]
    [InlineData("ann.@example.com")]
    [InlineData("ann@-example.com")]
    [InlineData("ann@example.c")]
    [InlineData("ann@example.123")]
    [InlineData("ann@[192.168.0.1]")]
    [InlineData("ann@example.com.")]
    public void Undeliverable_forms_are_refused(string address) =>
        EmailAddresses.IsDeliverable(address).ShouldBeFalse(address);

    [Theory]
    [InlineData("ann@example.com")]
    [InlineData("ann.lee+jobs@mail.example.co.uk")]
    [InlineData("o'brien@example.ie")]
    [InlineData("ann_lee@xn--bcher-kva.example")]
    [InlineData("ann@bücher.de")]
    public void Ordinary_addresses_are_accepted(string address) =>
        EmailAddresses.IsDeliverable(address).ShouldBeTrue(address);

    [Fact]
    public void Lengths_past_the_RFC_limits_are_refused()
    {
        EmailAddresses.IsDeliverable(new string('a', 65) + "@example.com").ShouldBeFalse("local part over 64");
        EmailAddresses.IsDeliverable("a@" + new string('b', 64) + ".com").ShouldBeFalse("label over 63");
        EmailAddresses.IsDeliverable("a@" + string.Join('.', Enumerable.Repeat(new string('b', 60), 5)) + ".com").ShouldBeFalse("over 254 in all");
    }

    [Fact]
    public async Task The_API_refuses_an_undeliverable_address_with_a_field_error()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        var problem = await (await org.Api.Api.PostJson(SchedulePath, new { job_id = job, candidate = new { name = "Tess Test", email = "test@example" } }))
            .Problem(HttpStatusCode.BadRequest);
        problem["errors"]!["candidate.email"]![0]!.GetValue<string>().ShouldContain("name@example.com");
        (await org.DbAsync(db => db.Interviews.CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task The_schedule_page_and_the_team_invite_refuse_an_undeliverable_address()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        var page = await org.Admin.SubmitExpectingPageAsync($"/app/interviews/new?job_id={job}", "schedule", new Dictionary<string, string>
        {
            ["Input.JobId"] = job.ToString(), ["Input.Name"] = "Tess Test", ["Input.Email"] = "test@example",
        });
        WebUtility.HtmlDecode(page).ShouldContain("Enter an e-mail address like name@example.com.");
        (await org.DbAsync(db => db.Interviews.CountAsync())).ShouldBe(0);

        var team = await org.Admin.SubmitExpectingPageAsync("/app/team", "invite", new Dictionary<string, string>
        {
            ["Invite.Email"] = "colleague@example", ["Invite.Role"] = "Recruiter",
        });
        WebUtility.HtmlDecode(team).ShouldContain("Enter an e-mail address like name@example.com.");
        (await app.MailsQueuedToAsync("colleague@example")).ShouldBe(0);
    }

    [Fact]
    public async Task The_API_answers_409_for_a_candidate_with_an_open_interview_unless_it_is_a_retake()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        var email = $"dup-{Guid.NewGuid():N}@example.com";
        var first = await org.Api.ScheduleAsync(job, "Dora Dup", email);

        // The same person, the address typed differently.
        var conflict = await (await org.Api.Api.PostJson(SchedulePath, new { job_id = job, candidate = new { name = "Dora Dup", email = email.ToUpperInvariant() } }))
            .Problem(HttpStatusCode.Conflict);
        conflict["code"]!.GetValue<string>().ShouldBe("duplicate_candidate");
        conflict["existing_interview_id"]!.GetValue<Guid>().ShouldBe(first.InterviewId);
        conflict["existing_status"]!.GetValue<string>().ShouldBe("scheduled");
        (await org.DbAsync(db => db.Interviews.CountAsync())).ShouldBe(1);

        // Another job is another interview; a retake is allowed when asked for.
        await org.Api.ScheduleAsync(await org.CreateJobAsync("Data Engineer"), "Dora Dup", email);
        var retake = await (await org.Api.Api.PostJson(SchedulePath, new { job_id = job, candidate = new { name = "Dora Dup", email }, retake = true }))
            .Json(HttpStatusCode.Created);
        retake["interview_id"]!.GetValue<Guid>().ShouldNotBe(first.InterviewId);
    }

    [Fact]
    public async Task The_OpenAPI_document_describes_retake_and_the_409()
    {
        var document = await app.CreateClient().GetJson("/openapi/v1.json");
        var schedule = document["paths"]!["/api/v1/interviews/schedule"]!["post"]!;
        schedule["responses"]!["409"].ShouldNotBeNull();
        schedule["description"]!.GetValue<string>().ShouldContain("duplicate_candidate");
        var retake = document["components"]!["schemas"]!["ScheduleInterviewRequest"]!["properties"]!["retake"]!;
        retake["description"]!.GetValue<string>().ShouldContain("duplicate_candidate");
    }

    [Fact]
    public async Task A_completed_interview_counts_and_a_cancelled_one_does_not()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        var email = $"done-{Guid.NewGuid():N}@example.com";
        var done = await org.Api.ScheduleAsync(job, "Cal Complete", email);
        await org.Api.CompleteAsync(done.Token, _ => "I would profile first, then add an index on the filtered column and measure again.");

        var conflict = await (await org.Api.Api.PostJson(SchedulePath, new { job_id = job, candidate = new { name = "Cal Complete", email } }))
            .Problem(HttpStatusCode.Conflict);
        conflict["existing_status"]!.GetValue<string>().ShouldBe("completed");

        var other = $"cancelled-{Guid.NewGuid():N}@example.com";
        var cancelled = await org.Api.ScheduleAsync(job, "Cy Cancelled", other);
        await (await org.Api.Api.PostJson($"/api/v1/interviews/{cancelled.InterviewId}/cancel")).Json();
        await org.Api.ScheduleAsync(job, "Cy Cancelled", other);
    }

    [Fact]
    public async Task An_idempotent_retry_replays_the_first_answer_instead_of_reporting_a_duplicate()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        var body = System.Text.Json.JsonSerializer.Serialize(new { job_id = job, candidate = new { name = "Ida Idem", email = $"ida-{Guid.NewGuid():N}@example.com" } });
        async Task<HttpResponseMessage> PostAsync()
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, SchedulePath) { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", "schedule-ida");
            return await org.Api.Api.SendAsync(request);
        }
        var first = await (await PostAsync()).Json(HttpStatusCode.Created);
        var replay = await PostAsync();
        (await replay.Json(HttpStatusCode.Created))["interview_id"]!.GetValue<Guid>().ShouldBe(first["interview_id"]!.GetValue<Guid>());
        replay.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
    }

    [Fact]
    public async Task The_schedule_page_warns_about_a_duplicate_and_schedules_a_retake_only_when_asked()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync("Platform Engineer");
        var email = $"page-dup-{Guid.NewGuid():N}@example.com";
        var existing = await org.Api.ScheduleAsync(job, "Pat Page", email);
        var fields = new Dictionary<string, string> { ["Input.JobId"] = job.ToString(), ["Input.Name"] = "Pat Page", ["Input.Email"] = email };

        var warning = WebUtility.HtmlDecode(await org.Admin.SubmitExpectingPageAsync($"/app/interviews/new?job_id={job}", "schedule", fields));
        warning.ShouldContain($"{email} already has an open interview for Platform Engineer.");
        warning.ShouldContain($"/app/interviews/{existing.InterviewId}");
        warning.ShouldContain("Schedule a retake");
        warning.ShouldNotContain("Interview scheduled");
        (await org.DbAsync(db => db.Interviews.CountAsync())).ShouldBe(1);

        var retake = await org.Admin.SubmitExpectingPageAsync($"/app/interviews/new?job_id={job}", "schedule", new Dictionary<string, string>(fields) { ["Input.Retake"] = "true" });
        retake.ShouldContain("Interview scheduled");
        (await org.DbAsync(db => db.Interviews.CountAsync())).ShouldBe(2);
    }
}
