using System.Globalization;
using Candor.Engine.Speech;

namespace Candor.Web.Providers.Speech;

/// <summary>
/// Offline speech-to-text with CMU pocketsphinx (Debian's pocketsphinx + pocketsphinx-en-us), the default engine
/// and every provider's fallback. Runs <c>pocketsphinx_continuous -time yes</c> on a 16 kHz mono wav, which prints
/// each utterance's hypothesis followed by one "word start end posterior" line per word; the confidence is the
/// mean word posterior. Only US English ships with Debian, so other languages are transcribed as English.
/// </summary>
public sealed class PocketsphinxSpeechToText(AudioTools tools, string executable = PocketsphinxSpeechToText.DefaultExecutable, TimeSpan? timeout = null)
    : ISpeechToText
{
    public const string DefaultExecutable = "pocketsphinx_continuous";
    public const string ProviderName = "pocketsphinx";
    public const string ModelName = "en-us";

    public async Task<Transcript> TranscribeAsync(SpeechToTextRequest request, CancellationToken cancellationToken = default)
    {
        var wav = await tools.ToRecognizerWavAsync(request.RecognizerWav.IsEmpty ? request.Audio : request.RecognizerWav, cancellationToken);
        using var scratch = ScratchFolder.Create();
        var input = await scratch.WriteAsync("answer.wav", wav, cancellationToken);
        var result = await ExternalProcess.RunAsync(executable,
            ["-infile", input, "-logfn", "/dev/null", "-time", "yes"],
            ReadOnlyMemory<byte>.Empty, timeout ?? tools.Settings.Timeout, cancellationToken);
        result.EnsureSuccess(executable);
        var duration = AudioTools.WavDuration(wav) ?? TimeSpan.Zero;
        return Parse(result.OutputText, duration);
    }

    /// <summary>Parses <c>-time yes</c> output; fillers (&lt;s&gt;, &lt;sil&gt;, [NOISE]) are timing only.</summary>
    internal static Transcript Parse(string output, TimeSpan duration)
    {
        var words = new List<WordTiming>();
        var hypotheses = new List<string>();
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 4
                && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var start)
                && double.TryParse(parts[2], NumberStyles.Float, CultureInfo.InvariantCulture, out var end)
                && double.TryParse(parts[3], NumberStyles.Float, CultureInfo.InvariantCulture, out var posterior))
            {
                if (IsFiller(parts[0]))
                {
                    continue;
                }
                words.Add(new WordTiming(StripAlternative(parts[0]), TimeSpan.FromSeconds(start), TimeSpan.FromSeconds(end), Math.Clamp(posterior, 0, 1)));
            }
            else
            {
                hypotheses.Add(line);
            }
        }
        var text = hypotheses.Count > 0 ? string.Join(' ', hypotheses) : string.Join(' ', words.Select(w => w.Word));
        var confidence = words.Count > 0 ? words.Average(w => w.Confidence ?? 0) : string.IsNullOrWhiteSpace(text) ? 0 : 1;
        return new Transcript(text.Trim(), Math.Round(confidence, 4), duration, words, new SpeechProvenance(ProviderName, ModelName));
    }

    private static bool IsFiller(string word) => word.StartsWith('<') || word.StartsWith('[') || word.StartsWith("++", StringComparison.Ordinal);

    // "and(2)" is the dictionary's second pronunciation of "and".
    private static string StripAlternative(string word) => word.IndexOf('(') is > 0 and var at ? word[..at] : word;
}
