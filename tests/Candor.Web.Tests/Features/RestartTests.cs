using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features;

/// <summary>Interview state lives in PostgreSQL, not in the process: a restart loses nothing.</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task A_candidate_resumes_after_the_app_restarts_mid_interview_with_nothing_lost()
    {
        Scheduled interview;
        Tenant tenant;
        string connectionString;
        string pendingTurnText;
        int turnsBefore;
        await using (var first = new CandorApp())
        {
            await first.InitializeAsync();
            connectionString = first.ConnectionString;
            tenant = await first.CreateTenantAsync();
            var driver = new InterviewDriver(first, tenant);
            interview = await driver.ScheduleNewAsync();
            var intro = await driver.StartAsync(interview.Token);
            var question = await driver.AnswerAsync(interview.Token, intro, "I'm a backend engineer who has run Postgres in production for six years.");
            var next = await driver.AnswerAsync(interview.Token, question, "I would use a composite index on customer and created_at, check EXPLAIN, and watch the write cost.");
            pendingTurnText = next["text"]!.GetValue<string>();
            turnsBefore = (await first.Candidate().GetJson($"/api/v1/sessions/{interview.Token}"))["transcript"]!.AsArray().Count;
        }

        await using var second = CandorApp.OnDatabase(connectionString);
        await second.InitializeAsync();
        var session = await second.Candidate().GetJson($"/api/v1/sessions/{interview.Token}");
        session["status"]!.GetValue<string>().ShouldBe("in_progress");
        session["transcript"]!.AsArray().Count.ShouldBe(turnsBefore);
        session["current_turn"]!["text"]!.GetValue<string>().ShouldBe(pendingTurnText);
        session["transcript"]![0]!["answer"]!.GetValue<string>().ShouldContain("six years");
        session["transcript"]![1]!["answer"]!.GetValue<string>().ShouldContain("composite index");

        // The interview carries on and completes on the new instance; answers scored before or after the restart all count.
        var apiClient = second.CreateClient();
        apiClient.DefaultRequestHeaders.Add("X-Api-Key", tenant.ApiKey);
        var driver2 = new InterviewDriver(second, tenant with { Client = apiClient });
        var turns = await driver2.CompleteAsync(interview.Token, _ => "I would measure first, then change one thing at a time, for example adding a cache with a 60 second TTL cut p99 from 900 ms to 150 ms.");
        turns[0]["turn_id"]!.GetValue<string>().ShouldBe(session["current_turn"]!["turn_id"]!.GetValue<string>());
        var results = await driver2.WaitForResultsAsync(interview.InterviewId);
        results["report"]!["questions_answered"]!.GetValue<int>().ShouldBeGreaterThan(1);
        results["transcript"]!.AsArray().Where(t => t!["answer"] is not null && t["kind"]!.GetValue<string>() is "question" or "follow_up")
            .ShouldAllBe(t => t!["score"] != null);
    }
}
