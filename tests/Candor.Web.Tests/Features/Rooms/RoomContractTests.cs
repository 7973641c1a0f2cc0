using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Features.Rooms;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.Rooms;

/// <summary>The rooms and AI contract end to end, offline: 202 → polling → result, with the real durable queue and worker.</summary>
public sealed class RoomContractTests : IAsyncLifetime
{
    private const string Quadratic = "def two_sum(nums, target):\n    for i in range(len(nums)):\n        for j in range(len(nums) + 1):\n            q = nums[i] + nums[j]\n            if q == target:\n                return [i, j]\n    return []\n";
    private const string Clean = "def two_sum(nums, target):\n    if not nums:\n        return []\n    seen = {}\n    for index, value in enumerate(nums):\n        if target - value in seen:\n            return [seen[target - value], index]\n        seen[value] = index\n    return []\n";

    private readonly RoomsApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Creating_a_room_returns_the_contract_fields_and_keeps_only_a_hash_of_the_token()
    {
        var tenant = await _app.CreateTenantAsync();
        var (roomId, token, candidate, body) = await _app.CreateRoomAsync(tenant);

        body["mode"]!.GetValue<string>().ShouldBe("ai");
        body["candidate_url"]!.GetValue<string>().ShouldBe($"http://candor.test/rooms/{roomId}#token={token}");
        body.AsObject().ContainsKey("interviewer_url").ShouldBeFalse();
        token.ShouldStartWith("crt_");
        var stored = await _app.WithDbAsync(tenant.OrganizationId, db => db.Set<RoomMember>().SingleAsync(m => m.RoomId == roomId));
        stored.TokenHash.ShouldNotBe(token);
        stored.TokenHash!.ShouldNotContain(token[4..]);
        stored.Capabilities.ShouldBe(["code:view", "code:edit", "ai:use"]);

        var room = await candidate.GetJson($"/api/v1/rooms/{roomId}");
        room["role"]!.GetValue<string>().ShouldBe("candidate");
        room["difficulty"]!.GetValue<string>().ShouldBe("medium");
        room["problem"]!["starter_code"]!["python"].ShouldNotBeNull();
        room.ToJsonString().ShouldNotContain("hidden", Case.Insensitive);
        room.ToJsonString().ShouldNotContain("seen[value] = index");

        var peer = (await _app.CreateRoomAsync(tenant, mode: "peer")).Body;
        peer["interviewer_url"]!.GetValue<string>().ShouldEndWith($"/rooms/{peer["room_id"]}");
    }

