using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Candor.Web.Features.Audio;

/// <summary>
/// How long one voice turn took, in milliseconds from the moment the answer arrived. Provider time is speech-to-text
/// plus the interviewer; <see cref="AudioConversionMs"/> is decoding the upload to the 16 kHz PCM an offline recogniser
/// reads; <see cref="OverheadMs"/> is the rest of <see cref="TotalMs"/>: Candor's own work (checking and storing the
/// audio, the database, streaming). Text-to-speech runs beside the interviewer, so it is not on that path;
/// <see cref="FirstAudioMs"/> says when the candidate could first hear the reply.
/// </summary>
/// <param name="SpeechToTextMs">Transcribing the recording; null when the answer was typed (or confirmed in a later request).</param>
/// <param name="InterviewerFirstTokenMs">From asking the interviewer to its first words; null when the reply was not streamed.</param>
/// <param name="InterviewerTotalMs">From asking the interviewer to its complete reply.</param>
/// <param name="FirstAudioMs">From the answer's arrival to the first byte of the reply's audio; null without streamed audio.</param>
/// <param name="TotalMs">From the answer's arrival to the reply stored as the next turn.</param>
/// <param name="AudioConversionMs">The ffmpeg run that decodes the upload to 16 kHz mono PCM, when the recogniser is an
/// offline one that needs exactly that (pocketsphinx, Whisper); the same run checks the audio, which costs nothing
/// extra then. With a cloud recogniser the run only checks the audio, so it stays in <see cref="OverheadMs"/> and this
/// is null; null too for typed answers.</param>
public sealed record VoiceLatency(int? SpeechToTextMs, int? InterviewerFirstTokenMs, int InterviewerTotalMs, int? FirstAudioMs, int TotalMs, int OverheadMs,
    int? AudioConversionMs = null);

/// <summary>One stage across an interview's voice turns: the median and the slowest.</summary>
public sealed record LatencyStat(int Median, int Max)
{
    public static LatencyStat? Of(IEnumerable<int?> values)
    {
        var list = values.OfType<int>().Order().ToList();
        return list.Count == 0 ? null : new LatencyStat(list[(list.Count - 1) / 2], list[^1]);
    }
}

/// <summary>The recruiter's summary of an interview's voice latency.</summary>
public sealed record VoiceLatencySummary(
    int Turns,
    LatencyStat? SpeechToTextMs,
    LatencyStat? InterviewerFirstTokenMs,
    LatencyStat? InterviewerTotalMs,
    LatencyStat? FirstAudioMs,
    LatencyStat? TotalMs,
    LatencyStat? OverheadMs,
    LatencyStat? AudioConversionMs = null)
{
    public static VoiceLatencySummary? Of(IEnumerable<VoiceLatency?> turns)
    {
        var list = turns.OfType<VoiceLatency>().ToList();
        return list.Count == 0 ? null : new VoiceLatencySummary(
            list.Count,
            LatencyStat.Of(list.Select(l => l.SpeechToTextMs)),
            LatencyStat.Of(list.Select(l => l.InterviewerFirstTokenMs)),
            LatencyStat.Of(list.Select(l => (int?)l.InterviewerTotalMs)),
            LatencyStat.Of(list.Select(l => l.FirstAudioMs)),
            LatencyStat.Of(list.Select(l => (int?)l.TotalMs)),
            LatencyStat.Of(list.Select(l => (int?)l.OverheadMs)),
            LatencyStat.Of(list.Select(l => l.AudioConversionMs)));
    }
}

