using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Providers;

/// <summary>What the fake answers to one request. Status 200 with no other setting is a normal reply.</summary>
public sealed record FakeReply(
    string Text = "Hello from the fake model.",
    int InputTokens = 12,
    int OutputTokens = 5,
    int Status = 200,
    string? RetryAfter = null,
    TimeSpan Delay = default,
    bool Malformed = false,
    string? ErrorMessage = null);

public sealed record ReceivedRequest(string Path, IReadOnlyDictionary<string, string> Headers, JsonNode Body, DateTimeOffset ArrivedAt);

/// <summary>
/// A real HTTP server on 127.0.0.1 that speaks OpenAI's POST /v1/chat/completions and Anthropic's
/// POST /v1/messages, JSON and SSE streaming, including their error shapes. Replies are scripted in
/// order; when the script runs out it answers <see cref="Fallback"/>.
/// </summary>
public sealed class FakeLlmServer : IAsyncDisposable
{
    private WebApplication _app = null!;
    private readonly ConcurrentQueue<FakeReply> _script = new();
    private readonly ConcurrentQueue<ReceivedRequest> _requests = new();

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The OpenAI-style base URL (…/v1), as configured for OpenAI-compatible servers.</summary>
    public string OpenAiBaseUrl => $"{BaseUrl}v1";

    /// <summary>The Anthropic-style base URL (host only; the SDK appends /v1/messages).</summary>
    public string AnthropicBaseUrl => BaseUrl.ToString().TrimEnd('/');

    public FakeReply Fallback { get; set; } = new();

    /// <summary>When the script is empty, answers from the request itself (a fake model); null falls through to <see cref="Fallback"/>.</summary>
    public Func<JsonNode, FakeReply?>? Responder { get; set; }

    public IReadOnlyList<ReceivedRequest> Requests => [.. _requests];

