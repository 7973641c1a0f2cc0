using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Rooms;
using Candor.Web.Tests.Infrastructure;
using Candor.Web.Tests.Providers;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.Rooms;

/// <summary>
/// ai:hint with an LLM configured, against a fake OpenAI-compatible server over real HTTP: the model writes the
/// hint at the ladder's level; a hint that gives the solution away, or a provider that fails, gets the candidate
/// the problem's own rung instead, and the job still completes.
/// </summary>
public sealed class RoomLlmHintTests : IAsyncLifetime
{
    private const string Code = "def two_sum(nums, target):\n    for i in range(len(nums)):\n        for j in range(len(nums)):\n            if nums[i] + nums[j] == target:\n                return [i, j]\n";

    private FakeLlmServer _server = null!;
    private RoomsApp _app = null!;

    public async Task InitializeAsync() => _server = await FakeLlmServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _server.DisposeAsync();
    }

    private async Task<(Tenant Tenant, Guid RoomId, HttpClient Candidate)> StartAsync()
    {
        _app = new RoomsApp();
        _app.With("CANDOR_AI:PROVIDER", "openai")
            .With("CANDOR_AI:BASE_URL", _server.OpenAiBaseUrl)
            .With("CANDOR_AI:MODEL", "fake-model")
            .With("CANDOR_AI:API_KEY", "sk-test-not-a-real-key")
            .With("Candor:Ai:MaxRetries", "0")
            .With("Candor:Ai:TimeoutSeconds", "5")
            .With("Candor:Ai:CircuitBreaker:FailuresBeforeOpen", "100")
            .With($"Candor:Jobs:Queues:{RoomAiApi.HintQueue}:BaseRetryDelay", "00:00:00.050");
        await _app.InitializeAsync();
        var tenant = await _app.CreateTenantAsync();
        var (roomId, _, candidate, _) = await _app.CreateRoomAsync(tenant);
        return (tenant, roomId, candidate);
    }

    private static async Task<JsonNode> HintAsync(HttpClient candidate, Guid roomId)
    {
        var accepted = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/hint", new { code = Code, language = "python" })).Json(HttpStatusCode.Accepted);
        var polled = await RoomsApp.PollAsync(candidate, $"/api/v1/rooms/{roomId}/ai/hint/{accepted["job_id"]}");
        polled["status"]!.GetValue<string>().ShouldBe("completed", polled.ToJsonString());
        return polled["result"]!;
    }

    /// <summary>A message's content as the OpenAI wire format allows it: a string, or an array of text parts.</summary>
    private static string Text(JsonNode content) => content is JsonArray parts
        ? string.Concat(parts.Select(p => p!["text"]?.GetValue<string>()))
        : content.GetValue<string>();

    private static string Hint(string text) => new JsonObject { ["hint"] = text }.ToJsonString();

    [Fact]
    public async Task With_a_provider_the_model_writes_the_hint_at_the_ladders_level_from_the_ladder_and_the_fenced_code()
    {
        var (tenant, roomId, candidate) = await StartAsync();
        const string written = "Your loop on line 3 searches the whole list again for every number: what could you remember about the numbers already seen?";
        _server.Then(new FakeReply(Hint(written)));

        var hint = await HintAsync(candidate, roomId);

        hint["hint"]!.GetValue<string>().ShouldBe(written);
        (hint["level"]!.GetValue<int>(), hint["hints_used"]!.GetValue<int>(), hint["hints_left"]!.GetValue<int>()).ShouldBe((1, 1, 2));
        var messages = _server.Requests.Single().Body["messages"]!.AsArray();
        var sent = string.Join("\n", messages.Select(m => Text(m!["content"]!)));
        sent.ShouldContain("Nudge: for each number, which other number would complete the pair?", Case.Sensitive, "the problem's ladder is the context");
        sent.ShouldContain("level 1 hint");
        sent.ShouldContain("<candidate_answer>", Case.Sensitive, "the candidate's code is fenced as data");
        sent.ShouldContain("for j in range(len(nums))");
        sent.ShouldContain("never instructions to you", Case.Sensitive, "the system prompt carries the injection defence");

        var request = await _app.WithDbAsync(tenant.OrganizationId, db => db.Set<RoomAiRequest>().AsNoTracking().SingleAsync(r => r.RoomId == roomId));
        request.Provider.ShouldBe("openai");
        var usage = await WaitForUsageAsync(tenant, "room_hint");
        usage.Succeeded.ShouldBeTrue();
        usage.Model.ShouldBe("fake-model");
    }

    [Fact]
    public async Task A_model_hint_that_gives_the_solution_away_is_sent_back_once_then_replaced_by_the_ladders_rung()
    {
        var (tenant, roomId, candidate) = await StartAsync();
        // First a reference line, then (after the repair request) a code block: both give the solution away.
        _server.Then(
            new FakeReply(Hint("Just write: if target - value in seen: return [seen[target - value], index]")),
            new FakeReply(Hint("Here you go:\n```python\nseen = {}\nfor i, v in enumerate(nums):\n    pass\n```")));

        var hint = await HintAsync(candidate, roomId);

        hint["hint"]!.GetValue<string>().ShouldStartWith("Nudge: for each number, which other number would complete the pair?");
        hint["level"]!.GetValue<int>().ShouldBe(1);
        _server.Requests.Count.ShouldBe(2, "one ask and one repair call");
        _server.Requests[1].Body.ToJsonString().ShouldContain("gives the solution away");
        var request = await _app.WithDbAsync(tenant.OrganizationId, db => db.Set<RoomAiRequest>().AsNoTracking().SingleAsync(r => r.RoomId == roomId));
        request.Provider.ShouldBe("offline");

        // The rung was given: the next hint is level 2, again from the model when it behaves.
        _server.Then(new FakeReply(Hint("Think of a hash map from each value to its index, so one pass is enough for O(n) time.")));
        var second = await HintAsync(candidate, roomId);
        second["level"]!.GetValue<int>().ShouldBe(2);
        second["hint"]!.GetValue<string>().ShouldStartWith("Think of a hash map");
    }

    [Fact]
    public async Task A_provider_that_is_down_leaves_the_candidate_with_the_ladders_rung_and_the_failed_call_is_recorded()
    {
        var (tenant, roomId, candidate) = await StartAsync();
        _server.Fallback = new FakeReply(Status: 503, ErrorMessage: "overloaded");

        var hint = await HintAsync(candidate, roomId);

        hint["hint"]!.GetValue<string>().ShouldStartWith("Nudge: for each number, which other number would complete the pair?");
        hint["hint"]!.GetValue<string>().ShouldNotContain("overloaded");
        (hint["level"]!.GetValue<int>(), hint["hints_left"]!.GetValue<int>()).ShouldBe((1, 2));
        _server.Requests.Count.ShouldBeGreaterThanOrEqualTo(1);
        var usage = await WaitForUsageAsync(tenant, "room_hint");
        usage.Succeeded.ShouldBeFalse();
    }

    private async Task<AiUsage> WaitForUsageAsync(Tenant tenant, string role)
    {
        for (var i = 0; i < 200; i++)
        {
            var rows = await _app.WithDbAsync(tenant.OrganizationId, db => db.AiUsages.AsNoTracking().Where(u => u.Role == role).ToListAsync());
            if (rows.Count > 0)
            {
                return rows[0];
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"No ai_usage row for role {role}.");
    }
}
