using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Candor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Candor.Web.Tests.Providers.Speech;

/// <summary>What the fake answers to one request (HTTP or WebSocket handshake). Status 200 with nothing else is a normal reply.</summary>
public sealed record FakeSpeechReply(
    int Status = 200,
    string? RetryAfter = null,
    TimeSpan Delay = default,
    bool Garbage = false,
    string? ErrorMessage = null,
    string? Transcript = null,
    bool BreakMidStream = false);

/// <summary>One request as the fake saw it: path, query, headers, form fields or JSON body, audio bytes.</summary>
public sealed record SpeechRequestSeen(
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Query,
    IReadOnlyDictionary<string, string> Headers,
    IReadOnlyDictionary<string, List<string>> Form,
    JsonNode? Json,
    byte[] Audio,
    string? AudioContentType,
    int AudioFrames = 0,
    bool SentCloseStream = false);

/// <summary>
/// A real HTTP + WebSocket server on 127.0.0.1 speaking the speech providers' wire formats: OpenAI's
/// POST /v1/audio/transcriptions (multipart, verbose_json) and POST /v1/audio/speech (streamed audio); Deepgram's
/// POST /v1/listen (raw body, results.channels JSON), its live wss /v1/listen (binary frames, Results/Metadata
/// messages, CloseStream) and POST /v1/speak; ElevenLabs' POST /v1/text-to-speech/{voice_id}/stream. Failures are
/// scripted in order (429 + Retry-After, 500, delays past the timeout, garbage, a stream broken midway).
/// </summary>
public sealed class FakeSpeechServer : IAsyncDisposable
{
    public const string Heard = "I would add an index on the customer id column to speed up the query";

    private readonly ConcurrentQueue<FakeSpeechReply> _script = new();
    private readonly ConcurrentQueue<SpeechRequestSeen> _requests = new();
    private WebApplication _app = null!;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The OpenAI-style base (…/v1), as configured for OpenAI-compatible servers.</summary>
    public string OpenAiBaseUrl => BaseUrl + "/v1";

    /// <summary>The audio the TTS routes stream back (a real mp3 / ogg, so it can be probed).</summary>
    public byte[] Mp3 { get; set; } = [];

    public byte[] Ogg { get; set; } = [];

    public IReadOnlyList<SpeechRequestSeen> Requests => [.. _requests];

    public static async Task<FakeSpeechServer> StartAsync()
    {
        var server = new FakeSpeechServer
        {
            Mp3 = await SpeechSamples.SpokenAsync("mp3"),
            Ogg = await SpeechSamples.SpokenAsync("ogg"),
        };
        (server._app, server.BaseUrl) = await LoopbackServer.StartAsync(app =>
        {
            app.UseWebSockets();
            app.MapPost("/v1/audio/transcriptions", server.OpenAiTranscriptionAsync);
            app.MapPost("/v1/audio/speech", server.OpenAiSpeechAsync);
            app.MapPost("/v1/listen", server.DeepgramPrerecordedAsync);
            app.MapGet("/v1/listen", server.DeepgramLiveAsync);
            app.MapPost("/v1/speak", server.DeepgramSpeakAsync);
            app.MapPost("/v1/text-to-speech/{voice}/stream", server.ElevenLabsAsync);
        });
        return server;
    }

    public FakeSpeechServer Then(params FakeSpeechReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
        return this;
    }

    private FakeSpeechReply Next() => _script.TryDequeue(out var next) ? next : new FakeSpeechReply();

    private async Task OpenAiTranscriptionAsync(HttpContext context)
    {
        var form = await context.Request.ReadFormAsync();
        var file = form.Files["file"];
        using var audio = new MemoryStream();
        if (file is not null)
        {
            await file.CopyToAsync(audio);
        }
        Record(context, form.ToDictionary(f => f.Key, f => f.Value.Select(v => v ?? "").ToList()), null, audio.ToArray(), file?.ContentType);
        var reply = Next();
        if (!await FailAsync(context, reply, openAiError: true))
        {
            var text = reply.Transcript ?? Heard;
            var words = WordTimings(text);
            var verbose = form["response_format"] == "verbose_json";
            await context.Response.WriteAsJsonAsync(verbose
                ? new JsonObject
                {
                    ["task"] = "transcribe",
                    ["language"] = "english",
                    ["duration"] = 4.21,
                    ["text"] = text,
                    ["words"] = new JsonArray([.. words.Select(w => (JsonNode)new JsonObject { ["word"] = w.Word, ["start"] = w.Start, ["end"] = w.End })]),
                    ["segments"] = new JsonArray(new JsonObject
                    {
                        ["id"] = 0, ["seek"] = 0, ["start"] = 0.0, ["end"] = 4.2, ["text"] = " " + text, ["tokens"] = new JsonArray(50364, 286),
                        ["temperature"] = 0.0, ["avg_logprob"] = -0.105, ["compression_ratio"] = 1.1, ["no_speech_prob"] = 0.01,
                    }),
                }
                : new JsonObject { ["text"] = text });
        }
    }

