using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Features.Greenhouse;
using Candor.Web.Tests.Features.Dashboard;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Features.Greenhouse;

/// <summary>Greenhouse's whole assessment loop over real HTTP: list, send (and the candidate's e-mail), interview, status, completion PATCH.</summary>
public sealed class GreenhouseFlowTests(GreenhouseApp app) : IClassFixture<GreenhouseApp>
{
    private const string Api = "/api/v1/integrations/greenhouse";

    [Fact]
    public async Task List_tests_offers_the_organisations_jobs_and_no_one_elses()
    {
        var mine = await app.CreateTenantAsync("Mine");
        var theirs = await app.CreateTenantAsync("Theirs");
        var myJob = await new InterviewDriver(app, mine).CreateJobAsync("Staff Platform Engineer");
        await new InterviewDriver(app, theirs).CreateJobAsync("Their Secret Role");

        var tests = (await app.GreenhouseClient(mine.ApiKey).GetJson($"{Api}/list_tests")).AsArray();

        var test = tests.ShouldHaveSingleItem()!.AsObject();
        test.Select(p => p.Key).ShouldBe(["partner_test_id", "partner_test_name"], ignoreOrder: true);
        test["partner_test_id"]!.GetValueKind().ShouldBe(System.Text.Json.JsonValueKind.String);
        test["partner_test_id"]!.GetValue<string>().ShouldBe(myJob["id"]!.GetValue<string>());
        test["partner_test_name"]!.GetValue<string>().ShouldBe("Staff Platform Engineer");
    }

