using System.Net;
using Candor.Web.Data.Entities;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features;

/// <summary>Every endpoint answers bad input with a clear problem and writes nothing.</summary>
public sealed class BadInputTests(CandorApp app) : IClassFixture<CandorApp>
{
    private static readonly string[] RecruiterGets = ["/api/v1/jobs", "/api/v1/interviews"];

    [Fact]
    public async Task Missing_or_wrong_api_key_is_401_with_a_problem()
    {
        var anonymous = app.CreateClient();
        foreach (var url in RecruiterGets)
        {
            var problem = await (await anonymous.GetAsync(url)).Problem(HttpStatusCode.Unauthorized);
            problem["detail"]!.GetValue<string>().ShouldContain("X-Api-Key");
        }
        await (await anonymous.PostJson("/api/v1/jobs", new { title = "x", description = "y" })).Problem(HttpStatusCode.Unauthorized);

        var wrong = app.CreateClient();
        wrong.DefaultRequestHeaders.Add("X-Api-Key", "cnd_nothere0_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        await (await wrong.GetAsync("/api/v1/jobs")).Problem(HttpStatusCode.Unauthorized);

        // A real key's prefix with a wrong secret must fail too.
        var tenant = await app.CreateTenantAsync();
        await (await app.WithBearer(tenant.ApiKey[..13] + new string('x', 31)).GetAsync("/api/v1/jobs")).Problem(HttpStatusCode.Unauthorized);
        // The same key as a bearer token works.
        (await app.WithBearer(tenant.ApiKey).GetAsync("/api/v1/jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task The_candidate_token_never_opens_recruiter_endpoints()
    {
        var tenant = await app.CreateTenantAsync();
        var interview = await new InterviewDriver(app, tenant).ScheduleNewAsync();
        var candidate = app.CreateClient();
        candidate.DefaultRequestHeaders.Add("X-Api-Key", interview.Token);
        await (await candidate.GetAsync($"/api/v1/interviews/{interview.InterviewId}/results")).Problem(HttpStatusCode.Unauthorized);
        await (await app.WithBearer(interview.Token).GetAsync($"/api/v1/interviews/{interview.InterviewId}/status")).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_without_the_scope_is_403()
    {
        var readOnly = await app.CreateTenantAsync("Readers", "interviews:read");
        await (await readOnly.Client.PostJson("/api/v1/jobs", new { title = "Engineer", description = "Builds things" })).Problem(HttpStatusCode.Forbidden);
        (await readOnly.Client.GetAsync("/api/v1/jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Unknown_and_foreign_ids_are_404_and_never_leak_another_tenants_data()
    {
        var owner = await app.CreateTenantAsync("Owner");
        var intruder = await app.CreateTenantAsync("Intruder");
        var driver = new InterviewDriver(app, owner);
        var job = await driver.CreateJobAsync();
        var jobId = job["id"]!.GetValue<string>();
        var interview = await driver.ScheduleAsync(Guid.Parse(jobId));

        foreach (var id in new[] { Guid.NewGuid().ToString(), jobId })
        {
            await (await intruder.Client.GetAsync($"/api/v1/jobs/{id}")).Problem(HttpStatusCode.NotFound);
            await (await intruder.Client.PutJson($"/api/v1/jobs/{id}/questions", new { questions = new[] { new { text = "Hi?", rubric = new { expected_points = new[] { "x" } } } } })).Problem(HttpStatusCode.NotFound);
            await (await intruder.Client.PostJson("/api/v1/interviews/schedule", new { job_id = id, candidate = new { name = "A", email = "a@example.com" } })).Problem(HttpStatusCode.NotFound);
        }
        foreach (var id in new[] { Guid.NewGuid(), interview.InterviewId })
        {
            await (await intruder.Client.GetAsync($"/api/v1/interviews/{id}/status")).Problem(HttpStatusCode.NotFound);
            await (await intruder.Client.GetAsync($"/api/v1/interviews/{id}/results")).Problem(HttpStatusCode.NotFound);
            await (await intruder.Client.PostJson($"/api/v1/interviews/{id}/cancel")).Problem(HttpStatusCode.NotFound);
        }
        (await intruder.Client.GetJson("/api/v1/jobs"))["total"]!.GetValue<int>().ShouldBe(0);
        (await intruder.Client.GetJson("/api/v1/interviews"))["total"]!.GetValue<int>().ShouldBe(0);
        (await intruder.Client.GetJson($"/api/v1/interviews?job_id={jobId}"))["total"]!.GetValue<int>().ShouldBe(0);

        // The owner's data is untouched by all of that.
        var status = await owner.Client.GetJson($"/api/v1/interviews/{interview.InterviewId}/status");
        status["status"]!.GetValue<string>().ShouldBe("scheduled");
        (await owner.Client.GetJson($"/api/v1/jobs/{jobId}"))["questions"]!.AsArray().Count.ShouldBe(job["questions"]!.AsArray().Count);
    }

    [Fact]
    public async Task Malformed_json_and_missing_fields_are_400_naming_the_field()
    {
        var tenant = await app.CreateTenantAsync();
        var malformed = await (await tenant.Client.PostRaw("/api/v1/jobs", "{\"title\": \"Engineer\", \"description\": ")).Problem(HttpStatusCode.BadRequest);
        malformed["code"]!.GetValue<string>().ShouldBe("malformed_json");

        var wrongType = await (await tenant.Client.PostRaw("/api/v1/jobs", "{\"title\": \"Engineer\", \"description\": \"x\", \"question_count\": \"ten\"}")).Problem(HttpStatusCode.BadRequest);
        wrongType["detail"]!.GetValue<string>().ShouldContain("question_count");

        var missing = await (await tenant.Client.PostJson("/api/v1/jobs", new { title = "Engineer" })).Problem(HttpStatusCode.BadRequest);
        missing["errors"]!["description"].ShouldNotBeNull();

        var badCount = await (await tenant.Client.PostJson("/api/v1/jobs", new { title = "Engineer", description = "Builds APIs", question_count = 30 })).Problem(HttpStatusCode.BadRequest);
        badCount["errors"]!["question_count"].ShouldNotBeNull();

        var badSchedule = await (await tenant.Client.PostJson("/api/v1/interviews/schedule", new { candidate = new { name = "", email = "not-an-email" } })).Problem(HttpStatusCode.BadRequest);
        badSchedule["errors"]!["job_id"].ShouldNotBeNull();
        badSchedule["errors"]!["candidate.name"].ShouldNotBeNull();
        badSchedule["errors"]!["candidate.email"].ShouldNotBeNull();

        var badSeniority = await (await tenant.Client.PostRaw("/api/v1/jobs", "{\"title\": \"E\", \"description\": \"x\", \"seniority\": \"wizard\"}")).Problem(HttpStatusCode.BadRequest);
        badSeniority["detail"]!.GetValue<string>().ShouldContain("seniority");

        await (await tenant.Client.GetAsync("/api/v1/interviews?status=bogus")).Problem(HttpStatusCode.BadRequest);
        await (await tenant.Client.GetAsync("/api/v1/interviews?page=0")).Problem(HttpStatusCode.BadRequest);

        // Nothing was half-written by any of it.
        (await tenant.Client.GetJson("/api/v1/jobs"))["total"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task Question_edits_are_validated_and_all_or_nothing()
    {
        var tenant = await app.CreateTenantAsync();
        var job = await new InterviewDriver(app, tenant).CreateJobAsync();
        var before = job["questions"]!.AsArray().Count;
        var problem = await (await tenant.Client.PutJson($"/api/v1/jobs/{job["id"]}/questions", new
        {
            questions = new object[]
            {
                new { id = job["questions"]![0]!["id"]!.GetValue<string>(), text = "Still fine?" },
                new { id = Guid.NewGuid(), text = "Unknown id" },
                new { text = "", rubric = new { expected_points = Array.Empty<string>() } },
            },
        })).Problem(HttpStatusCode.BadRequest);
        problem["errors"]!["questions[1].id"].ShouldNotBeNull();
        problem["errors"]!["questions[2].text"].ShouldNotBeNull();
        problem["errors"]!["questions[2].rubric.expected_points"].ShouldNotBeNull();
        await (await tenant.Client.PutJson($"/api/v1/jobs/{job["id"]}/questions", new { questions = Array.Empty<object>() })).Problem(HttpStatusCode.BadRequest);
        var nullQuestion = await (await tenant.Client.PutJson($"/api/v1/jobs/{job["id"]}/questions", new { questions = new object?[] { null } }))
            .Problem(HttpStatusCode.BadRequest);
        nullQuestion["errors"]!["questions[0]"].ShouldNotBeNull();

        var after = await tenant.Client.GetJson($"/api/v1/jobs/{job["id"]}");
        after["questions"]!.AsArray().Count.ShouldBe(before);
        after["questions"]![0]!["text"]!.GetValue<string>().ShouldBe(job["questions"]![0]!["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task Answers_over_20000_characters_are_400_and_not_stored()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var interview = await driver.ScheduleNewAsync();
        var turn = await driver.StartAsync(interview.Token);
        var problem = await (await app.Candidate().PostJson($"/api/v1/sessions/{interview.Token}/answers",
            new { turn_id = turn["turn_id"]!.GetValue<string>(), text = new string('a', 20_001) })).Problem(HttpStatusCode.BadRequest);
        problem["errors"]!["text"].ShouldNotBeNull();
        await (await app.Candidate().PostJson($"/api/v1/sessions/{interview.Token}/answers", new { text = "hello" })).Problem(HttpStatusCode.BadRequest);
        await (await app.Candidate().PostJson($"/api/v1/sessions/{interview.Token}/answers", new { turn_id = Guid.NewGuid(), text = "hello" })).Problem(HttpStatusCode.NotFound);

        var session = await app.Candidate().GetJson($"/api/v1/sessions/{interview.Token}");
        session["transcript"]!.AsArray().Count.ShouldBe(1);
        session["transcript"]![0]!["answer"].ShouldBeNull();
    }

    [Fact]
    public async Task Oversize_bodies_are_413()
    {
        var tenant = await app.CreateTenantAsync();
        var body = "{\"title\": \"x\", \"description\": \"" + new string('a', 300_000) + "\"}";
        var problem = await (await tenant.Client.PostRaw("/api/v1/jobs", body)).Problem(HttpStatusCode.RequestEntityTooLarge);
        problem["code"]!.GetValue<string>().ShouldBe("payload_too_large");
    }

    [Fact]
    public async Task Wrong_state_is_409()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var job = await driver.CreateJobAsync();
        var jobId = Guid.Parse(job["id"]!.GetValue<string>());

        // Ending an interview that never started.
        var scheduled = await driver.ScheduleAsync(jobId);
        await (await app.Candidate().PostJson($"/api/v1/sessions/{scheduled.Token}/end")).Problem(HttpStatusCode.Conflict);

        // Cancelling a completed interview; answering after the end.
        var done = await driver.ScheduleAsync(jobId);
        var turns = await driver.CompleteAsync(done.Token, CandidatePersonas.Weak);
        (await (await tenant.Client.PostJson($"/api/v1/interviews/{done.InterviewId}/cancel")).Problem(HttpStatusCode.Conflict))["code"]!.GetValue<string>().ShouldBe("wrong_state");
        await (await app.Candidate().PostJson($"/api/v1/sessions/{done.Token}/answers", new { turn_id = turns[^1]["turn_id"]!.GetValue<string>(), text = "one more thing" })).Problem(HttpStatusCode.Conflict);

        // A stale turn: answering an earlier turn once the interview has moved on.
        var running = await driver.ScheduleAsync(jobId);
        var first = await driver.StartAsync(running.Token);
        var second = await driver.AnswerAsync(running.Token, first, "I build backend systems.");
        await driver.AnswerAsync(running.Token, second, "Something.");
        var stale = await (await app.Candidate().PostJson($"/api/v1/sessions/{running.Token}/answers", new { turn_id = first["turn_id"]!.GetValue<string>(), text = "again" })).Problem(HttpStatusCode.Conflict);
        stale["code"]!.GetValue<string>().ShouldBe("stale_turn");
    }

    [Fact]
    public async Task Expired_and_cancelled_links_are_410_and_unknown_links_404()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var jobId = Guid.Parse((await driver.CreateJobAsync())["id"]!.GetValue<string>());

        var cancelled = await driver.ScheduleAsync(jobId);
        var started = await driver.StartAsync(cancelled.Token);
        (await tenant.Client.PostJson($"/api/v1/interviews/{cancelled.InterviewId}/cancel")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Cancelling twice is harmless.
        (await (await tenant.Client.PostJson($"/api/v1/interviews/{cancelled.InterviewId}/cancel")).Json())["status"]!.GetValue<string>().ShouldBe("cancelled");
        (await (await app.Candidate().PostJson($"/api/v1/sessions/{cancelled.Token}/answers", new { turn_id = started["turn_id"]!.GetValue<string>(), text = "hi" })).Problem(HttpStatusCode.Gone))["code"]!.GetValue<string>().ShouldBe("interview_cancelled");
        await (await app.Candidate().GetAsync($"/api/v1/sessions/{cancelled.Token}")).Problem(HttpStatusCode.Gone);

        var expired = await driver.ScheduleAsync(jobId, expiresInHours: 1);
        await app.WithDbAsync(tenant.OrganizationId, db => db.Interviews.Where(i => i.Id == expired.InterviewId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        (await (await app.Candidate().PostJson($"/api/v1/sessions/{expired.Token}/start")).Problem(HttpStatusCode.Gone))["code"]!.GetValue<string>().ShouldBe("interview_expired");
        await (await app.Candidate().PostJson("/api/v1/sessions/not-a-real-token/start")).Problem(HttpStatusCode.NotFound);
        (await tenant.Client.GetJson($"/api/v1/interviews/{expired.InterviewId}/status"))["status"]!.GetValue<string>().ShouldBeOneOf("scheduled", "expired");
    }

    [Fact]
    public async Task Openapi_document_is_served()
    {
        var document = await app.CreateClient().GetJson("/openapi/v1.json");
        document["paths"]!.AsObject().Select(p => p.Key).ShouldContain("/api/v1/interviews/schedule");
        document["paths"]!.AsObject().Select(p => p.Key).ShouldContain("/api/v1/sessions/{token}/answers");
    }
}
