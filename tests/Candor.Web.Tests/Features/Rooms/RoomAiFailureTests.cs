using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Rooms;
using Candor.Web.Tests.Infrastructure;
using Candor.Web.Tests.Providers;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.Rooms;

/// <summary>
/// The AI contract's failure rows, against a fake OpenAI-compatible server over real HTTP: retried transient
/// failures with dead-lettering, auth errors failing at once, invalid output retried then failed, 504 for a
/// timed-out call, 503 while the circuit is open, and /health's real call that bypasses the circuit.
/// </summary>
public sealed class RoomAiFailureTests : IAsyncLifetime
{
    private const string Code = "def two_sum(nums, target):\n    seen = {}\n    for index, value in enumerate(nums):\n        if target - value in seen:\n            return [seen[target - value], index]\n        seen[value] = index\n    return []\n";

    private static readonly string ValidReview = new JsonObject
    {
        ["score"] = 88,
        ["categories"] = new JsonObject
        {
            ["correctness"] = Category(90, 1), ["edge_cases"] = Category(70, 2), ["complexity"] = Category(95, 3),
            ["readability"] = Category(90, 2), ["structure"] = Category(85, 1), ["testing"] = Category(60, 1),
        },
        ["suggestions"] = new JsonArray(new JsonObject { ["line"] = 1, ["severity"] = "info", ["message"] = "Handle an empty list first." }),
        ["summary"] = "A clean one-pass solution. Add an explicit empty-input check.",
    }.ToJsonString();

    private FakeLlmServer _server = null!;
    private RoomsApp _app = null!;

