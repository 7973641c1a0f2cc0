using System.Collections.Concurrent;
using System.Text;
using Candor.Engine.Speech;
using Candor.Web.Providers.Speech;

namespace Candor.Web.Tests.Features.Voice;

/// <summary>
/// The app's speech engines with a script per organisation: a test scripts its own organisation's speech-to-text and
/// text-to-speech (what is heard, failures, "none"); organisations without a script get the real engines.
/// </summary>
public sealed class ScriptedSpeech(ISpeechProviders real) : ISpeechProviders
{
    private readonly ConcurrentDictionary<Guid, SpeechScript> _scripts = new();

    public SpeechScript For(Guid organizationId) => _scripts.GetOrAdd(organizationId, _ => new SpeechScript());

    public async Task<SpeechEngines> ForOrganizationAsync(Guid organizationId, CancellationToken cancellationToken = default) =>
        _scripts.TryGetValue(organizationId, out var script) ? script.Engines : await real.ForOrganizationAsync(organizationId, cancellationToken);

    public async Task<SpeechEngines> ForInterviewAsync(Guid organizationId, Guid? interviewId, CancellationToken cancellationToken = default) =>
        _scripts.TryGetValue(organizationId, out var script) ? script.Engines : await real.ForInterviewAsync(organizationId, interviewId, cancellationToken);
}

/// <summary>One organisation's scripted speech. By default every recording is heard as <see cref="Heard"/> and every text is "spoken" as fake mp3 bytes.</summary>
public sealed class SpeechScript : ISpeechToText, ITextToSpeech
{
    public const string DefaultHeard = "I would add a composite index on customer id and created at, then check the plan with explain analyze.";

    public string Heard { get; set; } = DefaultHeard;
    public double Confidence { get; set; } = 0.92;
    public bool SpeechToTextOff { get; set; }
    public bool TextToSpeechOff { get; set; }
    public long MaxAudioBytes { get; set; } = 5 * 1024 * 1024;

    /// <summary>When set, speech-to-text throws it (a provider failure).</summary>
    public Exception? HearingFails { get; set; }

    /// <summary>When set, text-to-speech throws it for texts containing <see cref="SpeakingFailsOn"/> (or all, when that is null).</summary>
    public Exception? SpeakingFails { get; set; }
    public string? SpeakingFailsOn { get; set; }

    /// <summary>When set, speech-to-text waits for it (a test holds the app mid-transcription).</summary>
    public TaskCompletionSource? HoldHearing { get; set; }
    public TaskCompletionSource HearingStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<SpeechToTextRequest> Transcribed { get; } = new();
    public ConcurrentQueue<string> Spoken { get; } = new();

    public SpeechEngines Engines => new(SpeechToTextOff ? null : this, TextToSpeechOff ? null : this, "en", MaxAudioBytes, SpeechAudioFormat.Mp3);

    public static byte[] AudioOf(string text) => [.. "ID3"u8, .. Encoding.UTF8.GetBytes(text)];

    public async Task<Transcript> TranscribeAsync(SpeechToTextRequest request, CancellationToken cancellationToken = default)
    {
        Transcribed.Enqueue(request);
        HearingStarted.TrySetResult();
        if (HoldHearing is { } hold)
        {
            await hold.Task.WaitAsync(cancellationToken);
        }
        if (HearingFails is { } failure)
        {
            throw failure;
        }
        return new Transcript(Heard, Confidence, TimeSpan.FromSeconds(3), [], new SpeechProvenance("scripted", "test"));
    }

    public Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
    {
        if (SpeakingFails is { } failure && (SpeakingFailsOn is null || request.Text.Contains(SpeakingFailsOn, StringComparison.Ordinal)))
        {
            throw failure;
        }
        Spoken.Enqueue(request.Text);
        return Task.FromResult(new SpeechAudio(request.Format, Chunks(AudioOf(request.Text)), new SpeechProvenance("scripted", "test")));
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Chunks(byte[] audio)
    {
        await Task.Yield();
        yield return audio.AsMemory(0, 3);
        yield return audio.AsMemory(3);
    }
}
