using System.Net;
using Candor.Web.Features.Webhooks;
using Candor.Web.Infrastructure;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.Webhooks;

/// <summary>The endpoints API: secrets shown once and encrypted at rest, validation, scopes and tenant isolation.</summary>
public sealed class WebhookEndpointsApiTests(WebhookApp app) : IClassFixture<WebhookApp>
{
    [Fact]
    public async Task Creating_an_endpoint_shows_a_whsec_secret_once_and_stores_it_encrypted()
    {
        var tenant = await app.CreateTenantAsync();
        var response = await tenant.Client.PostJson("/api/v1/webhooks/endpoints",
            new { url = "https://93.184.215.14/candor", event_types = new[] { "interview.completed", "interview.report_ready" }, description = "ATS" });
        var created = await response.Json(HttpStatusCode.Created);
        var id = created["id"]!.GetValue<string>();
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/webhooks/endpoints/{id}");

        var secret = created["secret"]!.GetValue<string>();
        secret.ShouldStartWith("whsec_");
        Convert.FromBase64String(secret["whsec_".Length..]).Length.ShouldBeGreaterThanOrEqualTo(24);
        created["url"]!.GetValue<string>().ShouldBe("https://93.184.215.14/candor");
        created["event_types"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["interview.completed", "interview.report_ready"]);
        created["enabled"]!.GetValue<bool>().ShouldBeTrue();

        var fetched = await tenant.Client.GetJson($"/api/v1/webhooks/endpoints/{id}");
        fetched.AsObject().ContainsKey("secret").ShouldBeFalse("the secret is shown once, at creation");
        var listed = await tenant.Client.GetJson("/api/v1/webhooks/endpoints");
        listed["items"]!.AsArray().Single()!.AsObject().ContainsKey("secret").ShouldBeFalse();

        var stored = await app.WithDbAsync(tenant.OrganizationId, db => db.WebhookEndpoints.AsNoTracking().SingleAsync(e => e.Id == Guid.Parse(id)));
        stored.SecretCiphertext.ShouldStartWith("v1:");
        stored.SecretCiphertext.ShouldNotContain(secret["whsec_".Length..]);
    }

