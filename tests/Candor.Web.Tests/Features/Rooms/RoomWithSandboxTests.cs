using System.Net;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.Rooms;

/// <summary>
/// A room as the product ships it: the bank's problem and the real bubblewrap sandbox behind POST /rooms/{id}/runs (the
/// other room tests swap both for doubles to test the contract alone).
/// </summary>
public sealed class RoomWithSandboxTests(CandorApp app) : IClassFixture<CandorApp>
{
    [Fact]
    public async Task A_candidate_runs_and_submits_a_bank_problem_in_the_real_sandbox_and_a_hostile_loop_times_out()
    {
        var tenant = await app.CreateTenantAsync();
        var room = await (await tenant.Client.PostJson("/api/v1/rooms", new
        {
            mode = "ai",
            problem_id = "climbing-stairs",
            language = "python",
            candidate = new { name = "Ada Lovelace", email = "ada@example.com" },
        })).Json(HttpStatusCode.Created);
        var roomId = room["room_id"]!.GetValue<string>();
        var candidate = app.WithBearer(room["candidate_token"]!.GetValue<string>());
        // The candidate edits the starter program (the function stub inside a small main that reads the test's input).
        var problem = await tenant.Client.GetJson("/api/v1/problems/climbing-stairs");
        var starter = problem["starter_code"]!["python"]!.GetValue<string>();
        const string Stub = "    # Write your solution here.\n    pass\n";
        starter.ShouldContain(Stub);
        string With(string body) => starter.Replace(Stub, body);
        var solution = With("    a, b = 1, 1\n    for _ in range(n):\n        a, b = b, a + b\n    return a\n");

        var run = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/runs", new { code = solution, language = "python", mode = "run" })).Json();
        run["verdict"]!.GetValue<string>().ShouldBe("ok", run.ToJsonString());
        run["passed"]!.GetValue<int>().ShouldBe(run["total"]!.GetValue<int>(), run.ToJsonString());
        run["tests"]!.AsArray().ShouldAllBe(t => t!["expected"] != null);

        var submit = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/runs", new { code = solution, language = "python", mode = "submit" })).Json();
        submit["verdict"]!.GetValue<string>().ShouldBe("ok");
        submit["total"]!.GetValue<int>().ShouldBeGreaterThan(0);
        submit["passed"]!.GetValue<int>().ShouldBe(submit["total"]!.GetValue<int>());
        submit["tests"]!.AsArray().ShouldAllBe(t => t!["expected"] == null && t["actual"] == null);

        var wrong = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/runs", new { code = With("    return n\n"), language = "python", mode = "submit" })).Json();
        wrong["passed"]!.GetValue<int>().ShouldBeLessThan(wrong["total"]!.GetValue<int>());

        var hostile = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/runs", new { code = With("    while True:\n        pass\n"), language = "python", mode = "run" })).Json();
        hostile["verdict"]!.GetValue<string>().ShouldBe("timeout");

        (await app.CreateClient().GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
