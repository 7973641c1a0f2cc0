using Candor.Web.Providers.Speech;

namespace Candor.Web.Features.Audio;

/// <summary>Settings under Candor:Voice (the speech engines themselves are configured under Candor:Speech).</summary>
public sealed class VoiceOptions
{
    public const string Section = "Candor:Voice";

    /// <summary>How long a recruiter's signed audio URL works (results API, results page, webhook).</summary>
    public TimeSpan SignedUrlLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>A spoken answer transcribed with less confidence than this is marked and not scored as a weak answer.</summary>
    public double LowConfidenceThreshold { get; set; } = 0.5;

    /// <summary>
    /// The HTTP body limit of a spoken answer (multipart). Unset: the largest audio size the speech settings allow
    /// (STT_MAX_AUDIO_SIZE_MB, default 25, and any tier's or organisation's own) plus 1 MB for the form around it;
    /// the organisation's own audio limit is then checked with a clear 413.
    /// </summary>
    public long? MaxUploadBytes { get; set; }

    public long UploadLimit(SpeechOptions speech)
    {
        if (MaxUploadBytes is > 0)
        {
            return MaxUploadBytes.Value;
        }
        var largest = new[] { speech.MaxAudioSizeMb ?? 25 }
            .Concat(speech.Tiers.Values.Concat(speech.Organizations.Values).Select(layer => layer.MaxAudioSizeMb ?? 0))
            .Max();
        return (long)(largest * 1024 * 1024) + 1024 * 1024;
    }

    public bool IsLowConfidence(double? confidence) => confidence < LowConfidenceThreshold;
}
