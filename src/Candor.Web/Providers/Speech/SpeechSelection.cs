using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using Candor.Engine.Speech;

namespace Candor.Web.Providers.Speech;

/// <summary>
/// Fully resolved settings of one speech engine. Equal settings share one built engine, so this record (key
/// included, in memory only) is the engine cache key. <see cref="Provider"/> is offline, whisper, openai, deepgram
/// or elevenlabs; <see cref="BaseUrl"/> is null for the engines that run on this machine.
/// </summary>
public sealed record SpeechEndpoint(
    string Provider,
    Uri? BaseUrl,
    string Model,
    string? Voice,
    [property: JsonIgnore] string? ApiKey,
    bool Streaming,
    ProviderResilienceSettings Resilience,
    decimal CostPerMinute,
    decimal CostPerMillionCharacters)
{
    public bool IsOffline => Provider == SpeechProviderNames.Offline;

    /// <summary>One circuit per direction, provider and base URL: organisations on the same endpoint share its health.</summary>
    public string CircuitKey(string direction) => $"{direction} {Provider} {BaseUrl}";

    public decimal EstimateCost(TimeSpan audio, int characters) =>
        decimal.Round((decimal)audio.TotalMinutes * CostPerMinute + characters * CostPerMillionCharacters / 1_000_000m, 6);

    // The compiler-generated ToString would print the key into any log line that formats this record.
    public override string ToString() =>
        $"SpeechEndpoint {{ Provider = {Provider}, BaseUrl = {BaseUrl}, Model = {Model}, Voice = {Voice}, ApiKey = {(ApiKey is null ? "(none)" : "***")} }}";
}

public static class SpeechProviderNames
{
    public const string None = "none";
    public const string Offline = "offline";
    public const string Whisper = "whisper";
    public const string OpenAi = "openai";
    public const string Deepgram = "deepgram";
    public const string ElevenLabs = "elevenlabs";

    public static readonly IReadOnlyList<string> SpeechToText = [Offline, Whisper, OpenAi, Deepgram, None];
    public static readonly IReadOnlyList<string> TextToSpeech = [Offline, OpenAi, Deepgram, ElevenLabs, None];
}

/// <summary>An organisation's effective speech settings: null engines mean "none".</summary>
public sealed partial record SpeechSelection(SpeechEndpoint? SpeechToText, SpeechEndpoint? TextToSpeech, string Language, long MaxAudioBytes, SpeechAudioFormat Format)
{
    private const string SpeechToTextSection = "SpeechToText";
    private const string TextToSpeechSection = "TextToSpeech";

    /// <summary>Merges layers, lowest first; throws <see cref="InvalidOperationException"/> with a clear message on a mistake.</summary>
    internal static SpeechSelection From(IReadOnlyList<SpeechLayerOptions> layers, SpeechOptions global)
    {
        string? language = null, format = null;
        double? maxMb = null;
        foreach (var layer in layers)
        {
            language = NonBlank(layer.Language) ?? language;
            format = NonBlank(layer.AudioFormat) ?? format;
            maxMb = layer.MaxAudioSizeMb ?? maxMb;
        }
        language ??= "en";
        if (!LanguageTag().IsMatch(language))
        {
            throw new InvalidOperationException($"Language '{language}' is not a BCP-47 language tag (e.g. en, en-GB, pt-BR).");
        }
        if (maxMb is <= 0 or > 1024)
        {
            throw new InvalidOperationException($"MaxAudioSizeMb (STT_MAX_AUDIO_SIZE_MB) must be between 0 and 1024, not {maxMb}.");
        }
        var audioFormat = format?.ToLowerInvariant() switch
        {
            null or "mp3" => SpeechAudioFormat.Mp3,
            "ogg" => SpeechAudioFormat.Ogg,
            _ => throw new InvalidOperationException($"AudioFormat (TTS_AUDIO_FORMAT) '{format}' is not supported; use mp3 or ogg."),
        };
        var defaultRecognizer = string.IsNullOrWhiteSpace(global.WhisperModelPath) ? SpeechProviderNames.Offline : SpeechProviderNames.Whisper;
        var stt = Endpoint(layers.Select(l => l.SpeechToText), SpeechToTextSection, SpeechProviderNames.SpeechToText, defaultRecognizer, global);
        var tts = Endpoint(layers.Select(l => l.TextToSpeech), TextToSpeechSection, SpeechProviderNames.TextToSpeech, SpeechProviderNames.Offline, global);
        return new SpeechSelection(stt, tts, language, (long)Math.Round((maxMb ?? 25) * 1024 * 1024), audioFormat);
    }

