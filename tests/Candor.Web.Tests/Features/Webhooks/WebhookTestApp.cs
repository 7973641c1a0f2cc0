using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.Webhooks;

/// <summary>The app with webhook timings shrunk to milliseconds and local receivers allowed.</summary>
public sealed class WebhookApp : CandorApp
{
    public WebhookApp() => this.WithWebhookTestSettings();
}

/// <summary>As <see cref="WebhookApp"/>, with the SSRF guard refusing private networks as in production.</summary>
public sealed class StrictWebhookApp : CandorApp
{
    public StrictWebhookApp() => this.WithWebhookTestSettings(allowPrivateNetworks: false);
}

public static class WebhookTestSettings
{
    /// <summary>Attempts: at once, then after 50 ms, 50 ms, 50 ms and 1.5 s (5 in all; the last delay leaves room to honour Retry-After: 1).</summary>
    public static readonly string[] RetryDelays = ["00:00:00.050", "00:00:00.050", "00:00:00.050", "00:00:01.500"];

    public const int MaxAttempts = 5;

    public static CandorApp WithWebhookTestSettings(this CandorApp app, bool allowPrivateNetworks = true)
    {
        app.With("Candor:Webhooks:AllowPrivateNetworks", allowPrivateNetworks ? "true" : "false")
            .With("Candor:Webhooks:PollInterval", "00:00:00.050")
            .With("Candor:Webhooks:RequestTimeout", "00:00:01");
        for (var i = 0; i < RetryDelays.Length; i++)
        {
            app.With($"Candor:Webhooks:RetryDelays:{i}", RetryDelays[i]);
        }
        return app;
    }

    public static async Task<(string Id, string Secret)> CreateEndpointAsync(this Tenant tenant, string url, params string[] eventTypes)
    {
        var created = await (await tenant.Client.PostJson("/api/v1/webhooks/endpoints", new { url, event_types = eventTypes, description = "test receiver" }))
            .Json(HttpStatusCode.Created);
        return (created["id"]!.GetValue<string>(), created["secret"]!.GetValue<string>());
    }

    /// <summary>Polls the messages API until <paramref name="condition"/> holds for the endpoint's messages.</summary>
    public static async Task<JsonArray> WaitForMessagesAsync(this Tenant tenant, string endpointId, Func<JsonArray, bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            var items = (await tenant.Client.GetJson($"/api/v1/webhooks/messages?endpoint_id={endpointId}&page_size=100"))["items"]!.AsArray();
            if (condition(items))
            {
                return items;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Messages of {endpointId}: {what} did not happen in time: {items.ToJsonString()}");
            }
            await Task.Delay(50);
        }
    }

    public static bool AllIn(this JsonArray messages, string status, int count) =>
        messages.Count == count && messages.All(m => m!["status"]!.GetValue<string>() == status);
}