    [Fact]
    public async Task Send_test_e_mails_the_candidate_their_link_and_answers_with_the_interview_id_alone()
    {
        var tenant = await app.CreateTenantAsync("Acme");
        var job = await new InterviewDriver(app, tenant).CreateJobAsync("Platform Engineer");
        var client = app.GreenhouseClient(tenant.ApiKey);
        var email = Email();
        var callbackUrl = $"https://app.greenhouse.io/integrations/testing_partners/take_home_tests/{Guid.NewGuid()}";

        var response = await client.PostJson($"{Api}/send_test", SendTestBody(job, callbackUrl, email, preferredName: "Tina", sentBy: "recruiter@acme.example"));
        var text = await response.Content.ReadAsStringAsync();
        var sent = await response.Json();

        // "a single object that contains a single key": the candidate's secret link never goes back to Greenhouse.
        sent.AsObject().Select(p => p.Key).ShouldBe(["partner_interview_id"]);
        text.ShouldNotContain("/i/");
        var interviewId = Guid.Parse(sent["partner_interview_id"]!.GetValue<string>());

        var body = await app.WaitForMailAsync(email, "Your interview for Platform Engineer at Acme");
        body.ShouldContain("Hello Tina Thompson,");
        var link = WorkspaceOrg.CandidateLinkPattern().Match(body).Value;
        (await app.Candidate().GetAsync($"/api/v1/sessions/{WorkspaceOrg.TokenOf(link)}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var status = await tenant.Client.GetJson($"/api/v1/interviews/{interviewId}/status");
        status["candidate"]!["name"]!.GetValue<string>().ShouldBe("Tina Thompson");
        var row = await app.WithDbAsync(tenant.OrganizationId, db => db.GreenhouseAssessments.AsNoTracking().SingleAsync(a => a.InterviewId == interviewId));
        row.SentBy.ShouldBe("recruiter@acme.example");
        row.Candidate.FirstName.ShouldBe("Christina");
        row.Candidate.PreferredName.ShouldBe("Tina");
        row.ApiKeyEncrypted.ShouldNotBeNull().ShouldNotContain(tenant.ApiKey);

        // Greenhouse retrying gets the same interview and the candidate no second e-mail.
        (await (await client.PostJson($"{Api}/send_test", SendTestBody(job, callbackUrl, email, preferredName: "Tina"))).Json())["partner_interview_id"]!
            .GetValue<string>().ShouldBe(interviewId.ToString());
        (await app.MailsQueuedToAsync(email)).ShouldBe(1);
    }

    [Fact]
    public async Task A_sent_test_is_an_interview_that_turns_complete_with_a_score_and_one_PATCH_as_Greenhouse_documents_it()
    {
        var tenant = await app.CreateTenantAsync();
        await using var greenhouse = await FakeGreenhouse.StartAsync(tenant.ApiKey);
        var driver = new InterviewDriver(app, tenant);
        var job = await driver.CreateJobAsync();
        var client = app.GreenhouseClient(tenant.ApiKey);
        var email = Email();

        var sent = await SendTestAsync(client, job, greenhouse.TakeHomeTestUrl("12345"), email);
        var interviewId = sent["partner_interview_id"]!.GetValue<string>();
        sent["partner_interview_id"]!.GetValueKind().ShouldBe(System.Text.Json.JsonValueKind.String);

        var status = await tenant.Client.GetJson($"/api/v1/interviews/{interviewId}/status");
        status["candidate"]!["name"]!.GetValue<string>().ShouldBe("Harry Potter");
        status["candidate"]!["email"]!.GetValue<string>().ShouldBe(email);
        status["job_id"]!.GetValue<string>().ShouldBe(job["id"]!.GetValue<string>());

        var pending = await client.GetJson($"{Api}/test_status?partner_interview_id={interviewId}");
        pending["partner_status"]!.GetValue<string>().ShouldBe("sent");
        pending["partner_score"].ShouldBeNull();

        var link = await app.InvitationLinkAsync(email);
        await driver.CompleteAsync(WorkspaceOrg.TokenOf(link), new CandidatePersonas(job).Strong);
        var results = await driver.WaitForResultsAsync(Guid.Parse(interviewId));

        var complete = await client.GetJson($"{Api}/test_status?partner_interview_id={interviewId}");
        complete["partner_status"]!.GetValue<string>().ShouldBe("complete");
        complete["partner_score"]!.GetValue<int>().ShouldBe(results["report"]!["overall"]!.GetValue<int>());
        complete["partner_score"]!.GetValue<int>().ShouldBeInRange(0, 100);
        complete["partner_profile_url"]!.GetValue<string>().ShouldBe($"http://candor.test/app/interviews/{interviewId}");
        var metadata = complete["metadata"]!.AsObject();
        metadata["Results API"]!.GetValue<string>().ShouldBe($"http://candor.test/api/v1/interviews/{interviewId}/results");
        metadata["Outcome"]!.GetValue<string>().ShouldBe("Completed");
        metadata["Recommendation"]!.GetValue<string>().ShouldBeOneOf("Strong hire", "Hire");
        metadata["Technical Score"]!.GetValue<int>().ShouldBeInRange(0, 100);
        metadata["Communication Score"]!.GetValue<int>().ShouldBeInRange(0, 100);
        metadata["End Reason"]!.GetValue<string>().ShouldBe("Plan complete");
        // Greenhouse shows metadata as is: a flat object of primitives.
        metadata.ShouldAllBe(p => p.Value == null || p.Value is JsonValue);

        var patch = (await greenhouse.WaitForRequestsAsync(1)).ShouldHaveSingleItem();
        patch.Method.ShouldBe("PATCH");
        patch.Path.ShouldBe("/integrations/testing_partners/take_home_tests/12345");
        // As Greenhouse's example: the organisation's key as the Basic user name, an empty password, and no parameters.
        patch.Authorization.ShouldBe(GreenhouseApp.Basic(tenant.ApiKey, "").ToString());
        patch.Body.ShouldBeEmpty();
        patch.ContentType.ShouldBeNull();

        var row = await WaitForCallbackAsync(tenant.OrganizationId, Guid.Parse(interviewId), GreenhouseCallbackStatus.CallbackDelivered);
        row.CallbackAttempts.ShouldBe(1);
        row.LastError.ShouldBeNull();
        row.Candidate.GreenhouseProfileUrl.ShouldBe("https://app.greenhouse.io/people/17681532?application_id=26234709");
        await Task.Delay(500); // Nothing else is queued: the notice goes exactly once.
        greenhouse.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_cancelled_test_is_final_without_a_score_and_Greenhouse_is_told()
    {
        var tenant = await app.CreateTenantAsync();
        await using var greenhouse = await FakeGreenhouse.StartAsync(tenant.ApiKey);
        var job = await new InterviewDriver(app, tenant).CreateJobAsync();
        var client = app.GreenhouseClient(tenant.ApiKey);
        var interviewId = Id(await SendTestAsync(client, job, greenhouse.TakeHomeTestUrl("c-1"), Email()));

        (await tenant.Client.PostJson($"/api/v1/interviews/{interviewId}/cancel")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var status = await client.GetJson($"{Api}/test_status?partner_interview_id={interviewId}");
        status["partner_status"]!.GetValue<string>().ShouldBe("complete");
        status["partner_score"].ShouldBeNull();
        status["partner_profile_url"]!.GetValue<string>().ShouldBe($"http://candor.test/app/interviews/{interviewId}");
        status["metadata"]!["Candor Status"]!.GetValue<string>().ShouldBe("cancelled");
        status["metadata"]!["Outcome"]!.GetValue<string>().ShouldStartWith("Cancelled");

        var patch = (await greenhouse.WaitForRequestsAsync(1)).ShouldHaveSingleItem();
        patch.Authorization.ShouldBe(GreenhouseApp.Basic(tenant.ApiKey, "").ToString());
        (await WaitForCallbackAsync(tenant.OrganizationId, interviewId, GreenhouseCallbackStatus.CallbackDelivered)).CallbackAttempts.ShouldBe(1);
    }

    [Fact]
    public async Task An_expired_test_is_final_without_a_score_and_Greenhouse_is_told()
    {
        var tenant = await app.CreateTenantAsync();
        await using var greenhouse = await FakeGreenhouse.StartAsync(tenant.ApiKey);
        var job = await new InterviewDriver(app, tenant).CreateJobAsync();
        var client = app.GreenhouseClient(tenant.ApiKey);
        var interviewId = Id(await SendTestAsync(client, job, greenhouse.TakeHomeTestUrl("e-1"), Email()));

        await app.WithDbAsync(tenant.OrganizationId, db => db.Interviews.Where(i => i.Id == interviewId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        await app.Services.GetRequiredService<Candor.Web.Features.Interviews.InterviewSweeper>().SweepAsync(CancellationToken.None);

        var status = await client.GetJson($"{Api}/test_status?partner_interview_id={interviewId}");
        status["partner_status"]!.GetValue<string>().ShouldBe("complete");
        status["partner_score"].ShouldBeNull();
        status["metadata"]!["Candor Status"]!.GetValue<string>().ShouldBe("expired");
        status["metadata"]!["Outcome"]!.GetValue<string>().ShouldStartWith("Not taken");

        var patch = (await greenhouse.WaitForRequestsAsync(1)).ShouldHaveSingleItem();
        patch.Method.ShouldBe("PATCH");
        patch.Path.ShouldEndWith("/e-1");
        (await WaitForCallbackAsync(tenant.OrganizationId, interviewId, GreenhouseCallbackStatus.CallbackDelivered)).CallbackAttempts.ShouldBe(1);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(429)]
    public async Task A_PATCH_that_fails_for_now_is_sent_again_by_the_job_queue(int status)
    {
        var tenant = await app.CreateTenantAsync();
        await using var greenhouse = await FakeGreenhouse.StartAsync(tenant.ApiKey, failFirst: 1, failWith: status);
        var job = await new InterviewDriver(app, tenant).CreateJobAsync();
        var interviewId = Id(await SendTestAsync(app.GreenhouseClient(tenant.ApiKey), job, greenhouse.TakeHomeTestUrl("777"), Email()));

        (await tenant.Client.PostJson($"/api/v1/interviews/{interviewId}/cancel")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var requests = await greenhouse.WaitForRequestsAsync(2);
        requests.ShouldAllBe(r => r.Method == "PATCH" && r.Path.EndsWith("/777", StringComparison.Ordinal));
        var row = await WaitForCallbackAsync(tenant.OrganizationId, interviewId, GreenhouseCallbackStatus.CallbackDelivered);
        row.CallbackAttempts.ShouldBe(2);
        row.LastError.ShouldBeNull();
    }

    [Theory]
    [InlineData(400)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(410)]
    [InlineData(422)]
    public async Task A_PATCH_refused_for_good_is_not_retried(int status)
    {
        var tenant = await app.CreateTenantAsync();
        await using var greenhouse = await FakeGreenhouse.StartAsync(tenant.ApiKey, failFirst: 100, failWith: status);
        var job = await new InterviewDriver(app, tenant).CreateJobAsync();
        var interviewId = Id(await SendTestAsync(app.GreenhouseClient(tenant.ApiKey), job, greenhouse.TakeHomeTestUrl("gone"), Email()));

        (await tenant.Client.PostJson($"/api/v1/interviews/{interviewId}/cancel")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var row = await WaitForCallbackAsync(tenant.OrganizationId, interviewId, GreenhouseCallbackStatus.CallbackFailed);
        row.LastError.ShouldNotBeNull().ShouldContain($"Greenhouse answered HTTP {status}");
        (await WaitForDeadCallbackJobAsync(tenant.OrganizationId)).Attempts.ShouldBe(1);
        await Task.Delay(500); // The queue retries after ~50 ms here: a retry would have arrived by now.
        greenhouse.Requests.Count.ShouldBe(1);
        row = await app.WithDbAsync(tenant.OrganizationId, db => db.GreenhouseAssessments.AsNoTracking().SingleAsync(a => a.InterviewId == interviewId));
        row.CallbackAttempts.ShouldBe(1);
    }

    [Fact]
    public async Task A_PATCH_with_a_key_Greenhouse_does_not_hold_gets_401_and_is_not_retried()
    {
        var tenant = await app.CreateTenantAsync();
        await using var greenhouse = await FakeGreenhouse.StartAsync(apiKey: "cnd_another_key_greenhouse_holds_for_this_org");
        var job = await new InterviewDriver(app, tenant).CreateJobAsync();
        var interviewId = Id(await SendTestAsync(app.GreenhouseClient(tenant.ApiKey), job, greenhouse.TakeHomeTestUrl("401"), Email()));

        (await tenant.Client.PostJson($"/api/v1/interviews/{interviewId}/cancel")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await WaitForCallbackAsync(tenant.OrganizationId, interviewId, GreenhouseCallbackStatus.CallbackFailed)).LastError.ShouldNotBeNull().ShouldContain("401");
        (await WaitForDeadCallbackJobAsync(tenant.OrganizationId)).Attempts.ShouldBe(1);
        greenhouse.Requests.ShouldHaveSingleItem().Authorization.ShouldBe(GreenhouseApp.Basic(tenant.ApiKey, "").ToString());
    }

    [Fact]
    public async Task After_the_key_is_rotated_the_PATCH_uses_the_key_Greenhouse_now_holds()
    {
        var tenant = await app.CreateTenantAsync();
        var created = await (await tenant.Client.PostJson("/api/v1/api-keys", new { name = "Greenhouse", scopes = new[] { "interviews:write", "interviews:read" } }))
            .Json(HttpStatusCode.Created);
        var oldKey = created["key"]!.GetValue<string>();
        await using var greenhouse = await FakeGreenhouse.StartAsync(oldKey);
        var job = await new InterviewDriver(app, tenant).CreateJobAsync();
        var first = Id(await SendTestAsync(app.GreenhouseClient(oldKey), job, greenhouse.TakeHomeTestUrl("before-rotation")));

        var rotated = await (await tenant.Client.PostJson($"/api/v1/api-keys/{created["id"]}/rotate", new { grace_period_minutes = 0 })).Json(HttpStatusCode.Created);
        var newKey = rotated["key"]!.GetValue<string>();
        greenhouse.Holds(newKey);
        await SendTestAsync(app.GreenhouseClient(newKey), job, greenhouse.TakeHomeTestUrl("after-rotation"));
        (await tenant.Client.PostJson($"/api/v1/interviews/{first}/cancel")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await WaitForCallbackAsync(tenant.OrganizationId, first, GreenhouseCallbackStatus.CallbackDelivered)).CallbackAttempts.ShouldBe(1);
        greenhouse.Requests.ShouldHaveSingleItem().Authorization.ShouldBe(GreenhouseApp.Basic(newKey, "").ToString());
    }

    [Fact]
    public async Task A_test_sent_before_keys_were_kept_is_notified_with_the_organisations_recorded_key()
    {
        var tenant = await app.CreateTenantAsync();
        await using var greenhouse = await FakeGreenhouse.StartAsync(tenant.ApiKey);
        var job = await new InterviewDriver(app, tenant).CreateJobAsync();
        var client = app.GreenhouseClient(tenant.ApiKey);
        var legacy = Id(await SendTestAsync(client, job, greenhouse.TakeHomeTestUrl("legacy")));
        await app.WithDbAsync(tenant.OrganizationId, db => db.GreenhouseAssessments.Where(a => a.InterviewId == legacy)
            .ExecuteUpdateAsync(s => s.SetProperty(a => a.ApiKeyId, (Guid?)null).SetProperty(a => a.ApiKeyEncrypted, (string?)null)));
        await SendTestAsync(client, job, greenhouse.TakeHomeTestUrl("recent"));

        (await tenant.Client.PostJson($"/api/v1/interviews/{legacy}/cancel")).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await WaitForCallbackAsync(tenant.OrganizationId, legacy, GreenhouseCallbackStatus.CallbackDelivered)).CallbackAttempts.ShouldBe(1);
        greenhouse.Requests.ShouldHaveSingleItem().Path.ShouldEndWith("/legacy");
    }

    [Fact]
    public async Task Response_error_reports_are_acknowledged()
    {
        var tenant = await app.CreateTenantAsync();
        var answer = await (await app.GreenhouseClient(tenant.ApiKey).PostJson($"{Api}/response_error", new
        {
            api_call = "test_status",
            errors = new[] { "partner_status is 'complete' but partner_profile url is missing" },
            partner_test_id = 12345,
            partner_test_name = "Personality Test",
            partner_interview_id = 299506,
            candidate_email = "hpotter@hogwarts.edu",
        })).Json();
        answer["status"]!.GetValue<int>().ShouldBe(200);
    }

    /// <summary>A fresh address per test: every test's invitation lands in the same mail folder.</summary>
    internal static string Email() => $"hpotter-{Guid.NewGuid():N}@hogwarts.edu";

    internal static async Task<JsonNode> SendTestAsync(HttpClient client, JsonNode job, string callbackUrl, string? email = null) =>
        await (await client.PostJson($"{Api}/send_test", SendTestBody(job, callbackUrl, email ?? Email()))).Json();

    /// <summary>Greenhouse's documented send_test body (Harry Potter, with preferred_name and sent_by as sent since 2024).</summary>
    private static object SendTestBody(JsonNode job, string callbackUrl, string email, string? preferredName = null, string? sentBy = "test_sender@example.org") => new
    {
        partner_test_id = job["id"]!.GetValue<string>(),
        candidate = preferredName is null
            ? (object)new
            {
                first_name = "Harry",
                last_name = "Potter",
                preferred_name = "Harry",
                resume_url = "https://hogwarts.com/resume",
                phone_number = "123-456-7890",
                email,
                greenhouse_profile_url = "https://app.greenhouse.io/people/17681532?application_id=26234709",
            }
            : new { first_name = "Christina", last_name = "Thompson", preferred_name = preferredName, email },
        sent_by = sentBy,
        url = callbackUrl,
    };

    private static Guid Id(JsonNode sent) => Guid.Parse(sent["partner_interview_id"]!.GetValue<string>());

    private async Task<GreenhouseAssessment> WaitForCallbackAsync(Guid organizationId, Guid interviewId, GreenhouseCallbackStatus expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var row = await app.WithDbAsync(organizationId, db => db.GreenhouseAssessments.AsNoTracking().SingleAsync(a => a.InterviewId == interviewId));
            if (row.Status == expected || DateTime.UtcNow > deadline)
            {
                row.Status.ShouldBe(expected, $"last error: {row.LastError}");
                return row;
            }
            await Task.Delay(50);
        }
    }

    private async Task<Candor.Web.Data.Entities.BackgroundJob> WaitForDeadCallbackJobAsync(Guid organizationId)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var job = await app.WithDbAsync(organizationId, db => db.BackgroundJobs.AsNoTracking()
                .SingleAsync(j => j.Kind == GreenhouseCallbackJob.JobKind && j.OrganizationId == organizationId));
            if (job.Status == Candor.Web.Data.Entities.BackgroundJobStatus.Dead || DateTime.UtcNow > deadline)
            {
                job.Status.ShouldBe(Candor.Web.Data.Entities.BackgroundJobStatus.Dead, $"last error: {job.LastError}");
                return job;
            }
            await Task.Delay(50);
        }
    }
}