    [Theory]
    [InlineData("{\"mode\":\"solo\",\"candidate\":{\"name\":\"A\",\"email\":\"a@example.com\"}}", "mode")]
    [InlineData("{\"mode\":\"ai\",\"candidate\":{\"name\":\"A\",\"email\":\"not-an-email\"}}", "candidate.email")]
    [InlineData("{\"mode\":\"ai\"}", "candidate.name")]
    [InlineData("{\"mode\":\"ai\",\"problem_id\":\"nope\",\"candidate\":{\"name\":\"A\",\"email\":\"a@example.com\"}}", "problem_id")]
    [InlineData("{\"mode\":\"ai\",\"language\":\"cobol\",\"candidate\":{\"name\":\"A\",\"email\":\"a@example.com\"}}", "language")]
    [InlineData("{\"mode\":\"ai\",\"problem_id\":\"two-sum\",\"language\":\"sql\",\"candidate\":{\"name\":\"A\",\"email\":\"a@example.com\"}}", "language")]
    [InlineData("{\"mode\":\"ai\",\"interview_id\":\"0195a3c4-0000-7000-8000-000000000000\",\"candidate\":{\"name\":\"A\",\"email\":\"a@example.com\"}}", "interview_id")]
    public async Task Bad_room_requests_are_400_and_write_nothing(string json, string field)
    {
        var tenant = await _app.CreateTenantAsync();
        var problem = await (await tenant.Client.PostRaw("/api/v1/rooms", json)).Problem(HttpStatusCode.BadRequest);
        problem["errors"]![field].ShouldNotBeNull(problem.ToJsonString());
        (await _app.WithDbAsync(tenant.OrganizationId, db => db.Set<Room>().CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task Creating_a_room_needs_the_interviews_write_scope()
    {
        var tenant = await _app.CreateTenantAsync("Readers", "interviews:read");
        var response = await tenant.Client.PostJson("/api/v1/rooms", new { mode = "ai", candidate = new { name = "A", email = "a@example.com" } });
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Every_room_route_is_404_to_another_rooms_token_and_another_organisation_and_401_without_credentials()
    {
        var tenant = await _app.CreateTenantAsync();
        var (roomId, _, _, _) = await _app.CreateRoomAsync(tenant);
        var (_, _, otherCandidate, _) = await _app.CreateRoomAsync(tenant, email: "other@example.com");
        var otherOrg = await _app.CreateTenantAsync("Other");
        var anonymous = _app.CreateClient();
        var jobId = Guid.NewGuid();

        foreach (var (method, path, body) in RoomRoutes(roomId, jobId))
        {
            foreach (var (client, expected) in new[] { (otherCandidate, HttpStatusCode.NotFound), (otherOrg.Client, HttpStatusCode.NotFound), (anonymous, HttpStatusCode.Unauthorized) })
            {
                var response = method switch
                {
                    "GET" => await client.GetAsync(path),
                    "PUT" => await client.PutJson(path, body!),
                    _ => await client.PostJson(path, body),
                };
                response.StatusCode.ShouldBe(expected, $"{method} {path}");
            }
        }
        (await _app.WithDbAsync(tenant.OrganizationId, db => db.Set<RoomAiRequest>().CountAsync())).ShouldBe(0);
    }

    [Fact]
    public async Task Capabilities_decide_what_each_member_may_do()
    {
        var tenant = await _app.CreateTenantAsync();
        var (peerRoom, _, peerCandidate, _) = await _app.CreateRoomAsync(tenant, mode: "peer");
        var reader = await _app.TenantForAsync(tenant.OrganizationId, "interviews:read");

        // In peer mode hints and reviews are the interviewers' tools: the candidate has no ai:use.
        foreach (var kind in new[] { "message", "hint", "review" })
        {
            var response = await peerCandidate.PostJson($"/api/v1/rooms/{peerRoom}/ai/{kind}", new { text = "hi", code = "x = 1", language = "python" });
            (await response.Problem(HttpStatusCode.Forbidden))["code"]!.GetValue<string>().ShouldBe("missing_capability");
        }
        (await peerCandidate.PostJson($"/api/v1/rooms/{peerRoom}/runs", new { code = Clean, language = "python", mode = "run" })).StatusCode.ShouldBe(HttpStatusCode.OK);

        // A reading key watches (code:view) but may not run code or use the AI.
        (await reader.Client.GetAsync($"/api/v1/rooms/{peerRoom}/ai/messages")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.Client.PostJson($"/api/v1/rooms/{peerRoom}/runs", new { code = Clean, language = "python", mode = "run" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.Client.PostJson($"/api/v1/rooms/{peerRoom}/ai/review", new { code = Clean, language = "python" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        // The interviewer's key uses the AI tools in a peer room; the AI conversation itself is AI mode only.
        (await tenant.Client.PostJson($"/api/v1/rooms/{peerRoom}/ai/review", new { code = Clean, language = "python" })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await (await tenant.Client.PostJson($"/api/v1/rooms/{peerRoom}/ai/message", new { text = "hello" })).Problem(HttpStatusCode.Conflict))["code"]!
            .GetValue<string>().ShouldBe("ai_mode_only");
    }

    [Fact]
    public async Task Live_code_is_pushed_by_the_candidate_and_watched_with_etags_by_the_interviewer()
    {
        var tenant = await _app.CreateTenantAsync();
        var (roomId, _, candidate, _) = await _app.CreateRoomAsync(tenant, mode: "peer");
        var reader = await _app.TenantForAsync(tenant.OrganizationId, "interviews:read");
        var url = $"/api/v1/rooms/{roomId}/code";

        var empty = await reader.Client.GetJson(url);
        empty["version"]!.GetValue<long>().ShouldBe(0);
        empty["code"].ShouldBeNull();

        var first = await (await candidate.PutJson(url, new { code = "def two_sum(nums, target):\n", language = "python" })).Json();
        first["version"]!.GetValue<long>().ShouldBe(1);
        var second = await (await candidate.PutJson(url, new { code = Quadratic, language = "python" })).Json();
        second["version"]!.GetValue<long>().ShouldBe(2);

        var watched = await reader.Client.GetAsync(url);
        var seen = await watched.Json();
        seen["code"]!.GetValue<string>().ShouldBe(Quadratic);
        seen["updated_by"]!.GetValue<string>().ShouldBe("candidate");
        watched.Headers.ETag!.Tag.ShouldBe("\"2\"");

        // Nothing new: 304 with no body. A push moves the version and the next poll gets it.
        var unchanged = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { IfNoneMatch = { watched.Headers.ETag } } };
        (await reader.Client.SendAsync(unchanged)).StatusCode.ShouldBe(HttpStatusCode.NotModified);
        await candidate.PutJson(url, new { code = Clean, language = "python" });
        var moved = new HttpRequestMessage(HttpMethod.Get, url) { Headers = { IfNoneMatch = { watched.Headers.ETag } } };
        (await (await reader.Client.SendAsync(moved)).Json())["code"]!.GetValue<string>().ShouldBe(Clean);

        // Racing pushes all land and each moves the version once.
        await Task.WhenAll(Enumerable.Range(0, 8).Select(i => candidate.PutJson(url, new { code = $"x = {i}", language = "python" })));
        (await reader.Client.GetJson(url))["version"]!.GetValue<long>().ShouldBe(11);

        // A reading key watches but may not type; bad pushes are 400 and change nothing.
        (await (await reader.Client.PutJson(url, new { code = "x", language = "python" })).Problem(HttpStatusCode.Forbidden))["code"]!
            .GetValue<string>().ShouldBe("missing_capability");
        (await (await candidate.PutJson(url, new { code = "x", language = "cobol" })).Problem(HttpStatusCode.BadRequest))["errors"]!["language"].ShouldNotBeNull();
        (await (await candidate.PutJson(url, new { language = "python" })).Problem(HttpStatusCode.BadRequest))["errors"]!["code"].ShouldNotBeNull();
        (await (await candidate.PutJson(url, new { code = new string('x', RoomsApi.MaxCodeLength + 1), language = "python" })).Problem(HttpStatusCode.BadRequest))["errors"]!["code"]
            .ShouldNotBeNull();
        (await reader.Client.GetJson(url))["version"]!.GetValue<long>().ShouldBe(11);
    }

    [Fact]
    public async Task Run_and_submit_answer_the_exact_fields_and_keep_the_code_of_each_submission()
    {
        var tenant = await _app.CreateTenantAsync();
        var (roomId, _, candidate, _) = await _app.CreateRoomAsync(tenant);

        var run = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/runs", new { code = Clean, language = "python", mode = "run" })).Json();
        run.AsObject().Select(p => p.Key).ShouldBe(["verdict", "passed", "total", "tests", "stdout", "stderr", "duration_ms"]);
        run["verdict"]!.GetValue<string>().ShouldBe("ok");
        run["tests"]![0]!["expected"]!.GetValue<string>().ShouldBe("[0, 1]");

        var submit = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/runs", new { code = Quadratic, language = "python", mode = "submit" })).Json();
        (submit["passed"]!.GetValue<int>(), submit["total"]!.GetValue<int>()).ShouldBe((1, 3));
        foreach (var test in submit["tests"]!.AsArray())
        {
            test!.AsObject().Select(p => p.Key).ShouldBe(["name", "passed"], "hidden tests never show expected or actual output");
        }

        var runs = await tenant.Client.GetJson($"/api/v1/rooms/{roomId}/runs");
        runs.AsArray().Select(r => r!["code"]!.GetValue<string>()).ShouldBe([Quadratic, Clean]);

        var bad = await candidate.PostJson($"/api/v1/rooms/{roomId}/runs", new { code = "", language = "brainfuck", mode = "debug" });
        (await bad.Problem(HttpStatusCode.BadRequest))["errors"]!.AsObject().Select(p => p.Key).ShouldBe(["code", "language", "mode"], ignoreOrder: true);
    }

    [Fact]
    public async Task Message_hint_and_review_are_202_then_polled_to_their_results()
    {
        var tenant = await _app.CreateTenantAsync();
        var (roomId, _, candidate, _) = await _app.CreateRoomAsync(tenant);
        await candidate.PostJson($"/api/v1/rooms/{roomId}/runs", new { code = Quadratic, language = "python", mode = "submit" });

        var accepted = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/message",
            new { text = "Here is my first try, I think it works.", code = Quadratic, language = "python" })).Json(HttpStatusCode.Accepted);
        accepted["status"]!.GetValue<string>().ShouldBe("queued");
        var message = await RoomsApp.PollAsync(candidate, $"/api/v1/rooms/{roomId}/ai/message/{accepted["job_id"]}");
        message["status"]!.GetValue<string>().ShouldBe("completed", message.ToJsonString());
        var reply = message["result"]!;
        reply["reply"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        reply["follow_up_type"]!.GetValue<string>().ShouldBeOneOf("question", "evaluation", "hint", "encouragement");
        reply["difficulty"]!.GetValue<string>().ShouldBeOneOf("easy", "medium", "hard");
        reply.AsObject().ContainsKey("audio_url").ShouldBeFalse();

        var levels = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            var hintJob = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/hint", new { code = Quadratic, language = "python" })).Json(HttpStatusCode.Accepted);
            var hint = (await RoomsApp.PollAsync(candidate, $"/api/v1/rooms/{roomId}/ai/hint/{hintJob["job_id"]}"))["result"]!;
            levels.Add(hint["level"]!.GetValue<int>());
            hint["hints_used"]!.GetValue<int>().ShouldBe(i + 1);
            hint["hints_left"]!.GetValue<int>().ShouldBe(2 - i);
            hint["hint"]!.GetValue<string>().ShouldNotContain("seen[value] = index");
        }
        levels.ShouldBe([1, 2, 3]);
        // The room lists the hints given, so a reloaded page shows them again.
        var given = (await candidate.GetJson($"/api/v1/rooms/{roomId}"))["hints"]!.AsArray();
        given.Select(h => h!["level"]!.GetValue<int>()).ShouldBe([1, 2, 3]);
        given.ShouldAllBe(h => h!["hint"]!.GetValue<string>().Length > 0);

        var reviewJob = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/review", new { code = Quadratic, language = "python" })).Json(HttpStatusCode.Accepted);
        var review = (await RoomsApp.PollAsync(candidate, $"/api/v1/rooms/{roomId}/ai/review/{reviewJob["job_id"]}"))["result"]!;
        review["score"]!.GetValue<int>().ShouldBeInRange(0, 100);
        review["categories"]!.AsObject().Select(p => p.Key).ShouldBe(["correctness", "edge_cases", "complexity", "readability", "structure", "testing"], ignoreOrder: true);
        foreach (var (_, category) in review["categories"]!.AsObject())
        {
            category!["score"]!.GetValue<int>().ShouldBeInRange(0, 100);
            category["evidence"]!.AsArray().ShouldAllBe(e => e!["line"]!.GetValue<int>() >= 1 && e["line"]!.GetValue<int>() <= 7);
        }
        review["suggestions"]!.AsArray().ShouldContain(s => s!["line"]!.GetValue<int>() == 3 && s["severity"]!.GetValue<string>() == "error");
        review["summary"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();

        // Weakness signals are internal: persisted, never in what the candidate polls.
        (await _app.WithDbAsync(tenant.OrganizationId, db => db.Set<WeaknessSignalRow>().CountAsync())).ShouldBeGreaterThan(0);
        foreach (var (kind, id) in new[] { ("message", accepted["job_id"]), ("review", reviewJob["job_id"]) })
        {
            var text = await candidate.GetStringAsync($"/api/v1/rooms/{roomId}/ai/{kind}/{id}");
            text.ShouldNotContain("weakness", Case.Insensitive);
            text.ShouldNotContain("off_by_one");
        }
    }

    [Fact]
    public async Task Hints_stop_after_the_third_with_a_clear_conflict()
    {
        var tenant = await _app.CreateTenantAsync();
        var (roomId, _, candidate, _) = await _app.CreateRoomAsync(tenant);
        for (var i = 0; i < 3; i++)
        {
            var job = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/hint", new { })).Json(HttpStatusCode.Accepted);
            await RoomsApp.PollAsync(candidate, $"/api/v1/rooms/{roomId}/ai/hint/{job["job_id"]}");
        }
        // Past the limit window the ladder itself is used up.
        await _app.WithDbAsync(tenant.OrganizationId, db => db.Set<RoomAiRequest>().ExecuteUpdateAsync(s => s.SetProperty(r => r.CreatedAt, r => r.CreatedAt.AddMinutes(-10))));
        var problem = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/hint", new { })).Problem(HttpStatusCode.Conflict);
        problem["code"]!.GetValue<string>().ShouldBe("no_hints_left");

        // Another problem has its own ladder.
        var other = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/hint", new { problem_id = "warm-up" })).Json(HttpStatusCode.Accepted);
        (await RoomsApp.PollAsync(candidate, $"/api/v1/rooms/{roomId}/ai/hint/{other["job_id"]}"))["result"]!["level"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task Limits_answer_429_with_Retry_After_and_a_message_before_anything_is_queued()
    {
        var tenant = await _app.CreateTenantAsync();
        var (roomId, _, candidate, _) = await _app.CreateRoomAsync(tenant);
        for (var i = 0; i < 3; i++)
        {
            (await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/hint", new { problem_id = i == 2 ? "warm-up" : "two-sum" })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }
        var hint = await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/hint", new { problem_id = "warm-up" });
        var hintProblem = await hint.Problem(HttpStatusCode.TooManyRequests);
        hint.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 300);
        hintProblem["detail"]!.GetValue<string>().ShouldStartWith("You've asked for 3 hints in the last 5 minutes. You can try again in");

        for (var i = 0; i < 20; i++)
        {
            (await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/message", new { text = $"message {i}" })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        }
        var message = await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/message", new { text = "one too many" });
        var messageProblem = await message.Problem(HttpStatusCode.TooManyRequests);
        messageProblem["code"]!.GetValue<string>().ShouldBe("rate_limited");
        messageProblem["detail"]!.GetValue<string>().ShouldStartWith("You've sent 20 messages in the last minute.");
        message.Headers.RetryAfter!.Delta!.Value.TotalSeconds.ShouldBeInRange(1, 60);

        // Per user per room: the interviewer's key still has its own allowance, and nothing extra was queued.
        (await tenant.Client.PostJson($"/api/v1/rooms/{roomId}/ai/message", new { text = "interviewer here" })).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        var counts = await _app.WithDbAsync(tenant.OrganizationId, db => db.Set<RoomAiRequest>().GroupBy(r => r.Kind).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());
        counts.Single(c => c.Key == RoomAiKind.Hint).Count.ShouldBe(3);
        counts.Single(c => c.Key == RoomAiKind.Message).Count.ShouldBe(21);
    }

    [Fact]
    public async Task Results_are_served_for_24_hours_after_completion_then_expire()
    {
        var tenant = await _app.CreateTenantAsync();
        var (roomId, _, candidate, _) = await _app.CreateRoomAsync(tenant);
        var job = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/review", new { code = Clean, language = "python" })).Json(HttpStatusCode.Accepted);
        var url = $"/api/v1/rooms/{roomId}/ai/review/{job["job_id"]}";
        var first = await RoomsApp.PollAsync(candidate, url);
        (await candidate.GetJson(url)).ToJsonString().ShouldBe(first.ToJsonString());

        await _app.WithDbAsync(tenant.OrganizationId, db => db.Set<RoomAiRequest>().ExecuteUpdateAsync(s => s.SetProperty(r => r.CompletedAt, r => r.CompletedAt!.Value.AddHours(-25))));
        (await (await candidate.GetAsync(url)).Problem(HttpStatusCode.Gone))["code"]!.GetValue<string>().ShouldBe("result_expired");
        (await candidate.GetAsync($"/api/v1/rooms/{roomId}/ai/hint/{job["job_id"]}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "a review's id is not a hint");
    }

    [Fact]
    public async Task Message_history_pages_by_cursor_in_order()
    {
        var tenant = await _app.CreateTenantAsync();
        var (roomId, _, candidate, _) = await _app.CreateRoomAsync(tenant);
        for (var i = 0; i < 3; i++)
        {
            var job = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/message", new { text = $"Thought number {i}: I would use a map." })).Json(HttpStatusCode.Accepted);
            await RoomsApp.PollAsync(candidate, $"/api/v1/rooms/{roomId}/ai/message/{job["job_id"]}");
        }
        var all = await candidate.GetJson($"/api/v1/rooms/{roomId}/ai/messages");
        all["items"]!.AsArray().Count.ShouldBe(6);
        all["next_cursor"].ShouldBeNull();
        all["items"]![0]!["author"]!.GetValue<string>().ShouldBe("candidate");
        all["items"]![1]!["author"]!.GetValue<string>().ShouldBe("ai");

        var texts = new List<string>();
        string? cursor = null;
        do
        {
            var page = await candidate.GetJson($"/api/v1/rooms/{roomId}/ai/messages?limit=4{(cursor is null ? "" : $"&cursor={cursor}")}");
            texts.AddRange(page["items"]!.AsArray().Select(m => m!["text"]!.GetValue<string>()));
            cursor = page["next_cursor"]?.GetValue<string>();
        }
        while (cursor is not null);
        texts.ShouldBe(all["items"]!.AsArray().Select(m => m!["text"]!.GetValue<string>()));
        (await candidate.GetAsync($"/api/v1/rooms/{roomId}/ai/messages?limit=0")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await candidate.GetAsync($"/api/v1/rooms/{roomId}/ai/messages?cursor=abc")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Difficulty_rises_after_a_fast_clean_solve_and_falls_when_struggling()
    {
        var tenant = await _app.CreateTenantAsync();
        var (roomId, _, candidate, _) = await _app.CreateRoomAsync(tenant);
        await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/message", new { text = "Starting now, I'll keep a map of seen values." });
        await candidate.PostJson($"/api/v1/rooms/{roomId}/runs", new { code = Clean, language = "python", mode = "submit" });
        var job = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/message", new { text = "Done: one pass with a hash map.", code = Clean, language = "python" })).Json(HttpStatusCode.Accepted);
        var solved = (await RoomsApp.PollAsync(candidate, $"/api/v1/rooms/{roomId}/ai/message/{job["job_id"]}"))["result"]!;
        solved["difficulty"]!.GetValue<string>().ShouldBe("hard");
        solved["follow_up_type"]!.GetValue<string>().ShouldBe("evaluation");
        (await candidate.GetJson($"/api/v1/rooms/{roomId}"))["difficulty"]!.GetValue<string>().ShouldBe("hard");

        var (struggleRoom, _, struggler, _) = await _app.CreateRoomAsync(tenant, email: "bob@example.com");
        for (var i = 0; i < 3; i++)
        {
            var hint = await (await struggler.PostJson($"/api/v1/rooms/{struggleRoom}/ai/hint", new { })).Json(HttpStatusCode.Accepted);
            await RoomsApp.PollAsync(struggler, $"/api/v1/rooms/{struggleRoom}/ai/hint/{hint["job_id"]}");
        }
        await struggler.PostJson($"/api/v1/rooms/{struggleRoom}/runs", new { code = Quadratic, language = "python", mode = "submit" });
        var stuck = await (await struggler.PostJson($"/api/v1/rooms/{struggleRoom}/ai/message", new { text = "I'm not sure why it fails.", code = Quadratic, language = "python" })).Json(HttpStatusCode.Accepted);
        var easier = (await RoomsApp.PollAsync(struggler, $"/api/v1/rooms/{struggleRoom}/ai/message/{stuck["job_id"]}"))["result"]!;
        easier["difficulty"]!.GetValue<string>().ShouldBe("easy");
        easier["follow_up_type"]!.GetValue<string>().ShouldBeOneOf("encouragement", "hint");
    }

    [Fact]
    public async Task Weaknesses_accumulate_across_sessions_and_the_interviewer_probes_them()
    {
        var tenant = await _app.CreateTenantAsync();
        var (firstRoom, _, first, _) = await _app.CreateRoomAsync(tenant, email: "Grace@Example.com");
        var review = await (await first.PostJson($"/api/v1/rooms/{firstRoom}/ai/review", new { code = Quadratic, language = "python" })).Json(HttpStatusCode.Accepted);
        await RoomsApp.PollAsync(first, $"/api/v1/rooms/{firstRoom}/ai/review/{review["job_id"]}");

        var (secondRoom, _, second, _) = await _app.CreateRoomAsync(tenant, email: "grace@example.com");
        var job = await (await second.PostJson($"/api/v1/rooms/{secondRoom}/ai/message", new { text = "Let me start with the loop." })).Json(HttpStatusCode.Accepted);
        var reply = (await RoomsApp.PollAsync(second, $"/api/v1/rooms/{secondRoom}/ai/message/{job["job_id"]}"))["result"]!["reply"]!.GetValue<string>();
        reply.ShouldNotBeNullOrWhiteSpace();
        var probed = await _app.WithDbAsync(tenant.OrganizationId, db => db.Set<RoomMessage>().Where(m => m.RoomId == secondRoom && m.Author == MessageAuthor.Ai).Select(m => m.ProbedWeakness).SingleAsync());
        probed.ShouldNotBeNull("the interviewer probes a weakness from the first session");

        var mine = await second.GetJson("/api/v1/users/me/ai/weaknesses");
        mine["sessions"]!.GetValue<int>().ShouldBe(2);
        var edge = mine["weaknesses"]!.AsArray().Single(w => w!["category"]!.GetValue<string>() == "edge_cases")!;
        edge["count"]!.GetValue<int>().ShouldBe(1);
        edge["trend"]!.GetValue<string>().ShouldBe("improving");
        edge["examples"]![0]!["evidence"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        edge["last_seen"].ShouldNotBeNull();
        mine["weaknesses"]!.AsArray().Select(w => w!["category"]!.GetValue<string>()).ShouldContain("off_by_one");

        // Another organisation's candidate with the same e-mail sees nothing of this one's signals.
        var other = await _app.CreateTenantAsync("Other");
        var (_, _, stranger, _) = await _app.CreateRoomAsync(other, email: "grace@example.com");
        (await stranger.GetJson("/api/v1/users/me/ai/weaknesses"))["weaknesses"]!.AsArray().ShouldBeEmpty();
        (await _app.CreateClient().GetAsync("/api/v1/users/me/ai/weaknesses")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    private static IEnumerable<(string Method, string Path, object? Body)> RoomRoutes(Guid roomId, Guid jobId) =>
    [
        ("GET", $"/api/v1/rooms/{roomId}", null),
        ("POST", $"/api/v1/rooms/{roomId}/runs", new { code = "print(1)", language = "python", mode = "run" }),
        ("GET", $"/api/v1/rooms/{roomId}/runs", null),
        ("POST", $"/api/v1/rooms/{roomId}/ai/message", new { text = "hi" }),
        ("POST", $"/api/v1/rooms/{roomId}/ai/hint", new { }),
        ("POST", $"/api/v1/rooms/{roomId}/ai/review", new { code = "x = 1", language = "python" }),
        ("GET", $"/api/v1/rooms/{roomId}/ai/message/{jobId}", null),
        ("GET", $"/api/v1/rooms/{roomId}/ai/hint/{jobId}", null),
        ("GET", $"/api/v1/rooms/{roomId}/ai/review/{jobId}", null),
        ("GET", $"/api/v1/rooms/{roomId}/ai/messages", null),
        ("PUT", $"/api/v1/rooms/{roomId}/code", new { code = "x = 1", language = "python" }),
        ("GET", $"/api/v1/rooms/{roomId}/code", null),
    ];
}
