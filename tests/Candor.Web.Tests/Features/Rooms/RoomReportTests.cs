using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Candor.Web.Features.Accounts;
using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Features.CandidateResults;
using Candor.Web.Tests.Features.Webhooks;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.Rooms;

/// <summary>
/// One interview with a technical room, run once through the public API: the candidate talks to the AI, runs,
/// submits, takes two hints and a review, submits again, then finishes the interview. A second room opens for the
/// same interview after it ended. The recruiter then reads it all: the report endpoint, the results API, the
/// report_ready webhook, the results page, the PDF and a shared link.
/// </summary>
public sealed class RoomReportScenario : IAsyncLifetime
{
    public const string Quadratic = "def two_sum(nums, target):\n    for i in range(len(nums)):\n        for j in range(len(nums) + 1):\n            q = nums[i] + nums[j]\n            if q == target:\n                return [i, j]\n    return []\n";
    public const string Clean = "def two_sum(nums, target):\n    if not nums:\n        return []\n    seen = {}\n    for index, value in enumerate(nums):\n        if target - value in seen:\n            return [seen[target - value], index]\n        seen[value] = index\n    return []\n";

    public RoomsApp App { get; } = new();
    public Tenant Tenant { get; private set; } = null!;
    public Guid InterviewId { get; private set; }
    public Guid RoomId { get; private set; }
    public string CandidateToken { get; private set; } = "";
    public Guid LateRoomId { get; private set; }
    public string LateRoomToken { get; private set; } = "";
    public JsonNode ReportReady { get; private set; } = null!;
    public string EvaluatorEmail { get; private set; } = "";
    public string RecruiterEmail { get; private set; } = "";
    private WebhookReceiver _receiver = null!;

    public async Task InitializeAsync()
    {
        App.WithWebhookTestSettings();
        await App.InitializeAsync();
        _receiver = await WebhookReceiver.StartAsync();
        Tenant = await App.CreateTenantAsync("Room Report Org");
        await Tenant.CreateEndpointAsync(_receiver.Url, "interview.report_ready");
        var driver = new InterviewDriver(App, Tenant);
        // A behavioural stage: the room under test is the only one the interview gets, whatever a technical stage opens by itself.
        var job = await (await Tenant.Client.PostJson("/api/v1/jobs",
            new { title = "Senior Backend Engineer", description = InterviewDriver.BackendJobDescription, stage_type = "behavioural" })).Json(HttpStatusCode.Created);
        var scheduled = await driver.ScheduleAsync(Guid.Parse(job["id"]!.GetValue<string>()), "Grace Hopper", "grace@example.com");
        InterviewId = scheduled.InterviewId;

        (RoomId, CandidateToken) = await CreateRoomAsync(InterviewId);
        var candidate = App.WithBearer(CandidateToken);
        await MessageAsync(candidate, "Here is my first try, I think it works.", Quadratic);
        await RunAsync(candidate, Quadratic, "run");
        await RunAsync(candidate, Quadratic, "submit");
        for (var i = 0; i < 2; i++)
        {
            var hint = await (await candidate.PostJson($"/api/v1/rooms/{RoomId}/ai/hint", new { code = Quadratic, language = "python" })).Json(HttpStatusCode.Accepted);
            (await RoomsApp.PollAsync(candidate, $"/api/v1/rooms/{RoomId}/ai/hint/{hint["job_id"]}"))["status"]!.GetValue<string>().ShouldBe("completed");
        }
        var review = await (await candidate.PostJson($"/api/v1/rooms/{RoomId}/ai/review", new { code = Quadratic, language = "python" })).Json(HttpStatusCode.Accepted);
        (await RoomsApp.PollAsync(candidate, $"/api/v1/rooms/{RoomId}/ai/review/{review["job_id"]}"))["status"]!.GetValue<string>().ShouldBe("completed");
        await RunAsync(candidate, Clean, "submit");
        await MessageAsync(candidate, "Done: one pass with a hash map.", Clean);

        await driver.CompleteAsync(scheduled.Token, new CandidatePersonas(job).Strong);
        await driver.WaitForResultsAsync(InterviewId, TimeSpan.FromMinutes(3));
        ReportReady = (await _receiver.WaitForMessagesAsync(1, TimeSpan.FromMinutes(1))).Single(m => m.Payload["type"]!.GetValue<string>() == "interview.report_ready").Payload;

        // A room opened for the interview after it ended still shows in its results (they are read when asked for).
        (LateRoomId, LateRoomToken) = await CreateRoomAsync(InterviewId);
        await RunAsync(App.WithBearer(LateRoomToken), Clean, "submit", LateRoomId);

        EvaluatorEmail = await App.AddMemberAsync(Tenant.OrganizationId, MemberRole.Evaluator, "Eve Evaluator");
        RecruiterEmail = await App.AddMemberAsync(Tenant.OrganizationId, MemberRole.Recruiter, "Rita Recruiter");
    }

