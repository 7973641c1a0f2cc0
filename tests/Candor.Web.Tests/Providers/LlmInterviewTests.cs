using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Tests.Features;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Providers;

/// <summary>
/// A whole interview through the real app with a provider configured (the flat CANDOR_AI__* settings),
/// against a fake model over real HTTP: questions written, turns worded and streamed, answers scored and
/// the report narrated by the "LLM". Then the provider fails, and the interview completes on the offline engine.
/// </summary>
public abstract class LlmInterviewTests(string provider) : IAsyncLifetime
{
    private FakeLlmServer _server = null!;
    private CandorApp _app = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeLlmServer.StartAsync();
        _server.Responder = FakeModel.Reply;
        _app = new CandorApp()
            .With("CANDOR_AI:PROVIDER", provider)
            .With("CANDOR_AI:BASE_URL", provider == "anthropic" ? _server.AnthropicBaseUrl : _server.OpenAiBaseUrl)
            .With("CANDOR_AI:MODEL", "fake-model")
            .With("CANDOR_AI:API_KEY", "sk-test-not-a-real-key")
            .With("Candor:Ai:RetryBaseDelayMilliseconds", "1")
            .With("Candor:Ai:CircuitBreaker:FailuresBeforeOpen", "3");
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Every_role_runs_on_the_configured_model_and_the_interviewer_streams()
    {
        var tenant = await _app.CreateTenantAsync();
        var driver = new InterviewDriver(_app, tenant);
        var job = await driver.CreateJobAsync();
        job["provenance"]!["provider"]!.GetValue<string>().ShouldBe(provider);
        job["provenance"]!["model"]!.GetValue<string>().ShouldBe("fake-model");
        job["provenance"]!["prompt_version"]!.GetValue<string>().ShouldBe("question_writer.v1");
        job["questions"]!.AsArray().ShouldAllBe(q => q!["text"]!.GetValue<string>().StartsWith("[model]"));

        var interview = await driver.ScheduleAsync(Guid.Parse(job["id"]!.GetValue<string>()));
        var turn = await driver.StartAsync(interview.Token);
        var streamed = new List<string>();
        var answer = "At my last company we made the order API idempotent with idempotency keys stored in a database "
            + "transaction, and we measured latency before and after: p99 went from 900 ms to 150 ms over two weeks of traffic.";
        for (var i = 0; i < 60 && !turn["done"]!.GetValue<bool>(); i++)
        {
            var events = await (await _app.Candidate().PostAnswerStreamingAsync(interview.Token, turn["turn_id"]!.GetValue<string>(), answer)).ReadEventsAsync();
            streamed.AddRange(events.Where(e => e.Name == "delta").Select(e => e.Data["text"]!.GetValue<string>()));
            events.ShouldNotContain(e => e.Name == "error");
            turn = events[^1].Data;
        }

        turn["done"]!.GetValue<bool>().ShouldBeTrue();
        turn["text"]!.GetValue<string>().ShouldBe(FakeModel.Closing);
        string.Concat(streamed).ShouldContain(FakeModel.LeadIn, customMessage: "the model's words reached the candidate as they streamed");

        var results = await driver.WaitForResultsAsync(interview.InterviewId);
        results["report"]!["provenance"]!["provider"]!.GetValue<string>().ShouldBe(provider);
        results["report"]!["summary"]!.GetValue<string>().ShouldStartWith("[model]");
        var scored = results["transcript"]!.AsArray().Where(t => t!["evaluation"] is not null).ToList();
        scored.ShouldNotBeEmpty();
        scored.ShouldAllBe(t => t!["evaluation_provenance"]!["provider"]!.GetValue<string>() == provider);
        scored.ShouldAllBe(t => t!["evaluation_provenance"]!["prompt_version"]!.GetValue<string>() == "evaluator.v1");
        results["report"]!["overall"]!.GetValue<int>().ShouldBeGreaterThan(70);

        var usage = await tenant.Client.GetJson($"/api/v1/interviews/{interview.InterviewId}/ai-usage");
        var roles = usage["calls"]!.AsArray().Select(c => c!["role"]!.GetValue<string>()).ToHashSet();
        roles.ShouldBe(["interviewer", "evaluator", "report_writer"], ignoreOrder: true);
        usage["totals"]!["input_tokens"]!.GetValue<long>().ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task When_the_provider_fails_the_interview_completes_on_the_offline_engine_and_the_candidate_never_sees_it()
    {
        _server.Responder = _ => new FakeReply(Status: 500, ErrorMessage: "upstream exploded");
        var tenant = await _app.CreateTenantAsync();
        var driver = new InterviewDriver(_app, tenant);
        var job = await driver.CreateJobAsync();
        job["provenance"]!["provider"]!.GetValue<string>().ShouldBe("offline");
        job["questions"]!.AsArray().Count.ShouldBeInRange(8, 12);

        var interview = await driver.ScheduleAsync(Guid.Parse(job["id"]!.GetValue<string>()));
        var turns = await driver.CompleteAsync(interview.Token, new CandidatePersonas(job).Strong);
        turns.ShouldAllBe(t => !t.ToJsonString().Contains("exploded", StringComparison.Ordinal) && !t.ToJsonString().Contains("[model]", StringComparison.Ordinal));
        turns[^1]["done"]!.GetValue<bool>().ShouldBeTrue();

        var results = await driver.WaitForResultsAsync(interview.InterviewId);
        results["report"]!["provenance"]!["provider"]!.GetValue<string>().ShouldBe("offline");
        results["transcript"]!.AsArray().Where(t => t!["evaluation"] is not null)
            .ShouldAllBe(t => t!["evaluation_provenance"]!["provider"]!.GetValue<string>() == "offline");
        var usage = await tenant.Client.GetJson($"/api/v1/interviews/{interview.InterviewId}/ai-usage");
        usage["totals"]!["failures"]!.GetValue<int>().ShouldBeGreaterThan(0, "failed calls are still accounted");
    }
}

public sealed class OpenAiCompatibleInterviewTests() : LlmInterviewTests("openai");

public sealed class AnthropicInterviewTests() : LlmInterviewTests("anthropic");
