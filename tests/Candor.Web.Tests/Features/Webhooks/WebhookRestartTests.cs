using Candor.Web.Features.Webhooks;
using Candor.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Features.Webhooks;

/// <summary>Messages live in PostgreSQL: an app that stops (or dies) mid-delivery loses nothing; the next one re-sends with the same webhook-id.</summary>
public sealed class WebhookRestartTests
{
    [Fact]
    public async Task A_message_in_flight_when_the_app_stops_is_sent_again_by_the_next_app_with_the_same_webhook_id()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var release = new TaskCompletionSource();
        receiver.Script(ReceiverReply.HoldUntil(release.Task));
        string connectionString, endpointId, secret;
        Tenant tenant;
        await using (var first = new CandorApp().WithWebhookTestSettings().With("Candor:Webhooks:RequestTimeout", "00:01:00"))
        {
            await first.InitializeAsync();
            connectionString = first.ConnectionString;
            tenant = await first.CreateTenantAsync();
            (endpointId, secret) = await tenant.CreateEndpointAsync(receiver.Url);
            await new InterviewDriver(first, tenant).ScheduleNewAsync();
            await receiver.WaitForAsync(r => r.Count == 1, "the first delivery to be in flight");
        } // Disposed while the receiver still holds the request.

        release.SetResult();
        await using var second = CandorApp.OnDatabase(connectionString).WithWebhookTestSettings();
        await second.InitializeAsync();
        var api = second.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", tenant.ApiKey);
        var restarted = tenant with { Client = api };

        var messages = await restarted.WaitForMessagesAsync(endpointId, m => m.AllIn("delivered", 1), "delivery by the new app");
        var received = receiver.Received;
        received.Count.ShouldBe(2, "the interrupted attempt and the re-send");
        received.Select(r => r.Id).Distinct().ShouldBe([messages[0]!["id"]!.GetValue<string>()]);
        received.Select(r => r.Body).Distinct().Count().ShouldBe(1);
        (await StandardWebhooksVerifier.VerifyAsync(secret, received[^1])).ShouldBeNull();
        var log = (await api.GetJson($"/api/v1/webhooks/endpoints/{endpointId}/deliveries"))["items"]!.AsArray();
        log.ShouldContain(a => a!["error"] != null && a["error"]!.GetValue<string>().Contains("Interrupted"));
        log.ShouldContain(a => a!["succeeded"]!.GetValue<bool>());
    }

    [Fact]
    public async Task A_message_claimed_by_a_node_that_died_is_re_sent_once_its_lease_runs_out()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        string connectionString, endpointId;
        Tenant tenant;
        OutgoingWebhook claimed;
        // The first node's worker is off so this test can play it: claim, send, then die before recording anything.
        await using (var dying = new CandorApp().WithWebhookTestSettings()
            .With("Candor:Webhooks:Enabled", "false").With("Candor:Webhooks:Lease", "00:00:01"))
        {
            await dying.InitializeAsync();
            connectionString = dying.ConnectionString;
            tenant = await dying.CreateTenantAsync();
            (endpointId, _) = await tenant.CreateEndpointAsync(receiver.Url);
            await new InterviewDriver(dying, tenant).ScheduleNewAsync();
            var worker = dying.Services.GetRequiredService<WebhookDeliveryWorker>();
            (await worker.DispatchAsync(CancellationToken.None)).ShouldBe(1);
            claimed = (await worker.ClaimAsync(10, CancellationToken.None)).Single();
            (await dying.Services.GetRequiredService<WebhookSender>().SendAsync(claimed, CancellationToken.None)).Succeeded.ShouldBeTrue();
        }

        await using var survivor = CandorApp.OnDatabase(connectionString).WithWebhookTestSettings();
        await survivor.InitializeAsync();
        var api = survivor.CreateClient();
        api.DefaultRequestHeaders.Add("X-Api-Key", tenant.ApiKey);
        var messages = await (tenant with { Client = api }).WaitForMessagesAsync(endpointId, m => m.AllIn("delivered", 1), "re-delivery after the lease");

        var received = receiver.Received;
        received.Count.ShouldBe(2, "a duplicate, never a loss");
        received.Select(r => r.Id).Distinct().ShouldBe([claimed.MessageId.ToString()]);
        messages[0]!["attempts"]!.GetValue<int>().ShouldBe(2);
    }
}