    public async Task DisposeAsync()
    {
        await _receiver.DisposeAsync();
        await App.DisposeAsync();
    }

    private async Task<(Guid RoomId, string Token)> CreateRoomAsync(Guid interviewId)
    {
        var body = await (await Tenant.Client.PostJson("/api/v1/rooms", new
        {
            mode = "ai",
            problem_id = "two-sum",
            language = "python",
            candidate = new { name = "Grace Hopper", email = "grace@example.com" },
            interview_id = interviewId,
        })).Json(HttpStatusCode.Created);
        return (Guid.Parse(body["room_id"]!.GetValue<string>()), body["candidate_token"]!.GetValue<string>());
    }

    private async Task RunAsync(HttpClient client, string code, string mode, Guid? roomId = null) =>
        await (await client.PostJson($"/api/v1/rooms/{roomId ?? RoomId}/runs", new { code, language = "python", mode })).Json();

    private async Task MessageAsync(HttpClient client, string text, string code)
    {
        var job = await (await client.PostJson($"/api/v1/rooms/{RoomId}/ai/message", new { text, code, language = "python" })).Json(HttpStatusCode.Accepted);
        (await RoomsApp.PollAsync(client, $"/api/v1/rooms/{RoomId}/ai/message/{job["job_id"]}"))["status"]!.GetValue<string>().ShouldBe("completed");
    }
}

