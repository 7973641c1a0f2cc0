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

    public IReadOnlyList<Guid> InterviewIds => [Completed.InterviewId, Pending.InterviewId, GreenhouseInterviewId];

    /// <summary>Every id of A's that B could try, as text: B's responses must mention none of them.</summary>
    public IReadOnlyList<string> AllOwnerIds =>
        [JobId.ToString(), .. InterviewIds.Select(i => i.ToString()), EndpointId.ToString(), .. ApiKeyIds.Select(i => i.ToString()),
            .. MessageIds.Select(i => i.ToString()), Owner.OrganizationId.ToString()];

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

        ApiKeyIds.Count.ShouldBe(2, "A's own key and the extra one");
        BackgroundJobIds.ShouldContain(DeadBackgroundJobId);
        BackgroundJobIds.Count.ShouldBeGreaterThan(1, "the completed interview's scoring and report jobs are A's too");
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
