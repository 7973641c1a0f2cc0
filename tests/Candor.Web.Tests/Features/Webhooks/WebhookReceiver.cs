using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.Webhooks;

/// <summary>
/// A hiring platform's webhook receiver: a real Kestrel server on 127.0.0.1 that records every
/// request to /hooks and answers as scripted (500, a hang past the sender's timeout, 429 with
/// Retry-After, 410, a redirect), then 204 once the script runs out.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly Queue<ReceiverReply> _script = new();
    private readonly List<CapturedWebhook> _received = [];
    private readonly object _gate = new();
    private int _redirectTargetHits;


    public string BaseUrl { get; private set; } = "";

    public string Url => BaseUrl + "/hooks";

    /// <summary>Decides the reply when the script is empty; by default every request succeeds.</summary>
    public Func<CapturedWebhook, ReceiverReply> Default { get; set; } = _ => ReceiverReply.Status(204);

    public int RedirectTargetHits => Volatile.Read(ref _redirectTargetHits);

    public IReadOnlyList<CapturedWebhook> Received
    {
        get
        {
            lock (_gate)
            {
                return [.. _received];
            }
        }
    }

    public static async Task<WebhookReceiver> StartAsync()
    {
        var receiver = new WebhookReceiver();
        (receiver._app, receiver.BaseUrl) = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/hooks", receiver.HandleAsync);
            app.MapMethods("/redirected", ["GET", "POST"], () =>
            {
                Interlocked.Increment(ref receiver._redirectTargetHits);
                return Results.NoContent();
            });
        });
        return receiver;
    }

    /// <summary>Queues replies for the next requests, in order.</summary>
    public void Script(params ReceiverReply[] replies)
    {
        lock (_gate)
        {
            foreach (var reply in replies)
            {
                _script.Enqueue(reply);
            }
        }
    }

    /// <summary>Waits (bounded) until the captured requests satisfy <paramref name="condition"/>.</summary>
    public async Task<IReadOnlyList<CapturedWebhook>> WaitForAsync(Func<IReadOnlyList<CapturedWebhook>, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var received = Received;
            if (condition(received))
            {
                return received;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Receiver: {what} did not happen in time; got {received.Count} requests: "
                    + string.Join(", ", received.Select(r => $"{r.Type}/{r.Id}")));
            }
            await Task.Delay(25);
        }
    }

    /// <summary>Waits until <paramref name="count"/> distinct messages (webhook-ids) arrived.</summary>
    public Task<IReadOnlyList<CapturedWebhook>> WaitForMessagesAsync(int count, TimeSpan? timeout = null) =>
        WaitForAsync(r => r.Select(w => w.Id).Distinct().Count() >= count, $"{count} distinct messages", timeout);

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        var captured = new CapturedWebhook(
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString(), StringComparer.Ordinal),
            body, DateTimeOffset.UtcNow);
        ReceiverReply reply;
        lock (_gate)
        {
            _received.Add(captured);
            reply = _script.Count > 0 ? _script.Dequeue() : Default(captured);
        }

        if (reply.Hold is { } hold)
        {
            // Hang: the sender times out (or shuts down) first and aborts the request.
            await Task.WhenAny(hold, Task.Delay(Timeout.Infinite, context.RequestAborted)).ContinueWith(_ => { }, TaskScheduler.Default);
            if (context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
        }
        context.Response.StatusCode = reply.StatusCode;
        foreach (var (name, value) in reply.Headers)
        {
            context.Response.Headers[name] = value;
        }
        if (reply.Body is { } text)
        {
            await context.Response.WriteAsync(text, context.RequestAborted);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}

public sealed record ReceiverReply(int StatusCode, IReadOnlyDictionary<string, string> Headers, string? Body = null, Task? Hold = null)
{
    public static ReceiverReply Status(int code, string? body = null) => new(code, new Dictionary<string, string>(), body);

    public static ReceiverReply TooManyRequests(string retryAfter) => new(429, new Dictionary<string, string> { ["Retry-After"] = retryAfter });

    public static ReceiverReply Gone => Status(410);

    public static ReceiverReply Redirect => new(302, new Dictionary<string, string> { ["Location"] = "/redirected" });

    /// <summary>Never answers in time: the sender's timeout fires first.</summary>
    public static ReceiverReply Hang => new(204, new Dictionary<string, string>(), Hold: Task.Delay(TimeSpan.FromMinutes(5)));

    /// <summary>Holds the request until <paramref name="release"/> completes (or the sender gives up), then answers 204.</summary>
    public static ReceiverReply HoldUntil(Task release) => new(204, new Dictionary<string, string>(), Hold: release);
}

/// <summary>One request as the receiver saw it: headers (lower-cased names) and the raw body.</summary>
public sealed record CapturedWebhook(IReadOnlyDictionary<string, string> Headers, string Body, DateTimeOffset ReceivedAt)
{
    public string Id => Headers["webhook-id"];

    public string Signature => Headers["webhook-signature"];

    public long Timestamp => long.Parse(Headers["webhook-timestamp"]);

    public JsonNode Payload => JsonNode.Parse(Body)!;

    public string Type => Payload["type"]!.GetValue<string>();

    public JsonNode Data => Payload["data"]!;
}