    public static async Task<FakeLlmServer> StartAsync()
    {
        var server = new FakeLlmServer();
        string baseUrl;
        (server._app, baseUrl) = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/v1/chat/completions", context => server.HandleAsync(context, openAi: true));
            app.MapPost("/v1/messages", context => server.HandleAsync(context, openAi: false));
        });
        server.BaseUrl = new Uri(baseUrl + "/");
        return server;
    }

    public FakeLlmServer Then(params FakeReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
        return this;
    }

    private async Task HandleAsync(HttpContext context, bool openAi)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) ?? new JsonObject();
        _requests.Enqueue(new ReceivedRequest(context.Request.Path, context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            body, DateTimeOffset.UtcNow));
        var reply = _script.TryDequeue(out var next) ? next : Responder?.Invoke(body) ?? Fallback;
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }

        var response = context.Response;
        if (reply.Status != 200)
        {
            response.StatusCode = reply.Status;
            if (reply.RetryAfter is not null)
            {
                response.Headers["Retry-After"] = reply.RetryAfter;
            }
            var message = reply.ErrorMessage ?? $"Fake failure {reply.Status}";
            await response.WriteAsJsonAsync(openAi
                ? new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "fake_error", ["param"] = null, ["code"] = "fake" } }
                : new JsonObject { ["type"] = "error", ["error"] = new JsonObject { ["type"] = "api_error", ["message"] = message } });
            return;
        }
        if (reply.Malformed)
        {
            response.ContentType = "application/json";
            await response.WriteAsync("{\"id\": \"broken\", \"choices\": [ {\"message\": ");
            return;
        }

        var stream = body["stream"]?.GetValue<bool>() == true;
        var model = body["model"]?.GetValue<string>() ?? "unknown";
        if (!stream)
        {
            await response.WriteAsJsonAsync(openAi ? OpenAiCompletion(reply, model) : AnthropicMessage(reply, model));
            return;
        }

        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        if (openAi)
        {
            await StreamOpenAiAsync(response, reply, model, body["stream_options"]?["include_usage"]?.GetValue<bool>() == true);
        }
        else
        {
            await StreamAnthropicAsync(response, reply, model);
        }
    }

    /// <summary>Splits a reply into a few word-sized deltas, as real providers do.</summary>
    public static IEnumerable<string> Pieces(string text) =>
        text.Split(' ').Select((word, i) => i == 0 ? word : " " + word);

    private static JsonObject OpenAiCompletion(FakeReply reply, string model) => new()
    {
        ["id"] = "chatcmpl-fake1",
        ["object"] = "chat.completion",
        ["created"] = 1_763_000_000,
        ["model"] = model,
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = reply.Text, ["refusal"] = null },
            ["logprobs"] = null,
            ["finish_reason"] = "stop",
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = reply.InputTokens, ["completion_tokens"] = reply.OutputTokens, ["total_tokens"] = reply.InputTokens + reply.OutputTokens },
    };

    private static async Task StreamOpenAiAsync(HttpResponse response, FakeReply reply, string model, bool includeUsage)
    {
        JsonObject Chunk(JsonObject delta, string? finish) => new()
        {
            ["id"] = "chatcmpl-fake1",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_763_000_000,
            ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["logprobs"] = null, ["finish_reason"] = finish }),
        };
        await Sse(response, null, Chunk(new JsonObject { ["role"] = "assistant", ["content"] = "" }, null));
        foreach (var piece in Pieces(reply.Text))
        {
            await Sse(response, null, Chunk(new JsonObject { ["content"] = piece }, null));
        }
        await Sse(response, null, Chunk(new JsonObject(), "stop"));
        if (includeUsage)
        {
            await Sse(response, null, new JsonObject
            {
                ["id"] = "chatcmpl-fake1",
                ["object"] = "chat.completion.chunk",
                ["created"] = 1_763_000_000,
                ["model"] = model,
                ["choices"] = new JsonArray(),
                ["usage"] = new JsonObject { ["prompt_tokens"] = reply.InputTokens, ["completion_tokens"] = reply.OutputTokens, ["total_tokens"] = reply.InputTokens + reply.OutputTokens },
            });
        }
        await response.WriteAsync("data: [DONE]\n\n");
    }

    private static JsonObject AnthropicMessage(FakeReply reply, string model) => new()
    {
        ["id"] = "msg_fake1",
        ["type"] = "message",
        ["role"] = "assistant",
        ["model"] = model,
        ["content"] = new JsonArray(new JsonObject { ["type"] = "text", ["text"] = reply.Text }),
        ["stop_reason"] = "end_turn",
        ["stop_sequence"] = null,
        ["usage"] = new JsonObject { ["input_tokens"] = reply.InputTokens, ["output_tokens"] = reply.OutputTokens },
    };

    private static async Task StreamAnthropicAsync(HttpResponse response, FakeReply reply, string model)
    {
        await Sse(response, "message_start", new JsonObject
        {
            ["type"] = "message_start",
            ["message"] = new JsonObject
            {
                ["id"] = "msg_fake1",
                ["type"] = "message",
                ["role"] = "assistant",
                ["model"] = model,
                ["content"] = new JsonArray(),
                ["stop_reason"] = null,
                ["stop_sequence"] = null,
                ["usage"] = new JsonObject { ["input_tokens"] = reply.InputTokens, ["output_tokens"] = 1 },
            },
        });
        await Sse(response, "content_block_start", new JsonObject
        {
            ["type"] = "content_block_start",
            ["index"] = 0,
            ["content_block"] = new JsonObject { ["type"] = "text", ["text"] = "" },
        });
        await Sse(response, "ping", new JsonObject { ["type"] = "ping" });
        foreach (var piece in Pieces(reply.Text))
        {
            await Sse(response, "content_block_delta", new JsonObject
            {
                ["type"] = "content_block_delta",
                ["index"] = 0,
                ["delta"] = new JsonObject { ["type"] = "text_delta", ["text"] = piece },
            });
        }
        await Sse(response, "content_block_stop", new JsonObject { ["type"] = "content_block_stop", ["index"] = 0 });
        await Sse(response, "message_delta", new JsonObject
        {
            ["type"] = "message_delta",
            ["delta"] = new JsonObject { ["stop_reason"] = "end_turn", ["stop_sequence"] = null },
            ["usage"] = new JsonObject { ["output_tokens"] = reply.OutputTokens },
        });
        await Sse(response, "message_stop", new JsonObject { ["type"] = "message_stop" });
    }

    private static async Task Sse(HttpResponse response, string? eventName, JsonObject data)
    {
        var frame = (eventName is null ? "" : $"event: {eventName}\n") + $"data: {data.ToJsonString()}\n\n";
        await response.WriteAsync(frame);
        await response.Body.FlushAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
