using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Candor.Web.Data.Entities;
using Candor.Web.Tests.Features;
using Candor.Web.Tests.Features.Greenhouse;
using Candor.Web.Tests.Features.Webhooks;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Security;

/// <summary>
/// Arranged once per class: tenant A (the owner) holds one of everything, made through the public API,
/// and tenant B (the intruder) holds all scopes and a job of its own.
/// </summary>
public sealed class TenantIsolationSweepFixture : IAsyncLifetime
{
    public const string GreenhouseApi = "/api/v1/integrations/greenhouse";

    public CandorApp App { get; } = new CandorApp().WithWebhookTestSettings()
        // The sweep sends a few hundred requests in a burst; rate limits would answer 429 and hide what it checks.
        .With("Candor:RateLimits:ApiKeyPerMinute", "1000000")
        .With("Candor:RateLimits:IpPerMinute", "1000000");

    public Tenant Owner { get; private set; } = null!;
    public Tenant Intruder { get; private set; } = null!;
    public WebhookReceiver Receiver { get; private set; } = null!;

    public Guid JobId { get; private set; }
    public Guid IntruderJobId { get; private set; }
    public Scheduled Completed { get; private set; } = null!;
    public Scheduled Pending { get; private set; } = null!;
    public Guid GreenhouseInterviewId { get; private set; }
    public string GreenhouseCallbackUrl { get; private set; } = "";
    public Guid EndpointId { get; private set; }
    public Guid ExtraApiKeyId { get; private set; }
    public long DeadBackgroundJobId { get; private set; }
    public IReadOnlyList<Guid> ApiKeyIds { get; private set; } = [];
    public IReadOnlyList<long> BackgroundJobIds { get; private set; } = [];
    public IReadOnlyList<Guid> MessageIds { get; private set; } = [];
    public Guid RoomId { get; private set; }
    public string CustomProblemId { get; } = "owner-org-reverse-line";
    public Guid CustomScenarioQuestionId { get; private set; }

    /// <summary>A's AI jobs in its room, by kind: message, hint, review.</summary>
    public IReadOnlyDictionary<string, string> RoomJobIds { get; private set; } = new Dictionary<string, string>();

    public IReadOnlyList<Guid> InterviewIds => [Completed.InterviewId, Pending.InterviewId, GreenhouseInterviewId];

    /// <summary>Every id of A's that B could try, as text: B's responses must mention none of them.</summary>
    public IReadOnlyList<string> AllOwnerIds =>
        [JobId.ToString(), .. InterviewIds.Select(i => i.ToString()), EndpointId.ToString(), .. ApiKeyIds.Select(i => i.ToString()),
            .. MessageIds.Select(i => i.ToString()), Owner.OrganizationId.ToString(), RoomId.ToString(), .. RoomJobIds.Values,
            CustomScenarioQuestionId.ToString()];

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        Owner = await App.CreateTenantAsync("Owner Org");
        Intruder = await App.CreateTenantAsync("Intruder Org");
        IntruderJobId = Id(await new InterviewDriver(App, Intruder).CreateJobAsync("Intruder's Own Role"));

        // Every delivery fails, so A's messages end up failed: exactly the state a foreign replay would change.
        Receiver = await WebhookReceiver.StartAsync();
        Receiver.Default = _ => ReceiverReply.Status(500);
        var (endpointId, _) = await Owner.CreateEndpointAsync(Receiver.Url, "interview.scheduled", "interview.report_ready");
        EndpointId = Guid.Parse(endpointId);

        var driver = new InterviewDriver(App, Owner);
        var job = await driver.CreateJobAsync();
        JobId = Id(job);
        Completed = await driver.ScheduleAsync(JobId);
        await driver.CompleteAsync(Completed.Token, new CandidatePersonas(job).Strong);
        await driver.WaitForResultsAsync(Completed.InterviewId);
        Pending = await driver.ScheduleAsync(JobId, "Grace Hopper", "grace@example.com");

        ExtraApiKeyId = Id(await (await Owner.Client.PostJson("/api/v1/api-keys", new { name = "ci pipeline", scopes = new[] { "interviews:read" } }))
            .Json(HttpStatusCode.Created));
        DeadBackgroundJobId = await InsertDeadBackgroundJobAsync();
        GreenhouseCallbackUrl = $"{Receiver.BaseUrl}/integrations/testing_partners/take_home_tests/4242";
        var sent = await (await GreenhouseClient(Owner).PostJson($"{GreenhouseApi}/send_test", SendTestBody(JobId, GreenhouseCallbackUrl))).Json();
        GreenhouseInterviewId = Guid.Parse(sent["partner_interview_id"]!.GetValue<string>());