    public async Task InitializeAsync() => _server = await FakeLlmServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _server.DisposeAsync();
    }

    private async Task<(Tenant Tenant, Guid RoomId, HttpClient Candidate)> StartAsync(string timeoutSeconds = "5", string failuresBeforeOpen = "100")
    {
        _app = new RoomsApp();
        _app.With("CANDOR_AI:PROVIDER", "openai")
            .With("CANDOR_AI:BASE_URL", _server.OpenAiBaseUrl)
            .With("CANDOR_AI:MODEL", "fake-model")
            .With("CANDOR_AI:API_KEY", "sk-test-not-a-real-key")
            .With("Candor:Ai:MaxRetries", "0")
            .With("Candor:Ai:TimeoutSeconds", timeoutSeconds)
            .With("Candor:Ai:CircuitBreaker:FailuresBeforeOpen", failuresBeforeOpen)
            .With("Candor:Ai:CircuitBreaker:OpenSeconds", "120");
        foreach (var queue in new[] { RoomAiApi.InterviewQueue, RoomAiApi.HintQueue, RoomAiApi.ReviewQueue })
        {
            // The contract's 5/10/20 s backoff, scaled down so the test does not wait a minute; attempts and lease as in production.
            _app.With($"Candor:Jobs:Queues:{queue}:BaseRetryDelay", "00:00:00.050")
                .With($"Candor:Jobs:Queues:{queue}:MaxAttempts", "4")
                .With($"Candor:Jobs:Queues:{queue}:Concurrency", "3");
        }
        await _app.InitializeAsync();
        var tenant = await _app.CreateTenantAsync();
        var (roomId, _, candidate, _) = await _app.CreateRoomAsync(tenant);
        return (tenant, roomId, candidate);
    }

    private async Task<(string Url, Guid JobId)> ReviewAsync(HttpClient candidate, Guid roomId)
    {
        var accepted = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/review", new { code = Code, language = "python" })).Json(HttpStatusCode.Accepted);
        var jobId = Guid.Parse(accepted["job_id"]!.GetValue<string>());
        return ($"/api/v1/rooms/{roomId}/ai/review/{jobId}", jobId);
    }

    private Task<BackgroundJob> QueueRowAsync(Tenant tenant, Guid requestId) => _app.WithDbAsync(tenant.OrganizationId, async db =>
    {
        var jobId = await db.Set<RoomAiRequest>().Where(r => r.Id == requestId).Select(r => r.BackgroundJobId).SingleAsync();
        return await db.BackgroundJobs.AsNoTracking().SingleAsync(j => j.Id == jobId);
    });

    [Fact]
    public async Task The_llm_review_and_reply_come_from_the_model_when_it_answers()
    {
        var (_, roomId, candidate) = await StartAsync();
        _server.Then(new FakeReply(ValidReview));
        var (url, _) = await ReviewAsync(candidate, roomId);
        var review = await RoomsApp.PollAsync(candidate, url);
        review["status"]!.GetValue<string>().ShouldBe("completed", review.ToJsonString());
        review["result"]!["score"]!.GetValue<int>().ShouldBe(88);
        review["result"]!["categories"]!["edge_cases"]!["evidence"]![0]!["line"]!.GetValue<int>().ShouldBe(2);
        _server.Requests[^1].Body.ToJsonString().ShouldContain("candidate_answer", Case.Sensitive, "the code is fenced as data");

        _server.Then(new FakeReply("{\"reply\": \"On line 3 you loop once; what if the list is empty?\", \"follow_up_type\": \"question\"}"));
        var job = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/message", new { text = "I used a map.", code = Code, language = "python" })).Json(HttpStatusCode.Accepted);
        var reply = (await RoomsApp.PollAsync(candidate, $"/api/v1/rooms/{roomId}/ai/message/{job["job_id"]}"))["result"]!;
        reply["reply"]!.GetValue<string>().ShouldBe("On line 3 you loop once; what if the list is empty?");
        reply["follow_up_type"]!.GetValue<string>().ShouldBe("question");
        reply["difficulty"]!.GetValue<string>().ShouldBeOneOf("easy", "medium", "hard");
    }

    [Fact]
    public async Task Provider_errors_are_retried_three_times_then_dead_lettered_as_failed()
    {
        var (tenant, roomId, candidate) = await StartAsync();
        _server.Fallback = new FakeReply(Status: 500, ErrorMessage: "upstream exploded");
        var (url, requestId) = await ReviewAsync(candidate, roomId);

        var polled = await RoomsApp.PollAsync(candidate, url);
        polled["status"]!.GetValue<string>().ShouldBe("failed");
        polled["error"]!["code"]!.GetValue<string>().ShouldBe("ai_failed");
        polled["error"]!["message"]!.GetValue<string>().ShouldNotContain("upstream exploded");
        var row = await QueueRowAsync(tenant, requestId);
        (row.Status, row.Attempts, row.Kind).ShouldBe((BackgroundJobStatus.Dead, 4, "ai:review"));
        _server.Requests.Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_rate_limited_call_is_retried_and_then_succeeds()
    {
        var (tenant, roomId, candidate) = await StartAsync();
        _server.Then(new FakeReply(Status: 429, RetryAfter: "0"), new FakeReply(ValidReview));
        var (url, requestId) = await ReviewAsync(candidate, roomId);
        (await RoomsApp.PollAsync(candidate, url))["status"]!.GetValue<string>().ShouldBe("completed");
        (await QueueRowAsync(tenant, requestId)).Attempts.ShouldBe(2);
    }

    [Fact]
    public async Task An_auth_error_fails_the_job_at_once()
    {
        var (tenant, roomId, candidate) = await StartAsync();
        _server.Fallback = new FakeReply(Status: 401, ErrorMessage: "bad key");
        var (url, requestId) = await ReviewAsync(candidate, roomId);
        var polled = await RoomsApp.PollAsync(candidate, url);
        polled["status"]!.GetValue<string>().ShouldBe("failed");
        polled["error"]!["code"]!.GetValue<string>().ShouldBe("ai_auth_failed");
        var row = await QueueRowAsync(tenant, requestId);
        (row.Status, row.Attempts).ShouldBe((BackgroundJobStatus.Dead, 1));
        _server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task Invalid_model_output_is_retried_then_failed()
    {
        var (tenant, roomId, candidate) = await StartAsync();
        _server.Fallback = new FakeReply("{\"score\": 250, \"summary\": \"great\"}");
        var (url, requestId) = await ReviewAsync(candidate, roomId);
        var polled = await RoomsApp.PollAsync(candidate, url);
        polled["status"]!.GetValue<string>().ShouldBe("failed");
        polled["error"]!["code"]!.GetValue<string>().ShouldBe("invalid_output");
        (await QueueRowAsync(tenant, requestId)).Attempts.ShouldBe(4);
        _server.Requests.Count.ShouldBe(8, "each attempt asks once and makes one repair call");
    }

    [Fact]
    public async Task A_timed_out_ai_call_is_504_when_polled()
    {
        var (_, roomId, candidate) = await StartAsync(timeoutSeconds: "0.3");
        _server.Fallback = new FakeReply(ValidReview, Delay: TimeSpan.FromSeconds(3));
        var (url, _) = await ReviewAsync(candidate, roomId);
        await RoomsApp.PollAsync(candidate, url);
        var response = await candidate.GetAsync(url);
        var problem = await response.Problem(HttpStatusCode.GatewayTimeout);
        problem["code"]!.GetValue<string>().ShouldBe("ai_timeout");
        problem["job_status"]!.GetValue<string>().ShouldBe("failed");
    }

    [Fact]
    public async Task While_the_circuit_is_open_the_endpoints_answer_503_and_health_still_makes_a_real_call()
    {
        var (tenant, roomId, candidate) = await StartAsync(failuresBeforeOpen: "1");
        _server.Fallback = new FakeReply(Status: 500);
        var (url, _) = await ReviewAsync(candidate, roomId);
        await RoomsApp.PollAsync(candidate, url);

        var refused = await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/review", new { code = Code, language = "python" });
        (await refused.Problem(HttpStatusCode.ServiceUnavailable))["code"]!.GetValue<string>().ShouldBe("ai_unavailable");
        refused.Headers.RetryAfter.ShouldNotBeNull();
        (await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/message", new { text = "hello?" })).StatusCode.ShouldBe(HttpStatusCode.ServiceUnavailable);
        (await _app.WithDbAsync(tenant.OrganizationId, db => db.Set<RoomAiRequest>().CountAsync())).ShouldBe(1, "nothing was queued while the circuit was open");

        // The provider recovers; /health's probe goes straight to it, open circuit or not.
        _server.Fallback = new FakeReply("OK");
        var before = _server.Requests.Count;
        var health = await _app.CreateClient().GetJson("/health");
        _server.Requests.Count.ShouldBe(before + 1);
        health["checks"]!["ai"]!["status"]!.GetValue<string>().ShouldBe("healthy");
    }

    [Fact]
    public async Task Health_reports_a_failing_provider_as_degraded_and_the_app_stays_up()
    {
        await StartAsync();
        _server.Fallback = new FakeReply(Status: 401);
        var response = await _app.CreateClient().GetAsync("/health");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var health = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        health["status"]!.GetValue<string>().ShouldBe("degraded");
        health["checks"]!["ai"]!["description"]!.GetValue<string>().ShouldContain("HTTP 401");
        health.ToJsonString().ShouldNotContain("sk-test-not-a-real-key");
    }

    private static JsonObject Category(int score, int line) => new()
    {
        ["score"] = score,
        ["evidence"] = new JsonArray(new JsonObject { ["line"] = line, ["note"] = $"See line {line}." }),
    };
}
