using System.Net.WebSockets;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Candor.Engine.Speech;

namespace Candor.Web.Providers.Speech;

/// <summary>One message of a live session: interim results are revised later, final ones are kept.</summary>
public sealed record DeepgramLiveResult(string Text, bool IsFinal, bool SpeechFinal, double Confidence, TimeSpan Start, TimeSpan Duration);

/// <summary>
/// A live Deepgram speech-to-text session over its WebSocket API (<c>wss://…/v1/listen</c>, <c>Authorization: Token</c>):
/// audio goes up as binary frames while it is recorded, <c>Results</c> messages come back (interim and final),
/// <c>{"type":"CloseStream"}</c> asks Deepgram to flush and close, after its <c>Metadata</c> message. Usable for a
/// microphone stream; <see cref="DeepgramLiveSpeechToText"/> uses it for a whole clip sent in chunks.
/// </summary>
public sealed class DeepgramLiveSession : IAsyncDisposable
{
    private const string Provider = "deepgram";
    private readonly ClientWebSocket _socket;
    private readonly Channel<DeepgramLiveResult> _results = Channel.CreateUnbounded<DeepgramLiveResult>(new() { SingleReader = true });
    private readonly List<DeepgramLiveResult> _finals = [];
    private readonly List<WordTiming> _words = [];
    private readonly Task _receiving;
    private readonly SemaphoreSlim _sending = new(1, 1);
    private readonly CancellationTokenSource _stop = new();
    private double? _duration;

    private DeepgramLiveSession(ClientWebSocket socket)
    {
        _socket = socket;
        _receiving = Task.Run(ReceiveAsync);
    }

    /// <summary>
    /// Opens the session. A refused handshake (401, 429 with Retry-After, 5xx) becomes the same
    /// <see cref="AiProviderException"/> an HTTP call would give.
    /// </summary>
    public static async Task<DeepgramLiveSession> ConnectAsync(HttpMessageInvoker invoker, SpeechEndpoint endpoint, string language, TimeProvider clock,
        CancellationToken cancellationToken)
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (endpoint.ApiKey is { } key)
        {
            socket.Options.SetRequestHeader("Authorization", "Token " + key);
        }
        try
        {
            await socket.ConnectAsync(DeepgramUrl.Listen(endpoint, language, live: true), invoker, cancellationToken);
        }
        catch (WebSocketException ex)
        {
            var status = (int)socket.HttpStatusCode;
            var headers = socket.HttpResponseHeaders;
            socket.Dispose();
            if (status is >= 400)
            {
                string? Header(string name) => headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();
                var retryAfter = status is 429 or 503 ? AiProviderException.ParseRetryAfter(null, Header("Retry-After"), clock.GetUtcNow()) : null;
                throw new AiProviderException(AiProviderException.KindOf(status), $"{Provider} refused the live connection with HTTP {status}.", status, retryAfter);
            }
            throw new AiProviderException(AiFailureKind.Network, $"{Provider} live connection failed: {AiProviderException.Redact(ex.Message, endpoint.ApiKey)}", innerException: ex);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
        return new DeepgramLiveSession(socket);
    }

    /// <summary>Results as they arrive (interim and final), until the session ends.</summary>
    public IAsyncEnumerable<DeepgramLiveResult> ResultsAsync(CancellationToken cancellationToken = default) => _results.Reader.ReadAllAsync(cancellationToken);

