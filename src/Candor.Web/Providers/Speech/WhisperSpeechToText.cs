using Candor.Engine.Speech;
using Whisper.net;

namespace Candor.Web.Providers.Speech;

/// <summary>
/// Local Whisper through Whisper.net on a ggml model file the operator supplies (Candor:Speech:WhisperModelPath; no
/// model can be downloaded by Candor). The model is loaded once, on first use, and shared; each transcription gets
/// its own processor (they are not thread-safe), with concurrent transcriptions capped so two cores are not
/// oversubscribed. Input is converted to 16 kHz mono wav first. Confidence is the mean segment probability.
/// </summary>
public sealed class WhisperSpeechToText(string modelPath, AudioTools tools, int threads) : ISpeechToText, IDisposable
{
    public const string ProviderName = "whisper";

    private readonly Lazy<WhisperFactory> _factory = new(() => Load(modelPath), LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly SemaphoreSlim _concurrency = new(Math.Max(1, Environment.ProcessorCount / Math.Max(1, threads)));

    public async Task<Transcript> TranscribeAsync(SpeechToTextRequest request, CancellationToken cancellationToken = default)
    {
        var wav = await tools.ToRecognizerWavAsync(request.RecognizerWav.IsEmpty ? request.Audio : request.RecognizerWav, cancellationToken);
        var factory = _factory.Value;
        await _concurrency.WaitAsync(cancellationToken);
        try
        {
            var language = request.Language.Split('-')[0].ToLowerInvariant();
            await using var processor = Build(factory, language);
            using var input = new MemoryStream(wav, writable: false);
            var segments = new List<(string Text, TimeSpan Start, TimeSpan End, float Probability)>();
            await foreach (var segment in processor.ProcessAsync(input, cancellationToken))
            {
                segments.Add((segment.Text, segment.Start, segment.End, segment.Probability));
            }
            var text = string.Join(' ', segments.Select(s => s.Text.Trim()).Where(t => t.Length > 0));
            // Whisper gives timings per segment, not per word: words are not invented here.
            var confidence = text.Length == 0 ? 0 : segments.Count > 0 ? Math.Clamp(segments.Average(s => (double)s.Probability), 0, 1) : 1;
            return new Transcript(text, Math.Round(confidence, 4), AudioTools.WavDuration(wav) ?? TimeSpan.Zero, [],
                new SpeechProvenance(ProviderName, Path.GetFileName(modelPath)));
        }
        finally
        {
            _concurrency.Release();
        }
    }

    private WhisperProcessor Build(WhisperFactory factory, string language)
    {
        try
        {
            // Whisper.net reads the file when the first processor is built, not in FromPath.
            return factory.CreateBuilder().WithLanguage(language).WithThreads(threads).WithProbabilities().Build();
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            throw new SpeechToolException(ProviderName, $"could not load the model '{modelPath}': {ex.Message}", ex);
        }
    }

    private static WhisperFactory Load(string path)
    {
        try
        {
            return WhisperFactory.FromPath(path);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // A truncated or non-ggml file: say which file, so the operator can fix Candor:Speech:WhisperModelPath.
            throw new SpeechToolException(ProviderName, $"could not load the model '{path}': {ex.Message}", ex);
        }
    }

    public void Dispose()
    {
        if (_factory.IsValueCreated)
        {
            _factory.Value.Dispose();
        }
        _concurrency.Dispose();
    }
}
