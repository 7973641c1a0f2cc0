using System.Runtime.CompilerServices;
using System.Text;
using System.Text.RegularExpressions;
using Candor.Engine.Speech;

namespace Candor.Web.Providers.Speech;

/// <summary>
/// Offline text-to-speech with festival's <c>text2wave</c> and the HTS voice from festvox-us-slt-hts (the most
/// intelligible offline voice measured here). The text goes in a file, never on a command line or through a shell;
/// the voice name is checked against a strict pattern because it becomes a Scheme expression for <c>-eval</c>.
/// </summary>
public sealed partial class FestivalTextToSpeech(AudioTools tools, string defaultVoice = FestivalTextToSpeech.DefaultVoice, string executable = "text2wave", TimeSpan? timeout = null)
    : ITextToSpeech
{
    public const string DefaultVoice = "cmu_us_slt_arctic_hts";
    public const string ProviderName = "festival";

    public async Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
    {
        var voice = OfflineSpeechText.Voice(request.Voice, defaultVoice, VoicePattern());
        using var scratch = ScratchFolder.Create();
        var text = await scratch.WriteAsync("text.txt", OfflineSpeechText.ForSynthesis(request.Text), cancellationToken);
        var output = scratch.File("speech.wav");
        var result = await ExternalProcess.RunAsync(executable,
            ["-o", output, "-eval", $"(voice_{voice})", text],
            ReadOnlyMemory<byte>.Empty, timeout ?? tools.Settings.Timeout, cancellationToken, scratch.Path);
        return await OfflineSpeechText.FinishAsync(tools, result, executable, output, request.Format, new SpeechProvenance(ProviderName, voice), cancellationToken);
    }

    [GeneratedRegex("^[a-z0-9_]{1,64}$")]
    private static partial Regex VoicePattern();
}

/// <summary>Offline text-to-speech with flite: fast, less natural; the fallback when festival fails.</summary>
public sealed partial class FliteTextToSpeech(AudioTools tools, string defaultVoice = FliteTextToSpeech.DefaultVoice, string executable = "flite", TimeSpan? timeout = null)
    : ITextToSpeech
{
    public const string DefaultVoice = "slt";
    public const string ProviderName = "flite";

    public async Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
    {
        // A festival voice name asked of flite (the same request falls through to here) means its default.
        var voice = request.Voice is { } asked && VoicePattern().IsMatch(asked) ? asked : defaultVoice;
        using var scratch = ScratchFolder.Create();
        var text = await scratch.WriteAsync("text.txt", OfflineSpeechText.ForSynthesis(request.Text), cancellationToken);
        var output = scratch.File("speech.wav");
        var result = await ExternalProcess.RunAsync(executable,
            ["-voice", voice, "-f", text, "-o", output],
            ReadOnlyMemory<byte>.Empty, timeout ?? tools.Settings.Timeout, cancellationToken, scratch.Path);
        return await OfflineSpeechText.FinishAsync(tools, result, executable, output, request.Format, new SpeechProvenance(ProviderName, voice), cancellationToken);
    }

    // flite's built-in voices: slt, rms, awb, kal, kal16.
    [GeneratedRegex("^(slt|rms|awb|kal|kal16)$")]
    private static partial Regex VoicePattern();
}

internal static partial class OfflineSpeechText
{
    public static string Voice(string? asked, string configured, Regex pattern)
    {
        var voice = string.IsNullOrWhiteSpace(asked) ? configured : asked.Trim();
        return pattern.IsMatch(voice) ? voice : throw new ArgumentException($"'{voice}' is not a valid voice name for this engine.", nameof(asked));
    }

    /// <summary>
    /// Festival and flite read Latin-1: typographic punctuation becomes its ASCII twin (a curly apostrophe would be
    /// spelt out), anything else they cannot say becomes a space.
    /// </summary>
    public static byte[] ForSynthesis(string text)
    {
        var plain = new StringBuilder(text.Length);
        foreach (var c in text.Normalize(NormalizationForm.FormKC))
        {
            plain.Append(c switch
            {
                '\u2018' or '\u2019' or '\u02BC' => '\'',
                '\u201C' or '\u201D' => '"',
                '\u2013' or '\u2014' => ',',
                '\u2026' => '.',
                _ when char.IsControl(c) && c is not ('\n' or '\t') => ' ',
                _ when c > '\u00FF' => ' ',
                _ => c,
            });
        }
        return Encoding.Latin1.GetBytes(plain.ToString().Trim() + "\n");
    }

    public static async Task<SpeechAudio> FinishAsync(AudioTools tools, ProcessResult result, string tool, string output, SpeechAudioFormat format,
        SpeechProvenance provenance, CancellationToken cancellationToken)
    {
        result.EnsureSuccess(tool);
        if (!File.Exists(output) || new FileInfo(output).Length <= 44)
        {
            throw new SpeechToolException(tool, "produced no audio");
        }
        var wav = await File.ReadAllBytesAsync(output, cancellationToken);
        var encoded = await tools.EncodeAsync(wav, format, cancellationToken);
        return new SpeechAudio(format, Single(encoded, CancellationToken.None), provenance, AudioTools.WavDuration(wav));
    }

    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> Single(byte[] audio, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        cancellationToken.ThrowIfCancellationRequested();
        yield return audio;
    }
}