    private static SpeechEndpoint? Endpoint(IEnumerable<SpeechEngineOptions?> layers, string section, IReadOnlyList<string> allowed, string defaultProvider, SpeechOptions global)
    {
        string? provider = null, baseUrl = null, model = null, voice = null, apiKey = null, apiKeyVariable = null;
        double? timeout = null, baseDelay = null, maxRetryAfter = null, openSeconds = null;
        int? maxRetries = null, failuresBeforeOpen = null;
        decimal? perMinute = null, perMillion = null;
        bool? streaming = null;
        foreach (var layer in layers.OfType<SpeechEngineOptions>())
        {
            if (NonBlank(layer.Provider) is { } named && (layer.StandsAlone || !string.Equals(named, provider, StringComparison.OrdinalIgnoreCase)))
            {
                // Switching provider must not inherit the other provider's URL, model, voice, key or prices.
                provider = named.ToLowerInvariant();
                baseUrl = model = voice = apiKey = apiKeyVariable = null;
                perMinute = perMillion = null;
            }
            baseUrl = NonBlank(layer.BaseUrl) ?? baseUrl;
            model = NonBlank(layer.Model) ?? model;
            voice = NonBlank(layer.Voice) ?? voice;
            if (NonBlank(layer.ApiKey) is { } key)
            {
                (apiKey, apiKeyVariable) = (key, null);
            }
            if (NonBlank(layer.ApiKeyEnvironmentVariable) is { } variable)
            {
                (apiKey, apiKeyVariable) = (null, variable);
            }
            streaming = layer.Streaming ?? streaming;
            timeout = layer.TimeoutSeconds ?? timeout;
            maxRetries = layer.MaxRetries ?? maxRetries;
            baseDelay = layer.RetryBaseDelayMilliseconds ?? baseDelay;
            maxRetryAfter = layer.MaxRetryAfterSeconds ?? maxRetryAfter;
            failuresBeforeOpen = layer.CircuitBreaker?.FailuresBeforeOpen ?? failuresBeforeOpen;
            openSeconds = layer.CircuitBreaker?.OpenSeconds ?? openSeconds;
            perMinute = layer.CostPerMinute ?? perMinute;
            perMillion = layer.CostPerMillionCharacters ?? perMillion;
        }

        provider ??= defaultProvider;
        if (provider == "openai-compatible")
        {
            provider = SpeechProviderNames.OpenAi;
        }
        if (!allowed.Contains(provider))
        {
            throw new InvalidOperationException($"{section}: unknown provider '{provider}'; use {string.Join(", ", allowed)}.");
        }
        if (provider == SpeechProviderNames.None)
        {
            return null;
        }
        if (maxRetries < 0 || failuresBeforeOpen < 1)
        {
            throw new InvalidOperationException($"{section}: MaxRetries must be 0 or more and CircuitBreaker:FailuresBeforeOpen 1 or more.");
        }
        var isSpeechToText = section == SpeechToTextSection;
        var resilience = new ProviderResilienceSettings(
            TimeSpan.FromSeconds(Positive(timeout, "TimeoutSeconds") ?? (isSpeechToText ? 30 : 15)),
            maxRetries ?? 1,
            TimeSpan.FromMilliseconds(Positive(baseDelay, "RetryBaseDelayMilliseconds") ?? 300),
            // A conversation cannot wait long: past a few seconds the offline engine answers instead.
            TimeSpan.FromSeconds(Positive(maxRetryAfter, "MaxRetryAfterSeconds") ?? 5),
            failuresBeforeOpen ?? 5,
            TimeSpan.FromSeconds(Positive(openSeconds, "CircuitBreaker:OpenSeconds") ?? 30));

        if (provider is SpeechProviderNames.Offline or SpeechProviderNames.Whisper)
        {
            if (provider == SpeechProviderNames.Whisper && string.IsNullOrWhiteSpace(global.WhisperModelPath))
            {
                throw new InvalidOperationException($"{section}: provider 'whisper' needs Candor:Speech:WhisperModelPath, a ggml model file you supply.");
            }
            var localModel = provider == SpeechProviderNames.Whisper ? Path.GetFileName(global.WhisperModelPath!)
                : isSpeechToText ? PocketsphinxSpeechToText.ModelName : FestivalTextToSpeech.ProviderName;
            return new SpeechEndpoint(provider, null, localModel, isSpeechToText ? null : voice ?? FestivalTextToSpeech.DefaultVoice, null,
                false, resilience, 0m, 0m);
        }

        var (defaultUrl, defaultModel, defaultVoice) = Defaults(provider, isSpeechToText);
        Uri url;
        if (baseUrl is null)
        {
            url = defaultUrl;
        }
        else if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out url!) || url.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"{section}: BaseUrl '{baseUrl}' must be an absolute http(s) URL.");
        }
        if (apiKeyVariable is not null)
        {
            apiKey = NonBlank(Environment.GetEnvironmentVariable(apiKeyVariable));
        }
        if (provider == SpeechProviderNames.ElevenLabs && voice is not null && !ElevenLabsVoiceId().IsMatch(voice))
        {
            throw new InvalidOperationException($"{section}: ElevenLabs Voice '{voice}' must be a voice id (letters and digits), not a name.");
        }
        return new SpeechEndpoint(provider, url, model ?? defaultModel, isSpeechToText ? null : voice ?? defaultVoice, apiKey,
            streaming ?? false, resilience, perMinute ?? 0m, perMillion ?? 0m);
    }

    private static (Uri Url, string Model, string? Voice) Defaults(string provider, bool speechToText) => (provider, speechToText) switch
    {
        (SpeechProviderNames.OpenAi, true) => (new Uri("https://api.openai.com/v1"), "whisper-1", null),
        (SpeechProviderNames.OpenAi, false) => (new Uri("https://api.openai.com/v1"), "tts-1", "alloy"),
        (SpeechProviderNames.Deepgram, true) => (new Uri("https://api.deepgram.com"), "nova-3", null),
        // Aura's model names the voice; TTS_VOICE, when set, is that model name.
        (SpeechProviderNames.Deepgram, false) => (new Uri("https://api.deepgram.com"), "aura-2-thalia-en", null),
        // "George", one of ElevenLabs' default voices, as in their quick-start.
        _ => (new Uri("https://api.elevenlabs.io"), "eleven_flash_v2_5", "JBFqnCBsd6RMkjVDRZzb"),
    };

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static double? Positive(double? value, string name) =>
        value is <= 0 ? throw new InvalidOperationException($"{name} must be positive.") : value;

    [GeneratedRegex("^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$")]
    private static partial Regex LanguageTag();

    [GeneratedRegex("^[A-Za-z0-9]{16,40}$")]
    private static partial Regex ElevenLabsVoiceId();
}