public sealed partial class RoomReportTests(RoomReportScenario s) : IClassFixture<RoomReportScenario>
{
    [Fact]
    public async Task The_report_shows_runs_hints_reviews_difficulty_and_weaknesses_with_evidence()
    {
        var report = await s.Tenant.Client.GetJson($"/api/v1/rooms/{s.RoomId}/report");

        report["room_id"]!.GetValue<string>().ShouldBe(s.RoomId.ToString());
        report["interview_id"]!.GetValue<string>().ShouldBe(s.InterviewId.ToString());
        (report["problem"]!["title"]!.GetValue<string>(), report["problem"]!["difficulty"]!.GetValue<string>()).ShouldBe(("Two Sum", "medium"));
        (report["language"]!.GetValue<string>(), report["mode"]!.GetValue<string>()).ShouldBe(("python", "ai"));

        var runs = report["runs"]!.AsArray();
        runs.Select(r => r!["mode"]!.GetValue<string>()).ShouldBe(["run", "submit", "submit"]);
        runs.Select(r => r!["code"]!.GetValue<string>()).ShouldBe([RoomReportScenario.Quadratic, RoomReportScenario.Quadratic, RoomReportScenario.Clean]);
        runs.Select(r => (r!["passed"]!.GetValue<int>(), r["total"]!.GetValue<int>())).ShouldBe([(0, 2), (1, 3), (3, 3)]);
        runs.ShouldAllBe(r => r!["verdict"]!.GetValue<string>() == "ok" && r["duration_ms"]!.GetValue<long>() == 12);
        (report["run_count"]!.GetValue<int>(), report["submission_count"]!.GetValue<int>()).ShouldBe((1, 2));
        report["final_submission"]!["code"]!.GetValue<string>().ShouldBe(RoomReportScenario.Clean);

        report["hints_used"]!.GetValue<int>().ShouldBe(2);
        report["hints"]!.AsArray().Select(h => h!["level"]!.GetValue<int>()).ShouldBe([1, 2]);
        report["hints"]!.AsArray().ShouldAllBe(h => h!["hint"]!.GetValue<string>().Length > 0);

        var review = report["latest_review"]!;
        report["reviews"]!.AsArray().Count.ShouldBe(1);
        review["score"]!.GetValue<int>().ShouldBeInRange(0, 100);
        review["code"]!.GetValue<string>().ShouldBe(RoomReportScenario.Quadratic);
        review["categories"]!.AsObject().Select(p => p.Key).ShouldBe(["correctness", "edge_cases", "complexity", "readability", "structure", "testing"], ignoreOrder: true);
        review["suggestions"]!.AsArray().ShouldContain(x => x!["line"]!.GetValue<int>() == 3 && x["severity"]!.GetValue<string>() == "error");
        review["summary"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();

        var difficulty = report["difficulty_over_time"]!.AsArray();
        difficulty.Count.ShouldBe(3, "the start, then one step per AI turn");
        difficulty[0]!["follow_up_type"].ShouldBeNull();
        difficulty[0]!["difficulty"]!.GetValue<string>().ShouldBe("medium");
        difficulty.Skip(1).ShouldAllBe(p => p!["follow_up_type"] != null);
        difficulty[^1]!["difficulty"]!.GetValue<string>().ShouldBe(report["difficulty"]!.GetValue<string>());
        report["conversation_turns"]!.GetValue<int>().ShouldBe(2);

        var weaknesses = report["weaknesses"]!.AsArray();
        var offByOne = weaknesses.Single(w => w!["category"]!.GetValue<string>() == "off_by_one")!;
        offByOne["count"]!.GetValue<int>().ShouldBe(offByOne["evidence"]!.AsArray().Count);
        offByOne["evidence"]!.AsArray().ShouldContain(e => e!["line"]!.GetValue<int>() == 3 && e["source"]!.GetValue<string>() == "review"
            && e["evidence"]!.GetValue<string>().Contains("one past the end"));
    }

    [Fact]
    public async Task Only_the_hiring_team_reads_the_report()
    {
        var url = $"/api/v1/rooms/{s.RoomId}/report";

        var asCandidate = await s.App.WithBearer(s.CandidateToken).GetAsync(url);
        (await asCandidate.Problem(HttpStatusCode.Forbidden))["code"]!.GetValue<string>().ShouldBe("recruiters_only");
        (await s.App.WithBearer(s.LateRoomToken).GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound, "another room's token");
        (await (await s.App.CreateTenantAsync("Other Org")).Client.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound, "another organisation");
        (await s.App.CreateClient().GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        var webhooksOnly = await s.App.TenantForAsync(s.Tenant.OrganizationId, "webhooks:manage");
        (await (await webhooksOnly.Client.GetAsync(url)).Problem(HttpStatusCode.Forbidden))["code"]!.GetValue<string>().ShouldBe("missing_scope");

        var reader = await s.App.TenantForAsync(s.Tenant.OrganizationId, "interviews:read");
        (await reader.Client.GetJson(url))["room_id"]!.GetValue<string>().ShouldBe(s.RoomId.ToString());
        var evaluator = await s.App.LogInAsync(s.EvaluatorEmail);
        var bySession = await evaluator.Client.GetAsync(url);
        bySession.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await bySession.Content.ReadAsStringAsync()).ShouldContain("\"weaknesses\"");

        // What the candidate can read of their room never carries the report's scores or weakness signals.
        var room = await s.App.WithBearer(s.CandidateToken).GetStringAsync($"/api/v1/rooms/{s.RoomId}");
        room.ShouldNotContain("weakness", Case.Insensitive);
        room.ShouldNotContain("\"score\"");
    }

    [Fact]
    public async Task The_interview_results_carry_the_technical_rooms_and_null_without_one()
    {
        var results = await s.Tenant.Client.GetJson($"/api/v1/interviews/{s.InterviewId}/results");
        var rooms = results["technical"]!["rooms"]!.AsArray();
        rooms.Select(r => r!["room_id"]!.GetValue<string>()).ShouldBe([s.RoomId.ToString(), s.LateRoomId.ToString()]);
        var report = await s.Tenant.Client.GetJson($"/api/v1/rooms/{s.RoomId}/report");
        rooms[0]!.ToJsonString().ShouldBe(report.ToJsonString(), "the results carry the same report as the room's endpoint");
        rooms[1]!["runs"]!.AsArray().Single()!["code"]!.GetValue<string>().ShouldBe(RoomReportScenario.Clean);

        var driver = new InterviewDriver(s.App, s.Tenant);
        var plain = await driver.ScheduleAsync(Guid.Parse(results["interview"]!["job_id"]!.GetValue<string>()));
        var plainResults = await s.Tenant.Client.GetJson($"/api/v1/interviews/{plain.InterviewId}/results");
        plainResults.AsObject().ContainsKey("technical").ShouldBeTrue();
        plainResults["technical"].ShouldBeNull("an interview without a room has no technical exercise");
    }

    [Fact]
    public void The_report_ready_webhook_carries_the_technical_exercise()
    {
        var data = s.ReportReady["data"]!;
        data["interview_id"]!.GetValue<string>().ShouldBe(s.InterviewId.ToString());
        // Sent when the report was written: the room opened after the interview ended is not in it.
        var room = data["technical"]!["rooms"]!.AsArray().ShouldHaveSingleItem()!;
        room["room_id"]!.GetValue<string>().ShouldBe(s.RoomId.ToString());
        room["runs"]!.AsArray().Count.ShouldBe(3);
        room["final_submission"]!["code"]!.GetValue<string>().ShouldBe(RoomReportScenario.Clean);
        room["hints"]!.AsArray().Select(h => h!["level"]!.GetValue<int>()).ShouldBe([1, 2]);
        room["latest_review"]!["suggestions"]!.AsArray().ShouldContain(x => x!["line"]!.GetValue<int>() == 3);
        room["difficulty_over_time"]!.AsArray().Count.ShouldBe(3);
        room["weaknesses"]!.AsArray().ShouldContain(w => w!["category"]!.GetValue<string>() == "off_by_one");
    }

    [Fact]
    public async Task The_results_page_the_pdf_and_a_shared_link_show_the_technical_exercise()
    {
        var evaluator = await s.App.LogInAsync(s.EvaluatorEmail);
        var page = WebUtility.HtmlDecode(await evaluator.GetPageAsync($"/app/interviews/{s.InterviewId}"));
        page.ShouldContain(">Technical exercise: Two Sum</h2>");
        page.ShouldContain("<caption>Runs and submissions, in order, with the code of each</caption>");
        page.ShouldContain("<h3>Hints</h3>");
        page.ShouldContain("Level 2 (the approach)");
        page.ShouldContain("Line 3 (error):");
        page.ShouldContain("<h3>Difficulty over time</h3>");
        page.ShouldContain("<strong>Off by one</strong>");
        page.ShouldContain("indexes one past the end. (line 3), from code review");
        page.ShouldContain("<pre><code>" + RoomReportScenario.Clean + "</code></pre>");

        var pdf = await evaluator.Client.GetAsync($"/app/interviews/{s.InterviewId}/report.pdf");
        pdf.StatusCode.ShouldBe(HttpStatusCode.OK);
        var text = PdfText.All(await pdf.Content.ReadAsByteArrayAsync());
        text.ShouldContain("Technical exercise: Two Sum");
        text.ShouldContain("Runs and submissions");
        text.ShouldContain("3. Submit: OK, 3 of 3 tests passed");
        text.ShouldContain("Review score:");
        text.ShouldContain("Difficulty over time");
        text.ShouldContain("Off by one");
        text.ShouldContain("Submitted code");
        text.ShouldContain("seen[value] = index");

        // A shared link goes to hiring managers: the hiring side, so it shows the exercise too.
        var recruiter = await s.App.LogInAsync(s.RecruiterEmail);
        var created = await recruiter.SubmitExpectingPageAsync($"/app/interviews/{s.InterviewId}", "share", new Dictionary<string, string> { ["Share.Lifetime"] = "24h" });
        var link = ShareLinkPattern().Match(created).Groups["path"].Value;
        link.ShouldNotBeEmpty();
        var shared = WebUtility.HtmlDecode(await new PageSession(s.App).GetPageAsync(link));
        shared.ShouldContain(">Technical exercise: Two Sum</h2>");
        shared.ShouldNotContain("grace@example.com");
    }

    [GeneratedRegex("value=\"http://candor\\.test(?<path>/r/[A-Za-z0-9_-]+)\"")]
    private static partial Regex ShareLinkPattern();
}
