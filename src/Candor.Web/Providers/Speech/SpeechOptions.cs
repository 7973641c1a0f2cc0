using System.Text.Json.Serialization;

namespace Candor.Web.Providers.Speech;

/// <summary>
/// One layer of settings for one direction (speech-to-text or text-to-speech). Every field is optional: an unset
/// field inherits from the layer below (organisation → tier → global default → built-in defaults).
/// </summary>
public sealed class SpeechEngineOptions
{
    /// <summary>
    /// Speech-to-text: offline (pocketsphinx), whisper (Whisper.net on WhisperModelPath), openai (any
    /// OpenAI-compatible /audio/transcriptions), deepgram, or none. Text-to-speech: offline (festival, then
    /// flite), openai (/audio/speech), deepgram (Aura), elevenlabs, or none.
    /// </summary>
    public string? Provider { get; set; }

    /// <summary>Base URL of the API, e.g. https://api.openai.com/v1, https://api.groq.com/openai/v1, https://api.deepgram.com.</summary>
    public string? BaseUrl { get; set; }

    public string? Model { get; set; }

    /// <summary>Text-to-speech voice: an OpenAI voice (alloy…), an ElevenLabs voice id, a festival voice name.</summary>
    public string? Voice { get; set; }

    /// <summary>The key itself. Never logged, never serialised, never returned by an endpoint.</summary>
    [JsonIgnore]
    public string? ApiKey { get; set; }

    /// <summary>Name of an environment variable holding the key, so the key stays out of configuration files.</summary>
    public string? ApiKeyEnvironmentVariable { get; set; }

    /// <summary>Deepgram speech-to-text: send the clip over the live WebSocket API instead of the prerecorded one.</summary>
    public bool? Streaming { get; set; }

    /// <summary>Per attempt; for streamed speech, the longest wait for the first or the next chunk.</summary>
    public double? TimeoutSeconds { get; set; }

    /// <summary>Retries after the first attempt, for 429, 5xx, timeouts and network errors only.</summary>
    public int? MaxRetries { get; set; }

    public double? RetryBaseDelayMilliseconds { get; set; }

    /// <summary>A Retry-After longer than this is not waited out: the offline engine answers at once.</summary>
    public double? MaxRetryAfterSeconds { get; set; }

    public AiCircuitBreakerOptions? CircuitBreaker { get; set; }

    /// <summary>Speech-to-text price in US dollars per minute of audio, for cost estimates in ai_usage.</summary>
    public decimal? CostPerMinute { get; set; }

    /// <summary>Text-to-speech price in US dollars per million characters of text.</summary>
    public decimal? CostPerMillionCharacters { get; set; }

    /// <summary>Set on an organisation's own stored settings: such a layer never inherits the platform's URL or key.</summary>
    [JsonIgnore]
    internal bool StandsAlone { get; init; }

    public override string ToString() =>
        $"Provider={Provider}, BaseUrl={BaseUrl}, Model={Model}, Voice={Voice}, ApiKey={(string.IsNullOrEmpty(ApiKey) ? "(unset)" : "***")}";
}

/// <summary>One layer of speech settings: both directions plus the language, upload limit and audio format.</summary>
public class SpeechLayerOptions
{
    public SpeechEngineOptions? SpeechToText { get; set; }

    public SpeechEngineOptions? TextToSpeech { get; set; }

    /// <summary>BCP-47 language to transcribe in (STT_LANGUAGE), e.g. en, en-GB, de.</summary>
    public string? Language { get; set; }

    /// <summary>Largest recording accepted, in MB (STT_MAX_AUDIO_SIZE_MB); larger ones are refused with 413.</summary>
    public double? MaxAudioSizeMb { get; set; }

    /// <summary>mp3 or ogg (TTS_AUDIO_FORMAT): what the interviewer's audio is stored and served as.</summary>
    public string? AudioFormat { get; set; }
}

/// <summary>
/// Settings under "Candor:Speech": the global default, then overrides per plan tier
/// (<c>Candor:Speech:Tiers:enterprise:SpeechToText:Provider</c>) and per organisation by id or slug
/// (<c>Candor:Speech:Organizations:acme:TextToSpeech:Voice</c>), exactly like Candor:Ai. The flat environment
/// variables STT_PROVIDER, STT_LANGUAGE, STT_MAX_AUDIO_SIZE_MB, TTS_PROVIDER, TTS_VOICE and TTS_AUDIO_FORMAT (and
/// STT_/TTS_ BASE_URL, MODEL, API_KEY) set the global default.
/// </summary>
public sealed class SpeechOptions : SpeechLayerOptions
{
    public const string Section = "Candor:Speech";