    private async Task OpenAiSpeechAsync(HttpContext context)
    {
        var json = await JsonNode.ParseAsync(context.Request.Body);
        Record(context, new Dictionary<string, List<string>>(), json, [], null);
        var reply = Next();
        if (!await FailAsync(context, reply, openAiError: true))
        {
            var ogg = json?["response_format"]?.GetValue<string>() == "opus";
            await StreamAudioAsync(context, ogg ? "audio/ogg" : "audio/mpeg", ogg ? Ogg : Mp3, reply);
        }
    }

    private async Task DeepgramPrerecordedAsync(HttpContext context)
    {
        using var audio = new MemoryStream();
        await context.Request.Body.CopyToAsync(audio);
        Record(context, new Dictionary<string, List<string>>(), null, audio.ToArray(), context.Request.ContentType);
        var reply = Next();
        if (!await FailAsync(context, reply, openAiError: false))
        {
            var text = reply.Transcript ?? Heard;
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["metadata"] = new JsonObject { ["request_id"] = Guid.NewGuid().ToString(), ["duration"] = 4.21, ["channels"] = 1 },
                ["results"] = new JsonObject
                {
                    ["channels"] = new JsonArray(new JsonObject { ["alternatives"] = new JsonArray(DeepgramAlternative(text, 0.97)) }),
                },
            });
        }
    }

    private async Task DeepgramLiveAsync(HttpContext context)
    {
        var reply = Next();
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = 400;
            return;
        }
        if (reply.Status != 200)
        {
            Record(context, new Dictionary<string, List<string>>(), null, [], null);
            await FailAsync(context, reply, openAiError: false);
            return;
        }
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        using var audio = new MemoryStream();
        var frames = 0;
        var closeStream = false;
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (!closeStream)
        {
            var received = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                break;
            }
            message.Write(buffer, 0, received.Count);
            if (!received.EndOfMessage)
            {
                continue;
            }
            if (received.MessageType == WebSocketMessageType.Binary)
            {
                frames++;
                audio.Write(message.ToArray());
            }
            else if (JsonNode.Parse(message.ToArray())?["type"]?.GetValue<string>() == "CloseStream")
            {
                closeStream = true;
            }
            message.SetLength(0);
        }
        Record(context, new Dictionary<string, List<string>>(), null, audio.ToArray(), null, frames, closeStream);
        if (reply.Delay > TimeSpan.Zero)
        {
            await Task.Delay(reply.Delay, context.RequestAborted);
        }
        if (reply.Garbage)
        {
            await socket.SendAsync("{\"type\": \"Results\", \"channel\": "u8.ToArray(), WebSocketMessageType.Text, true, CancellationToken.None);
            await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
            return;
        }
        // What Deepgram sends: an interim result, later revised, then the final ones, then Metadata, then close.
        var text = reply.Transcript ?? Heard;
        var half = text.Split(' ').Length / 2;
        var first = string.Join(' ', text.Split(' ').Take(half));
        var second = string.Join(' ', text.Split(' ').Skip(half));
        await SendJsonAsync(socket, LiveResults("I would had an", isFinal: false, 0, 1.0, 0.6));
        await SendJsonAsync(socket, LiveResults(first, isFinal: true, 0, 2.0, 0.96));
        await SendJsonAsync(socket, LiveResults(second, isFinal: true, 2.0, 2.2, 0.92));
        await SendJsonAsync(socket, new JsonObject
        {
            ["type"] = "Metadata", ["transaction_key"] = "deprecated", ["request_id"] = Guid.NewGuid().ToString(), ["duration"] = 4.21, ["channels"] = 1,
        });
        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
    }

    private async Task DeepgramSpeakAsync(HttpContext context)
    {
        var json = await JsonNode.ParseAsync(context.Request.Body);
        Record(context, new Dictionary<string, List<string>>(), json, [], null);
        var reply = Next();
        if (!await FailAsync(context, reply, openAiError: false))
        {
            var ogg = context.Request.Query["container"] == "ogg";
            await StreamAudioAsync(context, ogg ? "audio/ogg" : "audio/mpeg", ogg ? Ogg : Mp3, reply);
        }
    }

    private async Task ElevenLabsAsync(HttpContext context)
    {
        var json = await JsonNode.ParseAsync(context.Request.Body);
        Record(context, new Dictionary<string, List<string>>(), json, [], null);
        var reply = Next();
        if (!await FailAsync(context, reply, openAiError: false))
        {
            await StreamAudioAsync(context, "audio/mpeg", Mp3, reply);
        }
    }

    /// <summary>Answers the scripted failure, if any; true when it did.</summary>
    private static async Task<bool> FailAsync(HttpContext context, FakeSpeechReply reply, bool openAiError)
    {
        if (reply.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(reply.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return true;
            }
        }
        if (reply.Status != 200)
        {
            context.Response.StatusCode = reply.Status;
            if (reply.RetryAfter is not null)
            {
                context.Response.Headers["Retry-After"] = reply.RetryAfter;
            }
            var message = reply.ErrorMessage ?? $"Fake failure {reply.Status}";
            await context.Response.WriteAsJsonAsync(openAiError
                ? new JsonObject { ["error"] = new JsonObject { ["message"] = message, ["type"] = "fake_error", ["code"] = "fake" } }
                : new JsonObject { ["err_code"] = "FAKE", ["err_msg"] = message, ["request_id"] = Guid.NewGuid().ToString() });
            return true;
        }
        if (reply.Garbage)
        {
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync("{\"results\": {\"channels\": [ {\"alternatives\": ");
            return true;
        }
        return false;
    }

    /// <summary>Chunked transfer, a few KB at a time with pauses, as a synthesising provider streams.</summary>
    private static async Task StreamAudioAsync(HttpContext context, string contentType, byte[] audio, FakeSpeechReply reply)
    {
        context.Response.ContentType = contentType;
        const int chunk = 4096;
        for (var offset = 0; offset < audio.Length; offset += chunk)
        {
            if (reply.BreakMidStream && offset > 0)
            {
                // Long enough for the client to have read the first chunk: the break is mid-stream, not before it.
                await Task.Delay(300);
                context.Abort();
                return;
            }
            await context.Response.Body.WriteAsync(audio.AsMemory(offset, Math.Min(chunk, audio.Length - offset)));
            await context.Response.Body.FlushAsync();
            await Task.Delay(5);
        }
    }

    private void Record(HttpContext context, Dictionary<string, List<string>> form, JsonNode? json, byte[] audio, string? contentType,
        int frames = 0, bool closeStream = false) =>
        _requests.Enqueue(new SpeechRequestSeen(context.Request.Method, context.Request.Path,
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            context.Request.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => h.Value.ToString()),
            form, json, audio, contentType, frames, closeStream));

    private static List<(string Word, double Start, double End)> WordTimings(string text) =>
        [.. text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Select((w, i) => (w, i * 0.3, i * 0.3 + 0.25))];

    private static JsonObject DeepgramAlternative(string text, double confidence, double offset = 0) => new()
    {
        ["transcript"] = text,
        ["confidence"] = confidence,
        ["words"] = new JsonArray([.. WordTimings(text).Select(w => (JsonNode)new JsonObject
        {
            ["word"] = w.Word.ToLowerInvariant(), ["start"] = w.Start + offset, ["end"] = w.End + offset, ["confidence"] = confidence, ["punctuated_word"] = w.Word,
        })]),
    };

    private static JsonObject LiveResults(string text, bool isFinal, double start, double duration, double confidence) => new()
    {
        ["type"] = "Results",
        ["channel_index"] = new JsonArray(0, 1),
        ["duration"] = duration,
        ["start"] = start,
        ["is_final"] = isFinal,
        ["speech_final"] = isFinal,
        ["channel"] = new JsonObject { ["alternatives"] = new JsonArray(DeepgramAlternative(text, confidence, start)) },
        ["metadata"] = new JsonObject { ["request_id"] = Guid.NewGuid().ToString(), ["model_uuid"] = Guid.NewGuid().ToString() },
        ["from_finalize"] = false,
    };

    private static Task SendJsonAsync(WebSocket socket, JsonObject message) =>
        socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString(new JsonSerializerOptions())), WebSocketMessageType.Text, true, CancellationToken.None);

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
