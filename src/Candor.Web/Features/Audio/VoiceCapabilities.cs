using Candor.Web.Providers.Speech;

namespace Candor.Web.Features.Audio;

/// <summary>
/// What a voice interview really offers with the organisation's speech engines: <see cref="Hears"/> spoken answers
/// (speech-to-text is not "none") and <see cref="Speaks"/> the interviewer's words (text-to-speech is not "none").
/// Every promise to a candidate or recruiter (the interview outline behind the landing page and invitation e-mail, the job page) is worded from this, so
/// STT_PROVIDER=none never promises spoken answers and TTS_PROVIDER=none never promises a spoken interviewer.
/// </summary>
public sealed record VoiceCapabilities(bool Hears, bool Speaks)
{
    public static readonly VoiceCapabilities Full = new(true, true);

    public static async Task<VoiceCapabilities> ForAsync(ISpeechProviders speech, Guid organizationId, CancellationToken cancellationToken)
    {
        var engines = await speech.ForOrganizationAsync(organizationId, cancellationToken);
        return new VoiceCapabilities(engines.SpeechToText is not null, engines.TextToSpeech is not null);
    }

    /// <summary>How the candidate takes part: a sentence of the landing page's and the invitation's "What to expect".</summary>
    public string CandidateExpectation(bool isVoice) => (isVoice, Hears, Speaks) switch
    {
        (true, true, true) => "The interviewer speaks each question (the words are shown on screen too) and you answer out loud; you can type instead at any time. "
            + "First we check your microphone and speakers; you'll need a microphone and a quiet place.",
        (true, true, false) => "Each question is shown on screen and you answer out loud; you can type instead at any time. "
            + "First we check your microphone; you'll need a microphone and a quiet place.",
        (true, false, true) => "The interviewer reads each question aloud (the words are shown on screen too) and you type your answers. "
            + "First we check that you can hear it.",
        _ => "The interviewer's questions appear on screen and you type your answers.",
    };

    /// <summary>The job page's label for the voice mode, and what is turned off (null when nothing is).</summary>
    public (string Label, string? Limitation) JobModeWording() => (Hears, Speaks) switch
    {
        (true, true) => ("Voice (the candidate speaks; the interviewer speaks back)", null),
        (true, false) => ("Voice (the candidate speaks; questions are shown as text)",
            "Text-to-speech is turned off for your organisation, so the interviewer's questions are shown as text, not spoken."),
        (false, true) => ("Voice (the interviewer speaks; the candidate types)",
            "Speech-to-text is turned off for your organisation, so candidates type their answers instead of speaking."),
        _ => ("Voice (speech is turned off: the interview runs in writing)",
            "Speech-to-text and text-to-speech are both turned off for your organisation, so a voice interview runs in writing."),
    };
}