    [Fact]
    public async Task An_endpoint_can_be_changed_disabled_and_deleted()
    {
        var tenant = await app.CreateTenantAsync();
        var (id, _) = await tenant.CreateEndpointAsync("https://93.184.215.14/a");

        var patched = await (await tenant.Client.PatchAsync($"/api/v1/webhooks/endpoints/{id}", JsonBody(new
        {
            url = "https://93.184.215.14/b",
            event_types = new[] { "interview.cancelled" },
            description = "renamed",
            enabled = false,
        }))).Json();
        patched["url"]!.GetValue<string>().ShouldBe("https://93.184.215.14/b");
        patched["event_types"]!.AsArray().Single()!.GetValue<string>().ShouldBe("interview.cancelled");
        patched["description"]!.GetValue<string>().ShouldBe("renamed");
        patched["enabled"]!.GetValue<bool>().ShouldBeFalse();

        var reenabled = await (await tenant.Client.PatchAsync($"/api/v1/webhooks/endpoints/{id}", JsonBody(new { enabled = true }))).Json();
        reenabled["enabled"]!.GetValue<bool>().ShouldBeTrue();
        reenabled["url"]!.GetValue<string>().ShouldBe("https://93.184.215.14/b", "fields not sent stay as they were");

        (await tenant.Client.DeleteAsync($"/api/v1/webhooks/endpoints/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);
        await (await tenant.Client.GetAsync($"/api/v1/webhooks/endpoints/{id}")).Problem(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not a url")]
    [InlineData("ftp://files.example.com/hooks")]
    [InlineData("/relative/hooks")]
    [InlineData("https://user:password@93.184.215.14/")]
    public async Task A_bad_url_is_a_400_naming_url(string? url)
    {
        var tenant = await app.CreateTenantAsync();
        var problem = await (await tenant.Client.PostJson("/api/v1/webhooks/endpoints", new { url })).Problem(HttpStatusCode.BadRequest);
        problem["errors"]!["url"].ShouldNotBeNull();
        (await tenant.Client.GetJson("/api/v1/webhooks/endpoints"))["total"]!.GetValue<int>().ShouldBe(0, "nothing is half-written");
    }

    [Fact]
    public async Task Unknown_event_types_and_bad_overlap_are_400s_naming_the_field()
    {
        var tenant = await app.CreateTenantAsync();
        var problem = await (await tenant.Client.PostJson("/api/v1/webhooks/endpoints",
            new { url = "https://93.184.215.14/", event_types = new[] { "interview.exploded" } })).Problem(HttpStatusCode.BadRequest);
        problem["errors"]!["event_types"].ShouldNotBeNull();

        var (id, _) = await tenant.CreateEndpointAsync("https://93.184.215.14/");
        var overlap = await (await tenant.Client.PostJson($"/api/v1/webhooks/endpoints/{id}/rotate-secret", new { overlap_minutes = -5 })).Problem(HttpStatusCode.BadRequest);
        overlap["errors"]!["overlap_minutes"].ShouldNotBeNull();
        var status = await (await tenant.Client.GetAsync("/api/v1/webhooks/messages?status=lost")).Problem(HttpStatusCode.BadRequest);
        status["errors"]!["status"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Managing_webhooks_needs_the_webhooks_manage_scope()
    {
        var tenant = await app.CreateTenantAsync("Read only", "interviews:read");
        (await tenant.Client.GetAsync("/api/v1/webhooks/endpoints")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await tenant.Client.PostJson("/api/v1/webhooks/endpoints", new { url = "https://93.184.215.14/" })).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await tenant.Client.GetAsync("/api/v1/webhooks/messages")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.CreateClient().GetAsync("/api/v1/webhooks/endpoints")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Another_organisations_endpoints_and_messages_are_invisible_and_answer_404()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var owner = await app.CreateTenantAsync("Owner");
        var other = await app.CreateTenantAsync("Other");
        var (endpointId, _) = await owner.CreateEndpointAsync(receiver.Url);
        await new InterviewDriver(app, owner).ScheduleNewAsync();
        var messages = await owner.WaitForMessagesAsync(endpointId, m => m.AllIn("delivered", 1), "one delivered message");
        var messageId = messages[0]!["id"]!.GetValue<string>();

        var api = other.Client;
        (await api.GetJson("/api/v1/webhooks/endpoints"))["items"]!.AsArray().ShouldBeEmpty();
        (await api.GetJson("/api/v1/webhooks/messages"))["items"]!.AsArray().ShouldBeEmpty();
        (await api.GetJson($"/api/v1/webhooks/messages?endpoint_id={endpointId}"))["items"]!.AsArray().ShouldBeEmpty();
        await (await api.GetAsync($"/api/v1/webhooks/endpoints/{endpointId}")).Problem(HttpStatusCode.NotFound);
        await (await api.PatchAsync($"/api/v1/webhooks/endpoints/{endpointId}", JsonBody(new { enabled = false }))).Problem(HttpStatusCode.NotFound);
        await (await api.PostJson($"/api/v1/webhooks/endpoints/{endpointId}/rotate-secret")).Problem(HttpStatusCode.NotFound);
        await (await api.GetAsync($"/api/v1/webhooks/endpoints/{endpointId}/deliveries")).Problem(HttpStatusCode.NotFound);
        await (await api.DeleteAsync($"/api/v1/webhooks/endpoints/{endpointId}")).Problem(HttpStatusCode.NotFound);
        await (await api.GetAsync($"/api/v1/webhooks/messages/{messageId}")).Problem(HttpStatusCode.NotFound);
        await (await api.PostJson($"/api/v1/webhooks/messages/{messageId}/replay")).Problem(HttpStatusCode.NotFound);
        await (await api.PostJson("/api/v1/webhooks/messages/replay", new { endpoint_id = endpointId })).Problem(HttpStatusCode.NotFound);
        (await (await api.PostJson("/api/v1/webhooks/messages/replay")).Json())["replayed"]!.GetValue<int>().ShouldBe(0);

        // The other organisation's events never reach the owner's endpoint.
        var foreign = await new InterviewDriver(app, other).ScheduleNewAsync();
        await WaitUntilAsync(() => app.WithDbAsync(other.OrganizationId, db =>
            db.OutboxEvents.AnyAsync(e => e.DispatchedAt != null && e.Payload.Contains(foreign.InterviewId.ToString()))));
        (await owner.Client.GetJson($"/api/v1/webhooks/messages?endpoint_id={endpointId}"))["total"]!.GetValue<int>().ShouldBe(1);
        (await app.WithDbAsync(owner.OrganizationId, db => db.WebhookEndpoints.CountAsync())).ShouldBe(1, "the owner's endpoint is untouched");
    }

    [Fact]
    public async Task Without_a_usable_secrets_key_creating_an_endpoint_is_a_500_problem_and_nothing_is_stored()
    {
        await using var broken = new CandorApp().WithWebhookTestSettings();
        broken.With("Candor:Secrets:Key", "too-short");
        await broken.InitializeAsync();
        var tenant = await broken.CreateTenantAsync();
        var problem = await (await tenant.Client.PostJson("/api/v1/webhooks/endpoints", new { url = "https://93.184.215.14/" }))
            .Problem(HttpStatusCode.InternalServerError);
        problem["code"]!.GetValue<string>().ShouldBe("secrets_key_missing");
        (await tenant.Client.GetJson("/api/v1/webhooks/endpoints"))["total"]!.GetValue<int>().ShouldBe(0);
    }

    internal static StringContent JsonBody(object body) =>
        new(System.Text.Json.JsonSerializer.Serialize(body, Candor.Web.Data.CandorJson.Options), System.Text.Encoding.UTF8, "application/json");

    internal static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The condition did not hold in time.");
            }
            await Task.Delay(50);
        }
    }
}

/// <summary>The SSRF guard with private networks refused, as in production.</summary>
public sealed class WebhookSsrfGuardTests(StrictWebhookApp app) : IClassFixture<StrictWebhookApp>
{
    private readonly CandorApp _app = app;

    [Theory]
    [InlineData("http://127.0.0.1:8080/hooks")]
    [InlineData("http://localhost/hooks")]
    [InlineData("http://10.1.2.3/hooks")]
    [InlineData("http://172.16.0.9/hooks")]
    [InlineData("http://192.168.1.1/hooks")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://100.64.0.1/hooks")]
    [InlineData("http://0.0.0.0/hooks")]
    [InlineData("http://224.0.0.1/hooks")]
    [InlineData("http://[::1]/hooks")]
    [InlineData("http://[::]/hooks")]
    [InlineData("http://[::ffff:127.0.0.1]/hooks")]
    [InlineData("http://[::ffff:10.0.0.1]/hooks")]
    [InlineData("http://[fe80::1]/hooks")]
    [InlineData("http://[fd00::1]/hooks")]
    [InlineData("http://[ff02::1]/hooks")]
    public async Task Endpoints_on_internal_addresses_are_refused_with_a_400_naming_url(string url)
    {
        var tenant = await _app.CreateTenantAsync();
        var problem = await (await tenant.Client.PostJson("/api/v1/webhooks/endpoints", new { url })).Problem(HttpStatusCode.BadRequest);
        problem["errors"]!["url"]![0]!.GetValue<string>().ShouldContain("public addresses only");

        var (id, _) = await tenant.CreateEndpointAsync("https://93.184.215.14/hooks");
        var patch = await tenant.Client.PatchAsync($"/api/v1/webhooks/endpoints/{id}", WebhookEndpointsApiTests.JsonBody(new { url }));
        (await patch.Problem(HttpStatusCode.BadRequest))["errors"]!["url"].ShouldNotBeNull();
    }

    [Fact]
    public async Task A_public_address_is_accepted()
    {
        var tenant = await _app.CreateTenantAsync();
        await tenant.CreateEndpointAsync("https://93.184.215.14/hooks");
        await tenant.CreateEndpointAsync("http://[2606:4700:4700::1111]/hooks");
    }

    [Fact]
    public async Task At_send_time_a_host_that_resolves_to_loopback_is_refused_before_connecting()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        using var sender = new WebhookSender(
            new OutboundUrlGuard(allowPrivateNetworks: false),
            Microsoft.Extensions.Options.Options.Create(new WebhookOptions()), TimeProvider.System);
        var url = receiver.Url.Replace("127.0.0.1", "localhost", StringComparison.Ordinal);
        var result = await sender.SendAsync(
            new OutgoingWebhook(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), 1, url, [WebhookSignature.NewSecret()], "{}"), CancellationToken.None);

        result.Succeeded.ShouldBeFalse();
        result.Error!.ShouldStartWith("Refused:");
        receiver.Received.ShouldBeEmpty();
    }
}
