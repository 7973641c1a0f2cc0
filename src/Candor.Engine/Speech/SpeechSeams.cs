namespace Candor.Engine.Speech;

/// <summary>Who turned audio into text or text into audio, stored beside the turn like an AI provenance.</summary>
public sealed record SpeechProvenance(string Provider, string Model);

/// <summary>One recognised word with its position in the clip (where the provider gives timings).</summary>
public sealed record WordTiming(string Word, TimeSpan Start, TimeSpan End, double? Confidence = null);

/// <summary>
/// Audio to transcribe. <paramref name="ContentType"/> is what the client said it sent (audio/webm, audio/ogg,
/// audio/wav, audio/mpeg, audio/mp4); implementations convert as they need. <paramref name="Language"/> is BCP-47.
/// <paramref name="RecognizerWav"/>, when the caller has it, is the same audio already decoded to 16 kHz mono
/// 16-bit PCM wav (checking an upload decodes it anyway): recognisers that read that use it instead of converting
/// again; cloud providers get the original, smaller <paramref name="Audio"/>.
/// </summary>
public sealed record SpeechToTextRequest(ReadOnlyMemory<byte> Audio, string ContentType, string Language = "en", ReadOnlyMemory<byte> RecognizerWav = default);

/// <summary>
/// What was heard. <paramref name="Confidence"/> is 0–1 (providers that give none report their words' mean, or 1
/// when they give nothing at all); an empty <paramref name="Text"/> means nothing intelligible was heard.
/// </summary>
public sealed record Transcript(
    string Text,
    double Confidence,
    TimeSpan AudioDuration,
    IReadOnlyList<WordTiming> Words,
    SpeechProvenance Provenance)
{
    public bool IsEmpty => string.IsNullOrWhiteSpace(Text);
}

/// <summary>Audio to speech-to-text, offline (pocketsphinx, Whisper.net) or by a provider (OpenAI audio, Deepgram).</summary>
public interface ISpeechToText
{
    Task<Transcript> TranscribeAsync(SpeechToTextRequest request, CancellationToken cancellationToken = default);
}

/// <summary>The audio container a text-to-speech engine is asked for.</summary>
public enum SpeechAudioFormat
{
    Mp3,
    Ogg,
    Wav,
}

public static class SpeechAudioFormats
{
    public static string ContentType(this SpeechAudioFormat format) => format switch
    {
        SpeechAudioFormat.Mp3 => "audio/mpeg",
        SpeechAudioFormat.Ogg => "audio/ogg",
        _ => "audio/wav",
    };

    public static string Extension(this SpeechAudioFormat format) => format switch
    {
        SpeechAudioFormat.Mp3 => "mp3",
        SpeechAudioFormat.Ogg => "ogg",
        _ => "wav",
    };
}

/// <summary>Text to speak. <paramref name="Voice"/> null means the engine's configured default.</summary>
public sealed record SpeechRequest(string Text, SpeechAudioFormat Format, string? Voice = null);

/// <summary>
/// Synthesised speech: the audio arrives as a stream of chunks (providers that stream send the first bytes
/// before the whole sentence is synthesised); <see cref="Provenance"/> names the engine and voice.
/// <paramref name="Duration"/> is known when the engine synthesised the whole clip first (the offline engines).
/// </summary>
public sealed record SpeechAudio(SpeechAudioFormat Format, IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks, SpeechProvenance Provenance, TimeSpan? Duration = null);

/// <summary>Text to speech, offline (festival, flite) or by a provider (OpenAI audio, Deepgram Aura, ElevenLabs).</summary>
public interface ITextToSpeech
{
    Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default);
}