        // Three interview.scheduled (two by API, one by Greenhouse) and one report_ready, each failed for good.
        var messages = await Owner.WaitForMessagesAsync(endpointId, items => items.AllIn("failed", 4), "four failed messages");
        MessageIds = messages.Select(m => Guid.Parse(m!["id"]!.GetValue<string>())).ToList();
        ApiKeyIds = (await Items(Owner.Client, "/api/v1/api-keys")).Select(k => Guid.Parse(k["id"]!.GetValue<string>())).ToList();
        BackgroundJobIds = (await Items(Owner.Client, "/api/v1/background-jobs")).Select(j => j["id"]!.GetValue<long>()).ToList();

        await CreateRoomAndProblemAsync();
        CustomScenarioQuestionId = Id(await (await Owner.Client.PostJson("/api/v1/scenario-questions", new
        {
            title = "Owner's own dispatch design",
            prompt = "Design the service behind our dispatch board.",
            scenario_type = "system_design",
            difficulty = "medium",
            applicable_stage_types = new[] { "technical_ai_assisted" },
            rubric_points = new[] { "Handles two dispatchers assigning the same delivery" },
        })).Json(HttpStatusCode.Created));

        ApiKeyIds.Count.ShouldBe(2, "A's own key and the extra one");
        BackgroundJobIds.ShouldContain(DeadBackgroundJobId);
        BackgroundJobIds.Count.ShouldBeGreaterThan(1, "the completed interview's scoring and report jobs are A's too");
    }

    /// <summary>A's technical room with one AI job of each kind, and A's own problem for the bank.</summary>
    private async Task CreateRoomAndProblemAsync()
    {
        var room = await (await Owner.Client.PostJson("/api/v1/rooms", new
        {
            mode = "ai",
            problem_id = "climbing-stairs",
            language = "python",
            candidate = new { name = "Ada Lovelace", email = "ada.room@example.com" },
        })).Json(HttpStatusCode.Created);
        RoomId = Guid.Parse(room["room_id"]!.GetValue<string>());
        var jobs = new Dictionary<string, string>();
        foreach (var (kind, body) in new (string, object)[]
        {
            ("message", new { text = "I would use two variables." }),
            ("hint", new { }),
            ("review", new { code = "def climb_stairs(n):\n    return n\n", language = "python" }),
        })
        {
            var queued = await (await Owner.Client.PostJson($"/api/v1/rooms/{RoomId}/ai/{kind}", body)).Json(HttpStatusCode.Accepted);
            jobs[kind] = queued["job_id"]!.ToString();
        }
        RoomJobIds = jobs;

        await (await Owner.Client.PostJson("/api/v1/problems", new
        {
            id = CustomProblemId,
            title = "Reverse a line",
            difficulty = "easy",
            topics = new[] { "strings" },
            statement = "Print the input line reversed.",
            starter_code = new Dictionary<string, string> { ["python"] = "import sys\nline = sys.stdin.read().strip()\nprint(line)\n" },
            examples = new[] { new { name = "abc", input = "abc\n", output = "cba", explanation = "reversed" } },
            hidden_tests = new[] { new { name = "secret", input = "xyz\n", output = "zyx", explanation = (string?)null } },
            hints = new[] { "Strings can be sliced.", "Read the line, reverse it.", "Slice with a step of -1." },
            reference_complexity = "O(n)",
            reference_solutions = new Dictionary<string, string> { ["python"] = "import sys\nprint(sys.stdin.read().strip()[::-1])\n" },
        })).Json(HttpStatusCode.Created);
    }

    public async Task DisposeAsync()
    {
        await App.DisposeAsync();
        if (Receiver is not null)
        {
            await Receiver.DisposeAsync();
        }
    }

    /// <summary>A client that authenticates as Greenhouse does: the tenant's API key as the Basic user name.</summary>
    public HttpClient GreenhouseClient(Tenant tenant)
    {
        var client = App.CreateClient();
        client.DefaultRequestHeaders.Authorization = GreenhouseApp.Basic(tenant.ApiKey, "");
        return client;
    }

    public static object SendTestBody(Guid jobId, string callbackUrl) => new
    {
        partner_test_id = jobId.ToString(),
        candidate = new { first_name = "Harry", last_name = "Potter", email = "hpotter@hogwarts.edu" },
        url = callbackUrl,
    };

    public static async Task<List<JsonNode>> Items(HttpClient client, string path) =>
        (await client.GetJson($"{path}?page_size=100"))["items"]!.AsArray().Select(i => i!).ToList();

    private static Guid Id(JsonNode created) => Guid.Parse(created["id"]!.GetValue<string>());

    private Task<long> InsertDeadBackgroundJobAsync() => App.InsertDeadJobAsync(Owner.OrganizationId);
}
