using System.Diagnostics.Metrics;
using Candor.Engine.Speech;
using Candor.Web.Providers;
using Candor.Web.Providers.Speech;

namespace Candor.Web.Tests.Providers.Speech;

/// <summary>
/// Issue 9's failure rows for every cloud speech provider, over real HTTP and WebSocket against fakes speaking each
/// wire format: 429, 500, a timeout and garbage from OpenAI audio, Deepgram prerecorded and live speech-to-text, and
/// OpenAI, Deepgram Aura and ElevenLabs text-to-speech. Each ends in the offline fallback (pocketsphinx hears the
/// answer; festival speaks the words), with the provider's failed call and the fallback's call both in ai_usage.
/// </summary>
public sealed class CloudSpeechFailureTests : IAsyncLifetime
{
    private FakeSpeechServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeSpeechServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    public static TheoryData<string, string> SpeechToTextFailures() => Matrix(["openai", "deepgram", "deepgram-live"]);

    public static TheoryData<string, string> TextToSpeechFailures() => Matrix(["openai", "deepgram", "elevenlabs"]);

    private static TheoryData<string, string> Matrix(string[] providers)
    {
        var data = new TheoryData<string, string>();
        foreach (var provider in providers)
        {
            foreach (var failure in new[] { "rate_limited", "server_error", "timeout", "garbage" })
            {
                data.Add(provider, failure);
            }
        }
        return data;
    }

    /// <summary>The same failure for every attempt (retries included), and a one-second timeout to keep the run short.</summary>
    private ProviderHarness FailingHarness(string? stt, string? tts, string failure)
    {
        var reply = failure switch
        {
            "rate_limited" => new FakeSpeechReply(Status: 429, RetryAfter: "0"),
            "server_error" => new FakeSpeechReply(Status: 500),
            "timeout" => new FakeSpeechReply(Delay: TimeSpan.FromSeconds(10)),
            _ => new FakeSpeechReply(Garbage: true),
        };
        _server.Then(reply, reply, reply);
        var live = stt == "deepgram-live";
        return CloudSpeechHarness.For(_server, live ? "deepgram" : stt, tts, s =>
        {
            foreach (var section in new[] { "SpeechToText", "TextToSpeech" })
            {
                s[$"Candor:Speech:{section}:TimeoutSeconds"] = "1";
            }
            if (live)
            {
                s["Candor:Speech:SpeechToText:Streaming"] = "true";
            }
        });
    }

    private static string Outcome(string failure) => failure == "garbage" ? "invalid_response" : failure;

    [Theory]
    [MemberData(nameof(SpeechToTextFailures))]
    public async Task A_failing_recogniser_falls_back_to_pocketsphinx_and_both_calls_are_recorded(string provider, string failure)
    {
        using var harness = FailingHarness(provider, null, failure);

        var transcript = await harness.Speech().SpeechToText!.TranscribeAsync(new(await SpeechSamples.SpokenAsync("webm"), "audio/webm"));

        transcript.Provenance.Provider.ShouldBe("pocketsphinx");
        SpeechSamples.WordErrorRate(SpeechSamples.Script, transcript.Text).ShouldBeLessThanOrEqualTo(0.30);
        _server.Requests.Count.ShouldBeGreaterThanOrEqualTo(1, "the provider was asked first");
        var rows = harness.Usage.Records;
        rows.Select(r => (r.Provider, r.Role, r.Succeeded)).ShouldBe(
            [("deepgram-live" == provider ? "deepgram" : provider, "speech_to_text", false), ("pocketsphinx", "speech_to_text", true)]);
        rows[0].Error.ShouldNotBeNull().ShouldStartWith(Outcome(failure));
    }

    [Theory]
    [MemberData(nameof(TextToSpeechFailures))]
    public async Task A_failing_voice_falls_back_to_festival_and_both_calls_are_recorded(string provider, string failure)
    {
        using var harness = FailingHarness(null, provider, failure);

        var audio = await harness.Speech().TextToSpeech!.SynthesizeAsync(new SpeechRequest("Can you hear this?", SpeechAudioFormat.Mp3));
        var bytes = await SpeechSamples.ReadAllAsync(audio);

        audio.Provenance.Provider.ShouldBe("festival");
        (await new AudioTools(AudioToolsSettings.Default).ProbeAsync(bytes)).Container.ShouldBe("mp3");
        _server.Requests.Count.ShouldBeGreaterThanOrEqualTo(1, "the provider was asked first");
        var rows = harness.Usage.Records;
        rows.Select(r => (r.Provider, r.Role, r.Succeeded)).ShouldBe([(provider, "text_to_speech", false), ("festival", "text_to_speech", true)]);
        rows[0].Error.ShouldNotBeNull().ShouldStartWith(Outcome(failure));
    }

    [Fact]
    public async Task Speech_calls_emit_the_ai_stt_and_ai_tts_metrics_by_their_issue_names()
    {
        var recogniser = $"whisper-metrics-{Guid.NewGuid():N}";
        var voice = $"tts-metrics-{Guid.NewGuid():N}";
        using var harness = CloudSpeechHarness.For(_server, "openai", "openai", s =>
        {
            s["Candor:Speech:SpeechToText:Model"] = recogniser;
            s["Candor:Speech:TextToSpeech:Model"] = voice;
            s["Candor:Speech:SpeechToText:MaxRetries"] = "0";
            s["Candor:Speech:TextToSpeech:MaxRetries"] = "0";
        });
        var measured = new List<(string Instrument, double Value, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AiMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Collect(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var tagged = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            if (tagged.GetValueOrDefault("model") is string model && (model == recogniser || model == voice))
            {
                lock (measured)
                {
                    measured.Add((instrument.Name, value, tagged.GetValueOrDefault("outcome") as string));
                }
            }
        }
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Collect(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Collect(i, v, t));
        listener.Start();
        _server.Then(new FakeSpeechReply(), new FakeSpeechReply(Status: 500), new FakeSpeechReply(), new FakeSpeechReply(Status: 500));
        var engines = harness.Speech();
        var answer = new SpeechToTextRequest(await SpeechSamples.SpokenAsync("webm"), "audio/webm");

        await engines.SpeechToText!.TranscribeAsync(answer);
        await engines.SpeechToText!.TranscribeAsync(answer); // 500, then pocketsphinx
        await SpeechSamples.ReadAllAsync(await engines.TextToSpeech!.SynthesizeAsync(new SpeechRequest("Hello.", SpeechAudioFormat.Mp3)));
        await SpeechSamples.ReadAllAsync(await engines.TextToSpeech!.SynthesizeAsync(new SpeechRequest("Hello.", SpeechAudioFormat.Mp3))); // 500, then festival

        measured.Where(m => m.Instrument == "ai.stt.latency_ms").Select(m => m.Outcome).Order().ShouldBe(["server_error", "success"]);
        measured.Where(m => m.Instrument == "ai.stt.audio_duration_ms").ShouldHaveSingleItem().Value.ShouldBe(4210, 1);
        measured.Where(m => m.Instrument == "ai.stt.failures").ShouldHaveSingleItem().Outcome.ShouldBe("server_error");
        measured.Where(m => m.Instrument == "ai.tts.latency_ms").ShouldHaveSingleItem().Value.ShouldBeGreaterThan(0);
        measured.Where(m => m.Instrument == "ai.tts.failures").ShouldHaveSingleItem().Outcome.ShouldBe("server_error");
    }
}
