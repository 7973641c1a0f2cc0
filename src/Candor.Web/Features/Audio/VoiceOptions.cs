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
    /// The HTTP body limit of a spoken answer (multipart). Unset: STT_MAX_AUDIO_SIZE_MB (default 25) plus 1 MB for
    /// the form around the audio; the organisation's own audio limit is then checked with a clear 413.
    /// </summary>
    public long? MaxUploadBytes { get; set; }

    public static long UploadLimit(IConfiguration configuration)
    {
        var configured = configuration.GetSection(Section).Get<VoiceOptions>()?.MaxUploadBytes;
        if (configured is > 0)
        {
            return configured.Value;
        }
        var megabytes = double.TryParse(configuration["STT_MAX_AUDIO_SIZE_MB"], System.Globalization.CultureInfo.InvariantCulture, out var mb) && mb > 0 ? mb : 25;
        return (long)(megabytes * 1024 * 1024) + 1024 * 1024;
    }

    public bool IsLowConfidence(double? confidence) => confidence < LowConfidenceThreshold;
}