    public async Task SendAudioAsync(ReadOnlyMemory<byte> audio, CancellationToken cancellationToken = default)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync(audio, WebSocketMessageType.Binary, true, cancellationToken);
        }
        catch (WebSocketException ex)
        {
            throw new AiProviderException(AiFailureKind.Network, $"{Provider} live connection broke while sending audio.", innerException: ex);
        }
        finally
        {
            _sending.Release();
        }
    }

    /// <summary>Sends CloseStream, waits for Deepgram's last results and close, and returns the final transcript.</summary>
    public async Task<Transcript> FinishAsync(string model, CancellationToken cancellationToken = default)
    {
        await _sending.WaitAsync(cancellationToken);
        try
        {
            await _socket.SendAsync("""{"type":"CloseStream"}"""u8.ToArray(), WebSocketMessageType.Text, true, cancellationToken);
        }
        catch (WebSocketException ex)
        {
            throw new AiProviderException(AiFailureKind.Network, $"{Provider} live connection broke before it finished.", innerException: ex);
        }
        finally
        {
            _sending.Release();
        }
        await _receiving.WaitAsync(cancellationToken);
        var text = string.Join(' ', _finals.Select(r => r.Text).Where(t => t.Length > 0));
        var confidence = _finals.Count(r => r.Text.Length > 0) is > 0 and var count
            ? _finals.Where(r => r.Text.Length > 0).Sum(r => r.Confidence) / count : 0;
        var duration = _duration ?? _finals.Select(r => (r.Start + r.Duration).TotalSeconds).DefaultIfEmpty(0).Max();
        return new Transcript(text, Math.Round(confidence, 4), TimeSpan.FromSeconds(duration), [.. _words], new SpeechProvenance(Provider, model));
    }

    private async Task ReceiveAsync()
    {
        var failure = await ReceiveUntilClosedAsync();
        _results.Writer.TryComplete(failure);
        if (failure is not null)
        {
            throw failure;
        }
    }

    private async Task<Exception?> ReceiveUntilClosedAsync()
    {
        Exception? failure = null;
        try
        {
            var buffer = new byte[64 * 1024];
            using var message = new MemoryStream();
            while (true)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    if (_socket.CloseStatus is not (WebSocketCloseStatus.NormalClosure or null))
                    {
                        // Deepgram closes with 1008 (DATA-…, e.g. audio it cannot decode) or 1011 (NET-…, its own trouble).
                        var kind = _socket.CloseStatus == WebSocketCloseStatus.PolicyViolation ? AiFailureKind.BadRequest : AiFailureKind.ServerError;
                        failure = new AiProviderException(kind, $"{Provider} closed the live session: {(int)_socket.CloseStatus!} {_socket.CloseStatusDescription}");
                    }
                    else if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
                    }
                    return failure;
                }
                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }
                if (received.MessageType == WebSocketMessageType.Text)
                {
                    Handle(message.ToArray());
                }
                message.SetLength(0);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            failure = new AiProviderException(AiFailureKind.Network, $"{Provider} live connection ended unexpectedly.", innerException: ex);
        }
        catch (AiProviderException ex)
        {
            failure = ex;
        }
        return failure;
    }

    private void Handle(byte[] utf8)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(utf8);
        }
        catch (JsonException ex)
        {
            throw new AiProviderException(AiFailureKind.InvalidResponse, $"{Provider} sent a live message that is not JSON.", innerException: ex);
        }
        using (document)
        {
            var root = document.RootElement;
            switch (root.Text("type"))
            {
                case "Results":
                    var channel = root.TryGet(out var c, "channel") ? c : default;
                    var (text, confidence, words) = DeepgramResults.Read(channel.ValueKind == JsonValueKind.Object ? DeepgramResults.FirstAlternative(channel) : null);
                    var result = new DeepgramLiveResult(text, root.TryGet(out var final, "is_final") && final.ValueKind == JsonValueKind.True,
                        root.TryGet(out var speechFinal, "speech_final") && speechFinal.ValueKind == JsonValueKind.True,
                        confidence, TimeSpan.FromSeconds(root.Number("start") ?? 0), TimeSpan.FromSeconds(root.Number("duration") ?? 0));
                    if (result.IsFinal)
                    {
                        _finals.Add(result);
                        _words.AddRange(words);
                    }
                    _results.Writer.TryWrite(result);
                    break;
                case "Metadata":
                    _duration = root.Number("duration") ?? _duration;
                    break;
                case "Error":
                    throw new AiProviderException(AiFailureKind.ServerError,
                        $"{Provider} reported an error: {root.Text("description") ?? root.Text("message") ?? "(no description)"}");
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _receiving;
        }
        catch (Exception ex) when (ex is AiProviderException or OperationCanceledException)
        {
            // Already reported to whoever awaited the results.
        }
        _socket.Abort();
        _socket.Dispose();
        _sending.Dispose();
        _stop.Dispose();
    }
}

/// <summary>Speech-to-text through Deepgram's live API for a whole clip: sent in chunks, then closed and collected.</summary>
internal sealed class DeepgramLiveSpeechToText(HttpMessageInvoker invoker, SpeechEndpoint endpoint, TimeProvider clock) : ISpeechToText
{
    /// <summary>About a quarter-second of browser opus per frame, as a live microphone would send it.</summary>
    private const int ChunkBytes = 8 * 1024;

    public async Task<Transcript> TranscribeAsync(SpeechToTextRequest request, CancellationToken cancellationToken = default)
    {
        await using var session = await DeepgramLiveSession.ConnectAsync(invoker, endpoint, request.Language, clock, cancellationToken);
        for (var offset = 0; offset < request.Audio.Length; offset += ChunkBytes)
        {
            await session.SendAudioAsync(request.Audio.Slice(offset, Math.Min(ChunkBytes, request.Audio.Length - offset)), cancellationToken);
        }
        return await session.FinishAsync(endpoint.Model, cancellationToken);
    }
}