    /// <summary>A ggml Whisper model file the operator supplies; when set, speech-to-text defaults to Whisper.net.</summary>
    public string? WhisperModelPath { get; set; }

    /// <summary>CPU threads one Whisper transcription may use (default: half the cores, at least 1).</summary>
    public int? WhisperThreads { get; set; }

    /// <summary>Longest recording accepted, in seconds (default 600): longer ones are refused as too_long.</summary>
    public double? MaxAudioSeconds { get; set; }

    /// <summary>A recording whose loudest sample stays below this many dBFS is refused as silent (default −50).</summary>
    public double? SilenceThresholdDb { get; set; }

    /// <summary>Longest run of one offline tool (ffmpeg, pocketsphinx, festival, flite), in seconds (default 60).</summary>
    public double? ToolTimeoutSeconds { get; set; }

    /// <summary>Keyed by plan: essential, professional, enterprise.</summary>
    public Dictionary<string, SpeechLayerOptions> Tiers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Keyed by organisation id or slug.</summary>
    public Dictionary<string, SpeechLayerOptions> Organizations { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when a tier or organisation overrides anything, so the organisation's plan must be looked up.</summary>
    public bool HasOverrides => Tiers.Count > 0 || Organizations.Count > 0;

    public AudioToolsSettings AudioTools => new(
        TimeSpan.FromSeconds(MaxAudioSeconds ?? 600),
        SilenceThresholdDb ?? -50,
        TimeSpan.FromSeconds(ToolTimeoutSeconds ?? 60));

    /// <summary>The effective engines' settings for an organisation. <paramref name="stored"/> is a layer of its own, if any.</summary>
    public SpeechSelection Resolve(Guid organizationId, string? plan, string? slug = null, SpeechLayerOptions? stored = null)
    {
        var layers = new List<SpeechLayerOptions> { this };
        if (plan is not null && Find(Tiers, plan) is { } tier)
        {
            layers.Add(tier);
        }
        if ((Find(Organizations, organizationId.ToString()) ?? (slug is null ? null : Find(Organizations, slug))) is { } organization)
        {
            layers.Add(organization);
        }
        if (stored is not null)
        {
            layers.Add(stored);
        }
        return SpeechSelection.From(layers, this);
    }

    /// <summary>Configuration mistakes, found at start-up rather than on the first voice interview.</summary>
    public IEnumerable<string> Validate()
    {
        var checks = new List<(string Where, List<SpeechLayerOptions> Layers)> { (Section, [this]) };
        checks.AddRange(Tiers.Select(t => ($"{Section}:Tiers:{t.Key}", new List<SpeechLayerOptions> { this, t.Value })));
        checks.AddRange(Organizations.Select(o => ($"{Section}:Organizations:{o.Key}", new List<SpeechLayerOptions> { this, o.Value })));
        var errors = new List<string>();
        foreach (var (where, layers) in checks)
        {
            try
            {
                SpeechSelection.From(layers, this);
            }
            catch (InvalidOperationException ex)
            {
                errors.Add($"{where}: {ex.Message}");
            }
        }
        if (WhisperModelPath is { Length: > 0 } path && !File.Exists(path))
        {
            errors.Add($"{Section}:WhisperModelPath: no file at '{path}'. Point it at a ggml Whisper model (e.g. ggml-base.en.bin) or unset it.");
        }
        if (WhisperThreads is < 1)
        {
            errors.Add($"{Section}:WhisperThreads must be 1 or more.");
        }
        if (MaxAudioSeconds is <= 0 || SilenceThresholdDb is > 0 || ToolTimeoutSeconds is <= 0)
        {
            errors.Add($"{Section}: MaxAudioSeconds and ToolTimeoutSeconds must be positive and SilenceThresholdDb at most 0 (dBFS).");
        }
        return errors;
    }

    private static T? Find<T>(Dictionary<string, T> overrides, string key) where T : class =>
        overrides.FirstOrDefault(o => string.Equals(o.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
}
