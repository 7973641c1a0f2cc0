using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Features.Greenhouse;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.Greenhouse;

/// <summary>Greenhouse's whole assessment loop over real HTTP: list, send, interview, status, completion PATCH.</summary>
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
    public async Task A_sent_test_is_an_interview_that_turns_complete_with_a_score_and_one_PATCH()
    {
        await using var greenhouse = await FakeGreenhouse.StartAsync();
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var job = await driver.CreateJobAsync();
        var client = app.GreenhouseClient(tenant.ApiKey);

        var sent = await SendTestAsync(client, job, greenhouse.TakeHomeTestUrl("12345"));
        var interviewId = sent["partner_interview_id"]!.GetValue<string>();
        sent["partner_interview_id"]!.GetValueKind().ShouldBe(System.Text.Json.JsonValueKind.String);

        var status = await tenant.Client.GetJson($"/api/v1/interviews/{interviewId}/status");
        status["candidate"]!["name"]!.GetValue<string>().ShouldBe("Harry Potter");
        status["candidate"]!["email"]!.GetValue<string>().ShouldBe("hpotter@hogwarts.edu");
        status["job_id"]!.GetValue<string>().ShouldBe(job["id"]!.GetValue<string>());

        var pending = await client.GetJson($"{Api}/test_status?partner_interview_id={interviewId}");
        pending["partner_status"]!.GetValue<string>().ShouldNotBe("complete");
        pending["partner_score"].ShouldBeNull();

        var url = sent["interview_url"]!.GetValue<string>();
        await driver.CompleteAsync(url[(url.LastIndexOf('/') + 1)..], new CandidatePersonas(job).Strong);
        var results = await driver.WaitForResultsAsync(Guid.Parse(interviewId));

        var complete = await client.GetJson($"{Api}/test_status?partner_interview_id={interviewId}");
        complete["partner_status"]!.GetValue<string>().ShouldBe("complete");
        complete["partner_score"]!.GetValue<int>().ShouldBe(results["report"]!["overall"]!.GetValue<int>());
        complete["partner_score"]!.GetValue<int>().ShouldBeInRange(0, 100);
        complete["partner_profile_url"]!.GetValue<string>().ShouldBe($"http://candor.test/app/interviews/{interviewId}");
        var metadata = complete["metadata"]!.AsObject();
        metadata["Results API"]!.GetValue<string>().ShouldBe($"http://candor.test/api/v1/interviews/{interviewId}/results");
        metadata["Recommendation"]!.GetValue<string>().ShouldBeOneOf("Strong hire", "Hire");
        metadata["Technical Score"]!.GetValue<int>().ShouldBeInRange(0, 100);
        metadata["Communication Score"]!.GetValue<int>().ShouldBeInRange(0, 100);
        metadata["End Reason"]!.GetValue<string>().ShouldBe("Plan complete");
        // Greenhouse shows metadata as is: a flat object of primitives.
        metadata.ShouldAllBe(p => p.Value == null || p.Value is JsonValue);

        var patch = (await greenhouse.WaitForRequestsAsync(1)).ShouldHaveSingleItem();
        patch.Method.ShouldBe("PATCH");
        patch.Path.ShouldBe("/integrations/testing_partners/take_home_tests/12345");
        patch.Authorization.ShouldBe(GreenhouseApp.Basic(GreenhouseApp.CallbackUsername, GreenhouseApp.CallbackPassword).ToString());
        patch.ContentType.ShouldStartWith("application/json");
        patch.Json["partner_status"]!.GetValue<string>().ShouldBe("complete");
        patch.Json["partner_score"]!.GetValue<int>().ShouldBe(complete["partner_score"]!.GetValue<int>());
        patch.Json["partner_profile_url"]!.GetValue<string>().ShouldBe(complete["partner_profile_url"]!.GetValue<string>());
        patch.Json["metadata"]!.AsObject().Count.ShouldBe(metadata.Count);

        var row = await WaitForCallbackAsync(tenant.OrganizationId, Guid.Parse(interviewId), GreenhouseCallbackStatus.CallbackDelivered);
        row.CallbackAttempts.ShouldBe(1);
        row.LastError.ShouldBeNull();
        row.Candidate.GreenhouseProfileUrl.ShouldBe("https://app.greenhouse.io/people/17681532?application_id=26234709");
        await Task.Delay(500); // Nothing else is queued: the notice goes exactly once.
        greenhouse.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task A_PATCH_that_fails_is_sent_again_by_the_job_queue()
    {
        await using var greenhouse = await FakeGreenhouse.StartAsync(failFirst: 1);
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var job = await driver.CreateJobAsync();

        var sent = await SendTestAsync(app.GreenhouseClient(tenant.ApiKey), job, greenhouse.TakeHomeTestUrl("777"));
        var url = sent["interview_url"]!.GetValue<string>();
        await driver.CompleteAsync(url[(url.LastIndexOf('/') + 1)..], CandidatePersonas.Weak);

        var requests = await greenhouse.WaitForRequestsAsync(2);
        requests.ShouldAllBe(r => r.Method == "PATCH" && r.Path.EndsWith("/777", StringComparison.Ordinal));
        var row = await WaitForCallbackAsync(tenant.OrganizationId, Guid.Parse(sent["partner_interview_id"]!.GetValue<string>()), GreenhouseCallbackStatus.CallbackDelivered);
        row.CallbackAttempts.ShouldBe(2);
        row.LastError.ShouldBeNull();
    }

    [Fact]
    public async Task Greenhouse_retrying_send_test_gets_the_same_interview()
    {
        var tenant = await app.CreateTenantAsync();
        var job = await new InterviewDriver(app, tenant).CreateJobAsync();
        var client = app.GreenhouseClient(tenant.ApiKey);

        var first = await SendTestAsync(client, job, "https://app.greenhouse.io/integrations/testing_partners/take_home_tests/1");
        var again = await SendTestAsync(client, job, "https://app.greenhouse.io/integrations/testing_partners/take_home_tests/1");
        var other = await SendTestAsync(client, job, "https://app.greenhouse.io/integrations/testing_partners/take_home_tests/2");

        again["partner_interview_id"]!.GetValue<string>().ShouldBe(first["partner_interview_id"]!.GetValue<string>());
        other["partner_interview_id"]!.GetValue<string>().ShouldNotBe(first["partner_interview_id"]!.GetValue<string>());
        (await tenant.Client.GetJson("/api/v1/interviews"))["total"]!.GetValue<int>().ShouldBe(2);
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

    internal static async Task<JsonNode> SendTestAsync(HttpClient client, JsonNode job, string callbackUrl) =>
        await (await client.PostJson($"{Api}/send_test", new
        {
            partner_test_id = job["id"]!.GetValue<string>(),
            candidate = new
            {
                first_name = "Harry",
                last_name = "Potter",
                resume_url = "https://hogwarts.com/resume",
                phone_number = "123-456-7890",
                email = "hpotter@hogwarts.edu",
                greenhouse_profile_url = "https://app.greenhouse.io/people/17681532?application_id=26234709",
            },
            url = callbackUrl,
        })).Json();

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
}
