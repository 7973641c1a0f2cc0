using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Candor.Engine.Speech;

namespace Candor.Web.Providers.Speech;

/// <summary>
/// Any OpenAI-compatible <c>POST {base}/audio/transcriptions</c> (OpenAI, Azure OpenAI, Groq, local Whisper servers):
/// multipart form with the file, model and language; <c>response_format=verbose_json</c> with word and segment
/// timestamps where the model supports it (whisper-1 and its clones; the gpt-4o transcribe models only answer
/// <c>json</c>). Confidence is the mean of exp(avg_logprob) over segments; 1 when the server gives none.
/// </summary>
internal sealed class OpenAiSpeechToText(HttpClient http, SpeechEndpoint endpoint, TimeProvider clock) : ISpeechToText
{
    private const string Provider = "openai";

    public async Task<Transcript> TranscribeAsync(SpeechToTextRequest request, CancellationToken cancellationToken = default)
    {
        var verbose = !endpoint.Model.StartsWith("gpt-4o", StringComparison.OrdinalIgnoreCase);
        using var form = new MultipartFormDataContent();
        var file = new ReadOnlyMemoryContent(request.Audio);
        file.Headers.ContentType = new MediaTypeHeaderValue(request.ContentType);
        form.Add(file, "file", "answer." + Extension(request.ContentType));
        form.Add(new StringContent(endpoint.Model), "model");
        // The API wants ISO-639-1: the primary subtag of the BCP-47 tag.
        form.Add(new StringContent(request.Language.Split('-')[0].ToLowerInvariant()), "language");
        form.Add(new StringContent(verbose ? "verbose_json" : "json"), "response_format");
        if (verbose)
        {
            form.Add(new StringContent("word"), "timestamp_granularities[]");
            form.Add(new StringContent("segment"), "timestamp_granularities[]");
        }
        using var message = new HttpRequestMessage(HttpMethod.Post, OpenAiUrl.For(endpoint, "audio/transcriptions")) { Content = form };
        OpenAiUrl.Authorize(message, endpoint);

        var response = await SpeechHttp.SendAsync(http, message, Provider, endpoint.ApiKey, clock, cancellationToken);
        using var json = await SpeechHttp.ReadJsonAsync(response, Provider, cancellationToken);
        return Parse(json.RootElement, endpoint.Model);
    }

    internal static Transcript Parse(JsonElement root, string model)
    {
        if (root.Text("text") is not { } text)
        {
            throw new AiProviderException(AiFailureKind.InvalidResponse, "openai sent a transcription without text.");
        }
        var words = new List<WordTiming>();
        if (root.TryGet(out var list, "words") && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var word in list.EnumerateArray())
            {
                if (word.Text("word") is { } w && word.Number("start") is { } start && word.Number("end") is { } end)
                {
                    words.Add(new WordTiming(w.Trim(), TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end)));
                }
            }
        }
        var probabilities = new List<double>();
        double? lastEnd = null;
        if (root.TryGet(out var segments, "segments") && segments.ValueKind == JsonValueKind.Array)
        {
            foreach (var segment in segments.EnumerateArray())
            {
                if (segment.Number("avg_logprob") is { } logprob)
                {
                    probabilities.Add(Math.Exp(logprob));
                }
                lastEnd = segment.Number("end") ?? lastEnd;
            }
        }
        var duration = root.Number("duration") ?? lastEnd ?? (words.Count > 0 ? words[^1].End.TotalSeconds : 0);
        var confidence = string.IsNullOrWhiteSpace(text) ? 0 : probabilities.Count > 0 ? Math.Clamp(probabilities.Average(), 0, 1) : 1;
        return new Transcript(text.Trim(), Math.Round(confidence, 4), TimeSpan.FromSeconds(duration), words, new SpeechProvenance(Provider, model));
    }

    private static string Extension(string contentType) => contentType.Split(';')[0].Trim().ToLowerInvariant() switch
    {
        "audio/webm" => "webm",
        "audio/ogg" => "ogg",
        "audio/mpeg" or "audio/mp3" => "mp3",
        "audio/mp4" or "audio/m4a" or "audio/x-m4a" => "m4a",
        _ => "wav",
    };
}

/// <summary>
/// Any OpenAI-compatible <c>POST {base}/audio/speech</c> (OpenAI, Azure OpenAI, Kokoro and other local servers):
/// JSON in, the audio streamed back as it is synthesised. mp3 is asked as mp3; ogg as <c>opus</c>, which the API
/// sends in an Ogg container.
/// </summary>
internal sealed class OpenAiTextToSpeech(HttpClient http, SpeechEndpoint endpoint, TimeProvider clock) : ITextToSpeech
{
    private const string Provider = "openai";

    public async Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
    {
        var voice = request.Voice ?? endpoint.Voice ?? "alloy";
        var message = new HttpRequestMessage(HttpMethod.Post, OpenAiUrl.For(endpoint, "audio/speech"))
        {
            Content = JsonContent.Create(new Dictionary<string, string>
            {
                ["model"] = endpoint.Model,
                ["input"] = request.Text,
                ["voice"] = voice,
                ["response_format"] = request.Format switch
                {
                    SpeechAudioFormat.Ogg => "opus",
                    SpeechAudioFormat.Wav => "wav",
                    _ => "mp3",
                },
            }),
        };
        OpenAiUrl.Authorize(message, endpoint);
        HttpResponseMessage response;
        using (message)
        {
            response = await SpeechHttp.SendAsync(http, message, Provider, endpoint.ApiKey, clock, cancellationToken);
        }
        SpeechHttp.EnsureAudio(response, Provider);
        return new SpeechAudio(request.Format, SpeechHttp.StreamBodyAsync(response, Provider, endpoint.Resilience.Timeout, CancellationToken.None), new SpeechProvenance(Provider, voice));
    }
}

internal static class OpenAiUrl
{
    public static Uri For(SpeechEndpoint endpoint, string path) => new(endpoint.BaseUrl!.ToString().TrimEnd('/') + "/" + path);

    /// <summary>Bearer, as OpenAI, Groq and local servers take it; Azure OpenAI's key header too, which the others ignore.</summary>
    public static void Authorize(HttpRequestMessage message, SpeechEndpoint endpoint)
    {
        if (endpoint.ApiKey is { } key)
        {
            message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
            if (endpoint.BaseUrl!.Host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation("api-key", key);
            }
        }
    }
}
