using Candor.Engine.Speech;

namespace Candor.Web.Providers.Speech;

/// <summary>
/// The speech engines an organisation's interviews use, chosen per organisation and plan tier like the LLM layers
/// (global default from STT_PROVIDER / TTS_PROVIDER and Candor:Speech:*). Each engine already records its calls
/// (ai_usage), retries, times out and breaks its circuit, and falls back to the offline engine when a provider
/// fails. Null means "none": no speech-to-text (voice answers are refused with 400 and the candidate types) or no
/// text-to-speech (the candidate reads the interviewer's words).
/// </summary>
public interface ISpeechProviders
{
    Task<SpeechEngines> ForOrganizationAsync(Guid organizationId, CancellationToken cancellationToken = default);

    /// <summary>
    /// The same engines, with every call they make accounted to <paramref name="interviewId"/> as well, so it shows in
    /// GET /api/v1/interviews/{id}/ai-usage. Use this one inside an interview.
    /// </summary>
    Task<SpeechEngines> ForInterviewAsync(Guid organizationId, Guid? interviewId, CancellationToken cancellationToken = default) =>
        ForOrganizationAsync(organizationId, cancellationToken);
}

/// <param name="Language">STT_LANGUAGE (BCP-47), the language to transcribe in.</param>
/// <param name="MaxAudioBytes">STT_MAX_AUDIO_SIZE_MB in bytes: larger recordings are refused with 413.</param>
/// <param name="Format">TTS_AUDIO_FORMAT: what the interviewer's audio is stored and served as.</param>
/// <param name="RecognizerReadsPcm">The chosen recogniser runs here on 16 kHz mono PCM (pocketsphinx, Whisper), so
/// decoding an upload to that is part of recognising it, not only a check.</param>
public sealed record SpeechEngines(
    ISpeechToText? SpeechToText,
    ITextToSpeech? TextToSpeech,
    string Language,
    long MaxAudioBytes,
    SpeechAudioFormat Format,
    bool RecognizerReadsPcm = false);
