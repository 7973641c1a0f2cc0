using Candor.Engine.Speech;
using Candor.Web.Providers;
using Candor.Web.Providers.Speech;

namespace Candor.Web.Tests.Providers.Speech;

/// <summary>
/// The cloud adapters over real HTTP and WebSocket against fakes speaking each provider's wire format, through the
/// real chain (retries, timeout, circuit, accounting, offline fallback) that <see cref="SpeechProviders"/> builds.
/// </summary>
public sealed class CloudSpeechTests : IAsyncLifetime
{
    private FakeSpeechServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeSpeechServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private ProviderHarness Harness(string? stt, string? tts, Action<Dictionary<string, string?>>? tweak = null) =>
        CloudSpeechHarness.For(_server, stt, tts, tweak);

    private static async Task<SpeechToTextRequest> AnswerAsync() => new(await SpeechSamples.SpokenAsync("webm"), "audio/webm");

    [Fact]
    public async Task OpenAi_transcription_sends_multipart_verbose_json_and_reads_words_and_confidence()
    {
        using var harness = Harness("openai", null);
        var interviewId = Guid.NewGuid();
        var request = await AnswerAsync();

        var transcript = await harness.Speech(interviewId: interviewId).SpeechToText!.TranscribeAsync(request);

        transcript.Text.ShouldBe(FakeSpeechServer.Heard);
        transcript.Provenance.ShouldBe(new SpeechProvenance("openai", "whisper-1"));
        transcript.Confidence.ShouldBe(Math.Round(Math.Exp(-0.105), 4));
        transcript.AudioDuration.ShouldBe(TimeSpan.FromSeconds(4.21));
        transcript.Words.Count.ShouldBe(FakeSpeechServer.Heard.Split(' ').Length);
        var seen = _server.Requests.ShouldHaveSingleItem();
        seen.Path.ShouldBe("/v1/audio/transcriptions");
        seen.Headers["authorization"].ShouldBe("Bearer " + ProviderHarness.ApiKey);
        seen.Form["model"].ShouldBe(["whisper-1"]);
        seen.Form["language"].ShouldBe(["en"]);
        seen.Form["response_format"].ShouldBe(["verbose_json"]);
        seen.Form["timestamp_granularities[]"].ShouldBe(["word", "segment"]);
        seen.AudioContentType.ShouldBe("audio/webm");
        seen.Audio.ShouldBe(request.Audio.ToArray());

        var row = harness.Usage.Records.ShouldHaveSingleItem();
        row.Provider.ShouldBe("openai");
        row.Model.ShouldBe("whisper-1");
        row.Role.ShouldBe("speech_to_text");
        row.InterviewId.ShouldBe(interviewId);
        row.AudioSeconds.ShouldBe(4.21);
        row.CostUsd.ShouldBe(decimal.Round(4.21m / 60 * 0.006m, 6));
        row.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task A_gpt_4o_transcribe_model_is_asked_for_plain_json()
    {
        using var harness = Harness("openai", null, s => s["Candor:Speech:SpeechToText:Model"] = "gpt-4o-mini-transcribe");

        var transcript = await harness.Speech().SpeechToText!.TranscribeAsync(await AnswerAsync());

        transcript.Text.ShouldBe(FakeSpeechServer.Heard);
        transcript.Confidence.ShouldBe(1);
        _server.Requests.Single().Form["response_format"].ShouldBe(["json"]);
        _server.Requests.Single().Form.ContainsKey("timestamp_granularities[]").ShouldBeFalse();
    }

    [Fact]
    public async Task A_429_with_Retry_After_is_waited_out_and_retried()
    {
        using var harness = Harness("openai", null);
        _server.Then(new FakeSpeechReply(Status: 429, RetryAfter: "0"), new FakeSpeechReply(Status: 500));

        var transcript = await harness.Speech().SpeechToText!.TranscribeAsync(await AnswerAsync());

        transcript.Provenance.Provider.ShouldBe("openai");
        _server.Requests.Count.ShouldBe(3);
        harness.Usage.Records.ShouldHaveSingleItem().Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task A_Retry_After_longer_than_a_conversation_can_wait_falls_back_to_offline_at_once()
    {
        using var harness = Harness("openai", null);
        _server.Then(new FakeSpeechReply(Status: 429, RetryAfter: "120"));

        var transcript = await harness.Speech().SpeechToText!.TranscribeAsync(await AnswerAsync());

        transcript.Provenance.Provider.ShouldBe("pocketsphinx");
        _server.Requests.Count.ShouldBe(1);
        harness.Usage.Records.Select(r => (r.Provider, r.Succeeded, Outcome: r.Error?.Split(':')[0]))
            .ShouldBe([("openai", false, "rate_limited"), ("pocketsphinx", true, null)]);
    }

    [Theory]
    [InlineData("server_error")]
    [InlineData("garbage")]
    [InlineData("timeout")]
    public async Task A_failing_provider_falls_back_to_pocketsphinx_which_still_hears_the_answer(string failure)
    {
        using var harness = Harness("openai", null);
        var reply = failure switch
        {
            "server_error" => new FakeSpeechReply(Status: 500),
            "garbage" => new FakeSpeechReply(Garbage: true),
            _ => new FakeSpeechReply(Delay: TimeSpan.FromSeconds(10)),
        };
        _server.Then(reply, reply, reply);

        var transcript = await harness.Speech().SpeechToText!.TranscribeAsync(await AnswerAsync());

        transcript.Provenance.Provider.ShouldBe("pocketsphinx");
        SpeechSamples.WordErrorRate(SpeechSamples.Script, transcript.Text).ShouldBeLessThanOrEqualTo(0.30);
        // 5xx and timeouts are retried (1 + 2); a response that is not JSON is not.
        _server.Requests.Count.ShouldBe(failure == "garbage" ? 1 : 3);
        var rows = harness.Usage.Records;
        rows.Count.ShouldBe(2);
        rows[0].Provider.ShouldBe("openai");
        rows[0].Succeeded.ShouldBeFalse();
        rows[0].Error.ShouldStartWith(failure == "garbage" ? "invalid_response" : failure);
        rows[1].Provider.ShouldBe("pocketsphinx");
        rows[1].Succeeded.ShouldBeTrue();
        rows[1].AudioSeconds!.Value.ShouldBeInRange(3.0, 6.0);
    }

    [Fact]
    public async Task An_open_circuit_sends_nothing_to_the_provider_and_answers_offline()
    {
        using var harness = Harness("openai", null, s =>
        {
            s["Candor:Speech:SpeechToText:MaxRetries"] = "0";
            s["Candor:Speech:SpeechToText:CircuitBreaker:FailuresBeforeOpen"] = "2";
            s["Candor:Speech:SpeechToText:CircuitBreaker:OpenSeconds"] = "300";
        });
        _server.Then(new FakeSpeechReply(Status: 503), new FakeSpeechReply(Status: 503));
        var engines = harness.Speech();
        var answer = await AnswerAsync();

        await engines.SpeechToText!.TranscribeAsync(answer);
        await engines.SpeechToText!.TranscribeAsync(answer);
        var third = await engines.SpeechToText!.TranscribeAsync(answer);

        _server.Requests.Count.ShouldBe(2);
        third.Provenance.Provider.ShouldBe("pocketsphinx");
        harness.Usage.Records.Where(r => r.Provider == "openai").Select(r => r.Error!.Split(':')[0])
            .ShouldBe(["server_error", "server_error", "circuit_open"]);
    }

    [Fact]
    public async Task Audio_the_provider_refuses_ends_as_a_bad_audio_error_once_the_offline_engine_cannot_read_it_either()
    {
        using var harness = Harness("openai", null);
        _server.Then(new FakeSpeechReply(Status: 400, ErrorMessage: "Invalid file format."));

        var error = await Should.ThrowAsync<BadAudioException>(() =>
            harness.Speech().SpeechToText!.TranscribeAsync(new SpeechToTextRequest("definitely not audio"u8.ToArray(), "audio/webm")));

        error.Reason.ShouldBe(BadAudioReason.UnsupportedFormat);
        _server.Requests.Count.ShouldBe(1);
    }

    [Fact]
    public async Task The_key_an_error_body_echoes_never_reaches_usage_rows_or_logs()
    {
        using var harness = Harness("openai", null);
        _server.Then(new FakeSpeechReply(Status: 401, ErrorMessage: $"Incorrect API key provided: {ProviderHarness.ApiKey}"));

        await harness.Speech().SpeechToText!.TranscribeAsync(await AnswerAsync());

        harness.Usage.Records[0].Error.ShouldNotBeNull().ShouldStartWith("unauthorized");
        harness.Usage.Records.ShouldAllBe(r => r.Error == null || !r.Error.Contains(ProviderHarness.ApiKey));
        harness.Logs.Lines.ShouldAllBe(line => !line.Contains(ProviderHarness.ApiKey));
    }

    [Fact]
    public async Task OpenAi_speech_streams_mp3_and_asks_opus_for_ogg()
    {
        using var harness = Harness(null, "openai", s => s["Candor:Speech:TextToSpeech:Voice"] = "nova");
        var tts = harness.Speech().TextToSpeech!;

        var mp3 = await tts.SynthesizeAsync(new SpeechRequest("Tell me about a hard bug.", SpeechAudioFormat.Mp3));
        var chunks = new List<int>();
        await foreach (var chunk in mp3.Chunks)
        {
            chunks.Add(chunk.Length);
        }
        var ogg = await SpeechSamples.ReadAllAsync(await tts.SynthesizeAsync(new SpeechRequest("And then?", SpeechAudioFormat.Ogg)));

        chunks.Count.ShouldBeGreaterThan(1, "the body is passed on as it arrives, not buffered");
        chunks.Sum().ShouldBe(_server.Mp3.Length);
        mp3.Provenance.ShouldBe(new SpeechProvenance("openai", "nova"));
        ogg.ShouldBe(_server.Ogg);
        var first = _server.Requests[0];
        first.Path.ShouldBe("/v1/audio/speech");
        first.Headers["authorization"].ShouldBe("Bearer " + ProviderHarness.ApiKey);
        first.Json!["model"]!.GetValue<string>().ShouldBe("tts-1");
        first.Json["input"]!.GetValue<string>().ShouldBe("Tell me about a hard bug.");
        first.Json["voice"]!.GetValue<string>().ShouldBe("nova");
        first.Json["response_format"]!.GetValue<string>().ShouldBe("mp3");
        _server.Requests[1].Json!["response_format"]!.GetValue<string>().ShouldBe("opus");

        var rows = harness.Usage.Records;
        rows.Count.ShouldBe(2);
        rows[0].Role.ShouldBe("text_to_speech");
        rows[0].Model.ShouldBe("tts-1");
        rows[0].Voice.ShouldBe("nova");
        rows[0].CostUsd.ShouldBe(decimal.Round("Tell me about a hard bug.".Length * 15m / 1_000_000m, 6));
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("deepgram")]
    [InlineData("elevenlabs")]
    public async Task A_voice_provider_that_fails_falls_back_to_festival(string provider)
    {
        using var harness = Harness(null, provider);
        _server.Then(new FakeSpeechReply(Status: 500), new FakeSpeechReply(Status: 500), new FakeSpeechReply(Status: 500));

        var audio = await harness.Speech().TextToSpeech!.SynthesizeAsync(new SpeechRequest("Can you hear this?", SpeechAudioFormat.Mp3));
        var bytes = await SpeechSamples.ReadAllAsync(audio);

        audio.Provenance.Provider.ShouldBe("festival");
        (await new AudioTools(AudioToolsSettings.Default).ProbeAsync(bytes)).Container.ShouldBe("mp3");
        harness.Usage.Records.Select(r => (r.Provider, r.Succeeded)).ShouldBe([(provider, false), ("festival", true)]);
    }

    [Fact]
    public async Task A_stream_that_breaks_after_its_first_chunk_is_reported_not_silently_switched_to_another_voice()
    {
        using var harness = Harness(null, "openai");
        _server.Then(new FakeSpeechReply(StallMidStream: true));

        var audio = await harness.Speech().TextToSpeech!.SynthesizeAsync(new SpeechRequest("Hello.", SpeechAudioFormat.Mp3));

        // The first chunk arrived, so the candidate may already hear it: no silent switch of voice halfway.
        await Should.ThrowAsync<AiProviderException>(() => SpeechSamples.ReadAllAsync(audio));
        harness.Usage.Records.ShouldHaveSingleItem().Error.ShouldNotBeNull().ShouldStartWith("timeout");
    }

    [Fact]
    public async Task Deepgram_prerecorded_sends_the_raw_recording_with_a_token_and_reads_its_results()
    {
        using var harness = Harness("deepgram", null);
        var request = await AnswerAsync();

        var transcript = await harness.Speech().SpeechToText!.TranscribeAsync(request);

        transcript.Text.ShouldBe(FakeSpeechServer.Heard);
        transcript.Confidence.ShouldBe(0.97);
        transcript.AudioDuration.ShouldBe(TimeSpan.FromSeconds(4.21));
        transcript.Words[0].Word.ShouldBe("I");
        transcript.Words[0].Confidence.ShouldBe(0.97);
        transcript.Provenance.ShouldBe(new SpeechProvenance("deepgram", "nova-3"));
        var seen = _server.Requests.ShouldHaveSingleItem();
        seen.Method.ShouldBe("POST");
        seen.Headers["authorization"].ShouldBe("Token " + ProviderHarness.ApiKey);
        seen.Query["model"].ShouldBe("nova-3");
        seen.Query["language"].ShouldBe("en");
        seen.Query["smart_format"].ShouldBe("true");
        seen.AudioContentType.ShouldBe("audio/webm");
        seen.Audio.ShouldBe(request.Audio.ToArray());
    }

    [Fact]
    public async Task Deepgram_live_streams_the_clip_in_frames_and_keeps_only_final_results()
    {
        using var harness = Harness("deepgram", null, s => s["Candor:Speech:SpeechToText:Streaming"] = "true");
        var request = await AnswerAsync();

        var transcript = await harness.Speech().SpeechToText!.TranscribeAsync(request);

        transcript.Text.ShouldBe(FakeSpeechServer.Heard);
        transcript.Confidence.ShouldBe((0.96 + 0.92) / 2, 0.0001);
        transcript.AudioDuration.ShouldBe(TimeSpan.FromSeconds(4.21));
        transcript.Words.Count.ShouldBe(FakeSpeechServer.Heard.Split(' ').Length);
        var seen = _server.Requests.ShouldHaveSingleItem();
        seen.Method.ShouldBe("GET");
        seen.Headers["authorization"].ShouldBe("Token " + ProviderHarness.ApiKey);
        seen.Query["model"].ShouldBe("nova-3");
        seen.AudioFrames.ShouldBeGreaterThan(1);
        seen.Audio.ShouldBe(request.Audio.ToArray());
        seen.SentCloseStream.ShouldBeTrue();
        harness.Usage.Records.ShouldHaveSingleItem().Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task Deepgram_live_session_yields_interim_and_final_results_as_they_arrive()
    {
        using var harness = Harness(null, null);
        var endpoint = new SpeechEndpoint("deepgram", new Uri(_server.BaseUrl), "nova-3", null, ProviderHarness.ApiKey, true,
            new ProviderResilienceSettings(TimeSpan.FromSeconds(5), 0, TimeSpan.Zero, TimeSpan.Zero, 5, TimeSpan.FromSeconds(1)), 0m, 0m);
        using var http = new HttpClient();

        await using var session = await DeepgramLiveSession.ConnectAsync(http, endpoint, "en", TimeProvider.System, CancellationToken.None);
        await session.SendAudioAsync(await SpeechSamples.SpokenAsync("webm"));
        var results = new List<DeepgramLiveResult>();
        var reading = Task.Run(async () =>
        {
            await foreach (var result in session.ResultsAsync())
            {
                results.Add(result);
            }
        });
        var transcript = await session.FinishAsync("nova-3");
        await reading;

        results.Select(r => r.IsFinal).ShouldBe([false, true, true]);
        transcript.Text.ShouldBe(FakeSpeechServer.Heard);
    }

    [Theory]
    [InlineData(429, "rate_limited")]
    [InlineData(401, "unauthorized")]
    public async Task Deepgram_live_refusing_the_handshake_is_a_provider_failure_with_its_status(int status, string outcome)
    {
        using var harness = Harness("deepgram", null, s =>
        {
            s["Candor:Speech:SpeechToText:Streaming"] = "true";
            s["Candor:Speech:SpeechToText:MaxRetries"] = "0";
        });
        _server.Then(new FakeSpeechReply(Status: status, RetryAfter: status == 429 ? "1" : null));

        var transcript = await harness.Speech().SpeechToText!.TranscribeAsync(await AnswerAsync());

        transcript.Provenance.Provider.ShouldBe("pocketsphinx");
        harness.Usage.Records[0].Error.ShouldNotBeNull().ShouldStartWith(outcome);
    }

    [Fact]
    public async Task Deepgram_live_garbage_falls_back_offline()
    {
        using var harness = Harness("deepgram", null, s => s["Candor:Speech:SpeechToText:Streaming"] = "true");
        _server.Then(new FakeSpeechReply(Garbage: true));

        var transcript = await harness.Speech().SpeechToText!.TranscribeAsync(await AnswerAsync());

        transcript.Provenance.Provider.ShouldBe("pocketsphinx");
        harness.Usage.Records[0].Error.ShouldNotBeNull().ShouldStartWith("invalid_response");
    }

    [Fact]
    public async Task Deepgram_aura_names_the_voice_in_the_model_and_streams_the_audio()
    {
        using var harness = Harness(null, "deepgram", s => s["TTS_VOICE"] = "aura-2-luna-en");

        var mp3 = await harness.Speech().TextToSpeech!.SynthesizeAsync(new SpeechRequest("Hello there.", SpeechAudioFormat.Mp3));
        (await SpeechSamples.ReadAllAsync(mp3)).ShouldBe(_server.Mp3);
        var ogg = await harness.Speech().TextToSpeech!.SynthesizeAsync(new SpeechRequest("Hello there.", SpeechAudioFormat.Ogg));
        (await SpeechSamples.ReadAllAsync(ogg)).ShouldBe(_server.Ogg);

        var seen = _server.Requests[0];
        seen.Path.ShouldBe("/v1/speak");
        seen.Headers["authorization"].ShouldBe("Token " + ProviderHarness.ApiKey);
        seen.Query["model"].ShouldBe("aura-2-luna-en");
        seen.Query["encoding"].ShouldBe("mp3");
        seen.Json!["text"]!.GetValue<string>().ShouldBe("Hello there.");
        _server.Requests[1].Query["encoding"].ShouldBe("opus");
        _server.Requests[1].Query["container"].ShouldBe("ogg");
        mp3.Provenance.ShouldBe(new SpeechProvenance("deepgram", "aura-2-luna-en"));
    }

    [Fact]
    public async Task ElevenLabs_streams_from_the_voice_path_with_its_key_header_and_is_transcoded_for_ogg()
    {
        using var harness = Harness(null, "elevenlabs", s => s["Candor:Speech:TextToSpeech:Voice"] = "EXAVITQu4vr4xnSDxMaL");

        var mp3 = await harness.Speech().TextToSpeech!.SynthesizeAsync(new SpeechRequest("Welcome.", SpeechAudioFormat.Mp3));
        (await SpeechSamples.ReadAllAsync(mp3)).ShouldBe(_server.Mp3);
        var ogg = await SpeechSamples.ReadAllAsync(await harness.Speech().TextToSpeech!.SynthesizeAsync(new SpeechRequest("Welcome.", SpeechAudioFormat.Ogg)));

        (await new AudioTools(AudioToolsSettings.Default).ProbeAsync(ogg)).Container.ShouldBe("ogg");
        var seen = _server.Requests[0];
        seen.Path.ShouldBe("/v1/text-to-speech/EXAVITQu4vr4xnSDxMaL/stream");
        seen.Query["output_format"].ShouldBe("mp3_44100_128");
        seen.Headers["xi-api-key"].ShouldBe(ProviderHarness.ApiKey);
        seen.Headers.ContainsKey("authorization").ShouldBeFalse();
        seen.Json!["text"]!.GetValue<string>().ShouldBe("Welcome.");
        seen.Json["model_id"]!.GetValue<string>().ShouldBe("eleven_flash_v2_5");
    }
}
