using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Candor.Engine.Speech;

namespace Candor.Web.Providers.Speech;

/// <summary>
/// Deepgram prerecorded speech-to-text: <c>POST {base}/v1/listen?model=…&amp;language=…&amp;smart_format=true</c>
/// with the recording as the raw body and <c>Authorization: Token {key}</c>; the transcript, its confidence and
/// word timings come from <c>results.channels[0].alternatives[0]</c>, the duration from <c>metadata.duration</c>.
/// </summary>
internal sealed class DeepgramSpeechToText(HttpClient http, SpeechEndpoint endpoint, TimeProvider clock) : ISpeechToText
{
    public const string Provider = "deepgram";

    public async Task<Transcript> TranscribeAsync(SpeechToTextRequest request, CancellationToken cancellationToken = default)
    {
        var body = new ReadOnlyMemoryContent(request.Audio);
        body.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType);
        using var message = new HttpRequestMessage(HttpMethod.Post, DeepgramUrl.Listen(endpoint, request.Language, live: false)) { Content = body };
        DeepgramUrl.Authorize(message.Headers, endpoint);
        var response = await SpeechHttp.SendAsync(http, message, Provider, endpoint.ApiKey, clock, cancellationToken);
        using var json = await SpeechHttp.ReadJsonAsync(response, Provider, cancellationToken);
        var root = json.RootElement;
        if (!root.TryGet(out var channels, "results", "channels") || channels.ValueKind != JsonValueKind.Array || channels.GetArrayLength() == 0)
        {
            throw new AiProviderException(AiFailureKind.InvalidResponse, "deepgram sent a response without results.channels.");
        }
        var alternative = DeepgramResults.FirstAlternative(channels[0])
            ?? throw new AiProviderException(AiFailureKind.InvalidResponse, "deepgram sent a channel without alternatives.");
        var (text, confidence, words) = DeepgramResults.Read(alternative);
        var duration = root.TryGet(out var metadata, "metadata") ? metadata.Number("duration") : null;
        return new Transcript(text, string.IsNullOrWhiteSpace(text) ? 0 : confidence, TimeSpan.FromSeconds(duration ?? (words.Count > 0 ? words[^1].End.TotalSeconds : 0)),
            words, new SpeechProvenance(Provider, endpoint.Model));
    }
}

/// <summary>
/// Deepgram Aura text-to-speech: <c>POST {base}/v1/speak?model={voice model}&amp;encoding=mp3</c> (or
/// <c>encoding=opus&amp;container=ogg</c>) with <c>{"text": …}</c>; the audio is streamed back as it is made.
/// Aura's model names the voice, so the configured voice, when set, is the model.
/// </summary>
internal sealed class DeepgramTextToSpeech(HttpClient http, SpeechEndpoint endpoint, TimeProvider clock) : ITextToSpeech
{
    private const string Provider = "deepgram";

    public async Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
    {
        var model = request.Voice ?? endpoint.Voice ?? endpoint.Model;
        var encoding = request.Format switch
        {
            SpeechAudioFormat.Ogg => "encoding=opus&container=ogg",
            SpeechAudioFormat.Wav => "encoding=linear16&container=wav",
            _ => "encoding=mp3",
        };
        var url = new Uri($"{endpoint.BaseUrl!.ToString().TrimEnd('/')}/v1/speak?model={Uri.EscapeDataString(model)}&{encoding}");
        HttpResponseMessage response;
        using (var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { text = request.Text }) })
        {
            DeepgramUrl.Authorize(message.Headers, endpoint);
            response = await SpeechHttp.SendAsync(http, message, Provider, endpoint.ApiKey, clock, cancellationToken);
        }
        SpeechHttp.EnsureAudio(response, Provider);
        return new SpeechAudio(request.Format, SpeechHttp.StreamBodyAsync(response, Provider, endpoint.Resilience.Timeout, CancellationToken.None), new SpeechProvenance(Provider, model));
    }
}

internal static class DeepgramUrl
{
    public static Uri Listen(SpeechEndpoint endpoint, string language, bool live)
    {
        var root = endpoint.BaseUrl!.ToString().TrimEnd('/');
        if (live)
        {
            root = root.StartsWith("https://", StringComparison.OrdinalIgnoreCase) ? "wss://" + root[8..]
                : root.StartsWith("http://", StringComparison.OrdinalIgnoreCase) ? "ws://" + root[7..] : root;
        }
        return new Uri($"{root}/v1/listen?model={Uri.EscapeDataString(endpoint.Model)}&language={Uri.EscapeDataString(language)}&smart_format=true&punctuate=true");
    }

    public static void Authorize(HttpRequestHeaders headers, SpeechEndpoint endpoint)
    {
        if (endpoint.ApiKey is { } key)
        {
            headers.Authorization = new AuthenticationHeaderValue("Token", key);
        }
    }
}

internal static class DeepgramResults
{
    public static JsonElement? FirstAlternative(JsonElement channel) =>
        channel.TryGet(out var alternatives, "alternatives") && alternatives.ValueKind == JsonValueKind.Array && alternatives.GetArrayLength() > 0
            ? alternatives[0] : null;

    public static (string Text, double Confidence, List<WordTiming> Words) Read(JsonElement? alternative)
    {
        var words = new List<WordTiming>();
        if (alternative is not { } alt)
        {
            return ("", 0, words);
        }
        if (alt.TryGet(out var list, "words") && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var word in list.EnumerateArray())
            {
                if ((word.Text("punctuated_word") ?? word.Text("word")) is { } w && word.Number("start") is { } start && word.Number("end") is { } end)
                {
                    words.Add(new WordTiming(w, TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end), word.Number("confidence")));
                }
            }
        }
        var text = (alt.Text("transcript") ?? "").Trim();
        var confidence = Math.Clamp(alt.Number("confidence") ?? (words.Count > 0 ? words.Average(w => w.Confidence ?? 1) : 1), 0, 1);
        return (text, Math.Round(confidence, 4), words);
    }
}
