namespace Candor.Web.Providers.Speech;

/// <summary>Why a recording was refused. The candidate is asked to record again or type.</summary>
public enum BadAudioReason
{
    /// <summary>No bytes, or a container with no audio samples in it.</summary>
    Empty,

    /// <summary>Audio that never rises above the silence threshold (a muted or disconnected microphone).</summary>
    Silent,

    /// <summary>Looks like a supported container but cannot be decoded.</summary>
    Corrupt,

    /// <summary>Not one of webm/opus, ogg, wav, mp3 or m4a (or no audio stream at all).</summary>
    UnsupportedFormat,

    /// <summary>Longer than Candor:Speech:MaxAudioSeconds.</summary>
    TooLong,
}

/// <summary>
/// The upload is not audio the recognisers can use. Callers answer 400 (the byte-size limit is a 413 they check
/// before probing); <see cref="Code"/> is the machine-readable reason for the problem details.
/// </summary>
public sealed class BadAudioException(BadAudioReason reason, string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    public BadAudioReason Reason { get; } = reason;

    /// <summary>empty, silent, corrupt, unsupported_format or too_long.</summary>
    public string Code => Reason switch
    {
        BadAudioReason.Empty => "empty",
        BadAudioReason.Silent => "silent",
        BadAudioReason.Corrupt => "corrupt",
        BadAudioReason.UnsupportedFormat => "unsupported_format",
        _ => "too_long",
    };
}