/// <summary>
/// Times one answer request of a voice interview, stage by stage, from a single clock started when it arrived. The
/// conductor marks the interviewer's stages; the spoken-answer path marks speech-to-text and the first audio byte.
/// Marks are thread-safe: the audio is made beside the interviewer's stream.
/// </summary>
public sealed class VoiceTurnTimer
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _speechToText = -1;
    private long _audioConversion = -1;
    private long _interviewerStarted = -1;
    private long _firstToken = -1;
    private long _interviewerDone = -1;
    private long _firstAudio = -1;
    private long _replyStored = -1;

    public void SpeechToText(TimeSpan elapsed) => Interlocked.Exchange(ref _speechToText, (long)elapsed.TotalMilliseconds);

    /// <summary>Decoding the upload for an offline recogniser (see <see cref="VoiceLatency.AudioConversionMs"/>).</summary>
    public void AudioConversion(TimeSpan elapsed) => Interlocked.Exchange(ref _audioConversion, (long)elapsed.TotalMilliseconds);

    public void InterviewerStarted() => Interlocked.CompareExchange(ref _interviewerStarted, Stopwatch.GetTimestamp(), -1);

    public void InterviewerToken() => Interlocked.CompareExchange(ref _firstToken, Stopwatch.GetTimestamp(), -1);

    public void InterviewerDone() => Interlocked.CompareExchange(ref _interviewerDone, Stopwatch.GetTimestamp(), -1);

    public void FirstAudioByte() => Interlocked.CompareExchange(ref _firstAudio, Stopwatch.GetTimestamp(), -1);

    public void ReplyStored() => Interlocked.CompareExchange(ref _replyStored, Stopwatch.GetTimestamp(), -1);

    /// <summary>The breakdown so far; null when the interviewer was never asked (a replayed answer, a held transcript).</summary>
    public VoiceLatency? Finish()
    {
        if (Interlocked.Read(ref _interviewerStarted) < 0 || Interlocked.Read(ref _interviewerDone) < 0)
        {
            return null;
        }
        var total = Since(_started, Interlocked.Read(ref _replyStored) is >= 0 and var stored ? stored : Stopwatch.GetTimestamp());
        var speechToText = Interlocked.Read(ref _speechToText) is >= 0 and var stt ? (int)stt : (int?)null;
        var interviewer = Since(_interviewerStarted, _interviewerDone);
        int? firstToken = Interlocked.Read(ref _firstToken) is >= 0 and var token ? Since(_interviewerStarted, token) : null;
        int? firstAudio = Interlocked.Read(ref _firstAudio) is >= 0 and var audio ? Since(_started, audio) : null;
        var conversion = Interlocked.Read(ref _audioConversion) is >= 0 and var converted ? (int)converted : (int?)null;
        return new VoiceLatency(speechToText, firstToken, interviewer, firstAudio, total,
            Math.Max(0, total - interviewer - (speechToText ?? 0) - (conversion ?? 0)), conversion);
    }

    private static int Since(long from, long to) => (int)Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;
}

/// <summary>The "Candor.Voice" meter: per voice turn, Candor's own overhead, the total, the time to first audio and the audio conversion.</summary>
public sealed class VoiceMetrics
{
    public const string MeterName = "Candor.Voice";

    private readonly Histogram<double> _overhead;
    private readonly Histogram<double> _total;
    private readonly Histogram<double> _firstAudio;
    private readonly Histogram<double> _audioConversion;

    public VoiceMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _overhead = meter.CreateHistogram<double>("candor.voice.overhead_ms", "ms", "A voice turn's time beyond the speech and interviewer providers: Candor's own overhead");
        _total = meter.CreateHistogram<double>("candor.voice.turn_ms", "ms", "From a voice answer's arrival to the interviewer's reply stored");
        _firstAudio = meter.CreateHistogram<double>("candor.voice.first_audio_ms", "ms", "From a voice answer's arrival to the first byte of the reply's audio");
        _audioConversion = meter.CreateHistogram<double>("candor.voice.audio_conversion_ms", "ms", "Decoding a spoken answer to the 16 kHz PCM an offline recogniser reads");
    }

    public void Record(VoiceLatency latency, bool spoken)
    {
        var tags = new TagList { { "answer", spoken ? "spoken" : "typed" } };
        _overhead.Record(latency.OverheadMs, tags);
        _total.Record(latency.TotalMs, tags);
        if (latency.FirstAudioMs is { } firstAudio)
        {
            _firstAudio.Record(firstAudio, tags);
        }
        if (latency.AudioConversionMs is { } conversion)
        {
            _audioConversion.Record(conversion, tags);
        }
    }
}
