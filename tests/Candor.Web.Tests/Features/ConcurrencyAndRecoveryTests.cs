using System.Net;
using Candor.Web.Data.Entities;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Features;

public sealed class ConcurrencyAndRecoveryTests(CandorApp app) : IClassFixture<CandorApp>
{
    [Fact]
    public async Task The_same_answer_posted_ten_times_at_once_creates_one_turn()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var interview = await driver.ScheduleNewAsync();
        var intro = await driver.StartAsync(interview.Token);
        var question = await driver.AnswerAsync(interview.Token, intro, "I am a backend engineer.");

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ =>
            app.Candidate().PostJson($"/api/v1/sessions/{interview.Token}/answers",
                new { turn_id = question["turn_id"]!.GetValue<string>(), text = "I would add an index and check the plan with EXPLAIN." })));
        var bodies = await Task.WhenAll(responses.Select(r => r.Json()));
        bodies.Select(b => b["turn_id"]!.GetValue<string>()).Distinct().Count().ShouldBe(1);

        var turns = await app.WithDbAsync(tenant.OrganizationId, db => db.InterviewTurns.Where(t => t.InterviewId == interview.InterviewId).ToListAsync());
        turns.Count.ShouldBe(3);
        turns.Single(t => t.Id == Guid.Parse(question["turn_id"]!.GetValue<string>())).Answer.ShouldBe("I would add an index and check the plan with EXPLAIN.");

        // A later retry of the same answer replays the same next turn and writes nothing.
        var replay = await driver.AnswerAsync(interview.Token, question, "I would add an index and check the plan with EXPLAIN.");
        replay["turn_id"]!.GetValue<string>().ShouldBe(bodies[0]["turn_id"]!.GetValue<string>());
        (await app.WithDbAsync(tenant.OrganizationId, db => db.InterviewTurns.CountAsync(t => t.InterviewId == interview.InterviewId))).ShouldBe(3);
    }

    [Fact]
    public async Task A_different_answer_to_an_answered_turn_is_409_and_the_first_answer_stays()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var interview = await driver.ScheduleNewAsync();
        var intro = await driver.StartAsync(interview.Token);
        var next = await driver.AnswerAsync(interview.Token, intro, "I am a backend engineer.");

        var rewrite = await app.Candidate().PostJson($"/api/v1/sessions/{interview.Token}/answers",
            new { turn_id = intro["turn_id"]!.GetValue<string>(), text = "Actually, I am a data engineer." });
        (await rewrite.Problem(HttpStatusCode.Conflict))["code"]!.GetValue<string>().ShouldBe("turn_already_answered");

        var turnId = Guid.Parse(intro["turn_id"]!.GetValue<string>());
        (await app.WithDbAsync(tenant.OrganizationId, db => db.InterviewTurns.Where(t => t.Id == turnId).Select(t => t.Answer).SingleAsync()))
            .ShouldBe("I am a backend engineer.");
        // The identical retry still replays the turn that followed.
        (await driver.AnswerAsync(interview.Token, intro, "I am a backend engineer."))["turn_id"]!.GetValue<string>()
            .ShouldBe(next["turn_id"]!.GetValue<string>());
        (await app.WithDbAsync(tenant.OrganizationId, db => db.InterviewTurns.CountAsync(t => t.InterviewId == interview.InterviewId))).ShouldBe(2);
    }

    [Fact]
    public async Task Concurrent_question_edits_are_409_for_all_but_one_never_500()
    {
        var tenant = await app.CreateTenantAsync();
        var job = await new InterviewDriver(app, tenant).CreateJobAsync();
        var jobId = Guid.Parse(job["id"]!.GetValue<string>());
        var questions = job["questions"]!.AsArray().Select(q => new { id = q!["id"]!.GetValue<string>(), text = q["text"]!.GetValue<string>() }).ToList();
        var questionIds = questions.Select(q => q.id).ToList();

        // Each edit removes a different question. The job row, held, stops every edit at its save, after all have read the list.
        const int edits = 4;
        await using var jobRow = await LockHolder.TakeAsync(app, "SELECT 1 FROM jobs WHERE id = $1 FOR UPDATE", jobId);
        var puts = Enumerable.Range(0, edits).Select(i => tenant.Client.PutJson($"/api/v1/jobs/{jobId}/questions",
            new { questions = questions.Where((_, position) => position != i).ToArray() })).ToList();
        await jobRow.WaitForWaitersAsync(edits);
        await jobRow.ReleaseAsync();
        var responses = await Task.WhenAll(puts);

        var saved = responses.Where(r => r.StatusCode == HttpStatusCode.OK).ToList();
        saved.Count.ShouldBe(1, string.Join(", ", responses.Select(r => (int)r.StatusCode)));
        foreach (var refused in responses.Except(saved))
        {
            (await refused.Problem(HttpStatusCode.Conflict))["code"]!.GetValue<string>().ShouldBe("concurrent_update");
        }
        var winner = (await saved[0].Json())["questions"]!.AsArray().Select(q => q!["id"]!.GetValue<string>()).ToList();
        winner.Count.ShouldBe(questionIds.Count - 1);
        var stored = await tenant.Client.GetJson($"/api/v1/jobs/{jobId}");
        stored["questions"]!.AsArray().Select(q => q!["id"]!.GetValue<string>()).ShouldBe(winner);
        stored["questions"]!.AsArray().Select(q => q!["position"]!.GetValue<int>()).ShouldBe(Enumerable.Range(1, winner.Count));
    }

    [Fact]
    public async Task Starting_twice_returns_the_same_turn()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var interview = await driver.ScheduleNewAsync();
        var starts = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => driver.StartAsync(interview.Token)));
        starts.Select(s => s["turn_id"]!.GetValue<string>()).Distinct().Count().ShouldBe(1);
    }

    [Fact]
    public async Task A_reply_lost_to_a_crash_is_regenerated_on_resume()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var interview = await driver.ScheduleNewAsync();
        var intro = await driver.StartAsync(interview.Token);
        var question = await driver.AnswerAsync(interview.Token, intro, "Hello, I build APIs.");
        var followUp = await driver.AnswerAsync(interview.Token, question, "Not sure.");

        // Simulate a crash between storing the answer and writing the reply: the reply never made it.
        await app.WithDbAsync(tenant.OrganizationId, db => db.InterviewTurns
            .Where(t => t.Id == Guid.Parse(followUp["turn_id"]!.GetValue<string>())).ExecuteDeleteAsync());

        var session = await app.Candidate().GetJson($"/api/v1/sessions/{interview.Token}");
        session["current_turn"]!["text"]!.GetValue<string>().ShouldBe(followUp["text"]!.GetValue<string>());
        session["transcript"]!.AsArray().Count.ShouldBe(3);
        session["transcript"]![1]!["answer"]!.GetValue<string>().ShouldBe("Not sure.");
    }

    [Fact]
    public async Task Ending_early_closes_the_interview_and_still_scores_what_was_answered()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var interview = await driver.ScheduleNewAsync();
        var intro = await driver.StartAsync(interview.Token);
        var question = await driver.AnswerAsync(interview.Token, intro, "I'm a backend engineer with 6 years in .NET.");
        await driver.AnswerAsync(interview.Token, question, "I would design it with idempotency keys, retries with exponential backoff and a database unique constraint, because duplicate requests happen in practice.");

        var closing = await (await app.Candidate().PostJson($"/api/v1/sessions/{interview.Token}/end")).Json();
        closing["done"]!.GetValue<bool>().ShouldBeTrue();
        closing["kind"]!.GetValue<string>().ShouldBe("closing");
        // Ending again is harmless.
        (await (await app.Candidate().PostJson($"/api/v1/sessions/{interview.Token}/end")).Json())["turn_id"]!.GetValue<string>().ShouldBe(closing["turn_id"]!.GetValue<string>());

        var results = await driver.WaitForResultsAsync(interview.InterviewId);
        results["interview"]!["end_reason"]!.GetValue<string>().ShouldBe("ended_by_candidate");
        results["report"]!["questions_answered"]!.GetValue<int>().ShouldBe(1);
        results["report"]!["red_flags"]!.AsArray().Select(f => f!["code"]!.GetValue<string>()).ShouldContain("ended_early");
        results["transcript"]!.AsArray().Where(t => t!["kind"]!.GetValue<string>() == "question" && t["answer"] is not null)
            .ShouldAllBe(t => t!["score"] != null);
    }

    [Fact]
    public async Task An_idle_interview_is_abandoned_and_its_answers_are_still_reported()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var interview = await driver.ScheduleNewAsync();
        var intro = await driver.StartAsync(interview.Token);
        var question = await driver.AnswerAsync(interview.Token, intro, "Hi, I'm a backend developer.");
        await driver.AnswerAsync(interview.Token, question, "I'd cache hot reads in Redis with a TTL and invalidate on writes, which cut our p99 latency from 800 ms to 120 ms.");

        await app.WithDbAsync(tenant.OrganizationId, db => db.Interviews.Where(i => i.Id == interview.InterviewId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.LastActivityAt, DateTimeOffset.UtcNow.AddHours(-2))));
        await app.Services.GetRequiredService<Candor.Web.Features.Interviews.InterviewSweeper>().SweepAsync(CancellationToken.None);

        var results = await driver.WaitForResultsAsync(interview.InterviewId);
        results["interview"]!["status"]!.GetValue<string>().ShouldBe("completed");
        results["interview"]!["end_reason"]!.GetValue<string>().ShouldBe("abandoned");
        results["report"]!["questions_answered"]!.GetValue<int>().ShouldBe(1);
        await (await app.Candidate().PostJson($"/api/v1/sessions/{interview.Token}/answers", new { turn_id = Guid.NewGuid(), text = "back again" })).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Unused_links_past_their_expiry_are_marked_expired_by_the_sweeper()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var interview = await driver.ScheduleNewAsync();
        await app.WithDbAsync(tenant.OrganizationId, db => db.Interviews.Where(i => i.Id == interview.InterviewId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-5))));
        await app.Services.GetRequiredService<Candor.Web.Features.Interviews.InterviewSweeper>().SweepAsync(CancellationToken.None);
        (await tenant.Client.GetJson($"/api/v1/interviews/{interview.InterviewId}/status"))["status"]!.GetValue<string>().ShouldBe("expired");
        await (await app.Candidate().PostJson($"/api/v1/sessions/{interview.Token}/start")).Problem(HttpStatusCode.Gone);
    }
}
