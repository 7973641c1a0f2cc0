using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Candor.Engine.Technical;
using Candor.Web.Features.CodeRuns;
using Candor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Candor.Web.Tests.Features.Rooms;

/// <summary>
/// The real app with a small in-test problem catalogue and a scripted code runner in place of the sandbox (which
/// another part of the product provides): rooms only decide who may run what and keep the results.
/// </summary>
public class RoomsApp : CandorApp
{
    public ScriptedRunner Runner { get; } = new();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
        {
            services.RemoveAll<IProblemCatalog>();
            services.RemoveAll<ICodeRunner>();
            services.AddSingleton<IProblemCatalog>(new InTestProblems());
            services.AddSingleton<ICodeRunner>(Runner);
        });
    }

    /// <summary>Creates a room through the API and returns its id, token and a client that sends the token.</summary>
    public async Task<(Guid RoomId, string Token, HttpClient Candidate, JsonNode Body)> CreateRoomAsync(Tenant tenant, string mode = "ai",
        string email = "ada@example.com", string? problemId = "two-sum", Guid? interviewId = null)
    {
        var body = await (await tenant.Client.PostJson("/api/v1/rooms", new
        {
            mode,
            problem_id = problemId,
            language = "python",
            candidate = new { name = "Ada Lovelace", email },
            interview_id = interviewId,
        })).Json(HttpStatusCode.Created);
        var token = body["candidate_token"]!.GetValue<string>();
        return (Guid.Parse(body["room_id"]!.GetValue<string>()), token, WithBearer(token), body);
    }

    /// <summary>Polls an AI job until it completes or fails (the worker runs for real); returns the last answer.</summary>
    public static async Task<JsonNode> PollAsync(HttpClient client, string url, int maxPolls = 600)
    {
        for (var i = 0; i < maxPolls; i++)
        {
            var response = await client.GetAsync(url);
            var text = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                return JsonNode.Parse(text)!;
            }
            var node = JsonNode.Parse(text)!;
            if (node["status"]!.GetValue<string>() is "completed" or "failed")
            {
                return node;
            }
            // Slower than a room member's budget (600 a minute), however long the job takes.
            await Task.Delay(100);
        }
        throw new TimeoutException($"{url} never finished.");
    }
}

public sealed class InTestProblems : IProblemCatalog
{
    public static readonly Problem TwoSum = new(
        "two-sum", "Two Sum", ProblemDifficulty.Medium, ["hash map", "arrays"],
        "Given a list of numbers and a target, return the indices of the two numbers that add up to the target.",
        [new ProblemExample("example 1", "[2,7,11,15]\n9", "[0, 1]"), new ProblemExample("example 2", "[3,2,4]\n6", "[1, 2]")],
        [new ProblemTest("empty list", "[]\n1", "[]"), new ProblemTest("duplicates", "[3,3]\n6", "[0, 1]"), new ProblemTest("large input", "…", "…")],
        new Dictionary<CodeLanguage, string>
        {
            [CodeLanguage.Python] = "def two_sum(nums, target):\n    pass\n",
            [CodeLanguage.JavaScript] = "function twoSum(nums, target) {\n}\n",
        },
        ["Nudge: for each number, which other number would complete the pair?",
         "Approach: remember the numbers you have seen, in a hash map from value to index.",
         "Near-solution: in one loop, look up target minus the current number before storing it."],
        "O(n) time, O(n) space",
        new Dictionary<CodeLanguage, string>
        {
            [CodeLanguage.Python] = "def two_sum(nums, target):\n    seen = {}\n    for index, value in enumerate(nums):\n        if target - value in seen:\n            return [seen[target - value], index]\n        seen[value] = index\n    return []\n",
        });

    public static readonly Problem Warmup = TwoSum with { Id = "warm-up", Title = "Warm-up", Difficulty = ProblemDifficulty.Easy };

    public Task<Problem?> FindAsync(string id, CancellationToken cancellationToken) =>
        Task.FromResult<Problem?>(id == TwoSum.Id ? TwoSum : id == Warmup.Id ? Warmup : null);

    public Task<IReadOnlyList<Problem>> ListAsync(ProblemDifficulty? difficulty, CodeLanguage? language, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<Problem>>([TwoSum, Warmup]);
}

/// <summary>Answers runs from a script, else by a simple rule: code that keeps a "seen" map passes, anything else fails the edge cases.</summary>
public sealed class ScriptedRunner : ICodeRunner
{
    private readonly ConcurrentQueue<CodeRunResult> _script = new();

    public ConcurrentQueue<(string Code, RunMode Mode)> Calls { get; } = new();

    public void Then(CodeRunResult result) => _script.Enqueue(result);

    public Task<CodeRunResult> RunAsync(Problem problem, CodeLanguage language, string code, RunMode mode, CancellationToken cancellationToken)
    {
        Calls.Enqueue((code, mode));
        if (_script.TryDequeue(out var scripted))
        {
            return Task.FromResult(scripted);
        }
        var good = code.Contains("seen", StringComparison.Ordinal);
        IReadOnlyList<TestOutcome> tests = mode == RunMode.Run
            ? problem.Examples.Select(e => new TestOutcome(e.Name, good, e.Output, good ? e.Output : "None")).ToList()
            : problem.HiddenTests.Select((t, i) => new TestOutcome(t.Name, good || i == 2, null, null)).ToList();
        return Task.FromResult(new CodeRunResult(RunVerdict.Ok, tests.Count(t => t.Passed), tests.Count, tests, "", "", 12));
    }
}
