using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Candor.Web.Providers.Speech;

/// <summary>
/// Speech instruments on the same "Candor.Ai" meter as <see cref="AiMetrics"/>, tagged provider, model and outcome:
/// ai.stt.latency_ms (a whole transcription, retries and fallback included), ai.stt.audio_duration_ms (audio heard),
/// ai.tts.latency_ms (until the first audio byte, what the candidate waits for), ai.stt.failures and ai.tts.failures
/// (calls whose engine failed, whether or not a fallback then answered).
/// </summary>
public sealed class SpeechMetrics
{
    private readonly Histogram<double> _sttLatency;
    private readonly Histogram<double> _sttAudio;
    private readonly Counter<long> _sttFailures;
    private readonly Histogram<double> _ttsLatency;
    private readonly Counter<long> _ttsFailures;

    public SpeechMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(AiMetrics.MeterName);
        _sttLatency = meter.CreateHistogram<double>("ai.stt.latency_ms", "ms", "Speech-to-text wall time per call, retries included");
        _sttAudio = meter.CreateHistogram<double>("ai.stt.audio_duration_ms", "ms", "Duration of the audio transcribed");
        _sttFailures = meter.CreateCounter<long>("ai.stt.failures", "{call}", "Speech-to-text calls that failed");
        _ttsLatency = meter.CreateHistogram<double>("ai.tts.latency_ms", "ms", "Text-to-speech time to the first audio byte");
        _ttsFailures = meter.CreateCounter<long>("ai.tts.failures", "{call}", "Text-to-speech calls that failed");
    }

    public void SpeechToText(string provider, string model, string outcome, double latencyMs, TimeSpan? audio)
    {
        var tags = Tags(provider, model, outcome);
        _sttLatency.Record(latencyMs, tags);
        if (audio is { } duration)
        {
            _sttAudio.Record(duration.TotalMilliseconds, tags);
        }
        if (outcome != "success")
        {
            _sttFailures.Add(1, tags);
        }
    }

    public void TextToSpeechFirstByte(string provider, string model, double latencyMs) =>
        _ttsLatency.Record(latencyMs, Tags(provider, model, "success"));

    public void TextToSpeechFailed(string provider, string model, string outcome) =>
        _ttsFailures.Add(1, Tags(provider, model, outcome));

    private static TagList Tags(string provider, string model, string outcome) => new()
    {
        { "provider", provider },
        { "model", model },
        { "outcome", outcome },
    };
}
