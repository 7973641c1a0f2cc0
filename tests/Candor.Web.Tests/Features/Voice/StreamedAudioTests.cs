using System.Diagnostics.Metrics;
using System.Net;
using System.Text.Json.Nodes;
using Candor.Engine.Speech;
using Candor.Web.Features.Audio;
using Candor.Web.Tests.Infrastructure;
using Candor.Web.Tests.Providers.Speech;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.Voice;

/// <summary>The interviewer's words as audio: per sentence while the reply streams, per turn on request; text-to-speech failing never stops the interview.</summary>
public sealed class StreamedAudioTests(VoiceApp app) : IClassFixture<VoiceApp>
{
    [Fact]
    public async Task A_streamed_spoken_answer_hears_then_speaks_each_sentence_of_the_reply_as_it_is_ready()
    {
        var (tenant, speech) = await app.VoiceTenantAsync();
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant);

        var response = await app.Candidate().PostSpokenAsync(interview.Token, intro.TurnId(), await SpeechSamples.SpokenWavAsync(), stream: true);
        var events = await response.ReadEventsAsync();

        events[0].Name.ShouldBe("heard");
        events[0].Data["text"]!.GetValue<string>().ShouldBe(SpeechScript.DefaultHeard);
        events[0].Data["recording_id"].ShouldNotBeNull();
        events[^1].Name.ShouldBe("turn");
        events.ShouldNotContain(e => e.Name == "error" || e.Name == "replace");
        var turn = events[^1].Data;
        turn["outcome"]!.GetValue<string>().ShouldBe("answered");
        turn["heard"]!.GetValue<string>().ShouldBe(SpeechScript.DefaultHeard);
        string.Concat(events.Where(e => e.Name == "delta").Select(e => e.Data["text"]!.GetValue<string>())).ShouldBe(turn["text"]!.GetValue<string>());

        var parts = events.Where(e => e.Name == "audio").Select(e => e.Data).ToList();
        parts.Select(p => p["text"]!.GetValue<string>()).ShouldBe(SentenceChunker.Split(turn["text"]!.GetValue<string>()));
        parts.Select(p => p["part"]!.GetValue<int>()).ShouldBe(Enumerable.Range(0, parts.Count));
        parts.ShouldAllBe(p => p["turn_id"]!.GetValue<string>() == turn.TurnId() && p["content_type"]!.GetValue<string>() == "audio/mpeg");
        foreach (var part in parts)
        {
            var url = part["url"]!.GetValue<string>();
            url.ShouldBe($"/api/v1/sessions/{interview.Token}/turns/{turn.TurnId()}/audio?part={part["part"]}");
            var audio = await app.Candidate().GetAsync(url);
            (await audio.BytesAsync()).ShouldBe(SpeechScript.AudioOf(part["text"]!.GetValue<string>()));
            audio.Content.Headers.ContentType!.MediaType.ShouldBe("audio/mpeg");
        }

        var latency = (await app.WithDbAsync(tenant.OrganizationId, db => db.InterviewTurns.AsNoTracking().SingleAsync(t => t.Id == Guid.Parse(intro.TurnId())))).VoiceLatency!;
        latency.FirstAudioMs.ShouldNotBeNull();
        latency.InterviewerFirstTokenMs.ShouldNotBeNull();
        latency.SpeechToTextMs.ShouldNotBeNull();
    }

    [Fact]
    public async Task Typed_answers_in_a_voice_interview_are_spoken_back_too_and_each_turn_exports_its_overhead()
    {
        var (tenant, _) = await app.VoiceTenantAsync();
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant);
        var overheads = new List<double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == VoiceMetrics.MeterName && instrument.Name == "candor.voice.overhead_ms")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, value, _, _) => { lock (overheads) { overheads.Add(value); } });
        listener.Start();

        var events = await (await app.Candidate().PostAnswerStreamingAsync(interview.Token, intro.TurnId(), "Hi, I'm Grace. I build payment APIs.")).ReadEventsAsync();

        events.ShouldNotContain(e => e.Name == "heard");
        events.ShouldContain(e => e.Name == "audio");
        events[^1].Name.ShouldBe("turn");
        events[^1].Data["outcome"].ShouldBeNull("a typed answer's turn is the plain turn");
        var latency = (await app.WithDbAsync(tenant.OrganizationId, db => db.InterviewTurns.AsNoTracking().SingleAsync(t => t.Id == Guid.Parse(intro.TurnId())))).VoiceLatency!;
        latency.SpeechToTextMs.ShouldBeNull();
        lock (overheads)
        {
            overheads.ShouldContain(latency.OverheadMs);
        }
    }

    [Fact]
    public async Task The_whole_turn_is_spoken_on_first_request_kept_and_only_for_that_interviews_token()
    {
        var (tenant, speech) = await app.VoiceTenantAsync();
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant);
        var (other, otherIntro) = await app.StartVoiceInterviewAsync(tenant);
        var url = $"/api/v1/sessions/{interview.Token}/turns/{intro.TurnId()}/audio";

        var first = await app.Candidate().GetAsync(url);
        (await first.BytesAsync()).ShouldBe(SpeechScript.AudioOf(intro["text"]!.GetValue<string>()));
        first.Content.Headers.ContentType!.MediaType.ShouldBe("audio/mpeg");
        (await (await app.Candidate().GetAsync(url)).BytesAsync()).ShouldBe(SpeechScript.AudioOf(intro["text"]!.GetValue<string>()));
        speech.Spoken.Count(t => t == intro["text"]!.GetValue<string>()).ShouldBe(1, "kept after the first request");
        (await app.WithDbAsync(tenant.OrganizationId, db => db.InterviewTurns.AsNoTracking().SingleAsync(t => t.Id == Guid.Parse(intro.TurnId())))).PromptAudioKey.ShouldNotBeNull();

        // Another interview's turn through this token, an unknown turn, a part never spoken, an unknown token.
        (await (await app.Candidate().GetAsync($"/api/v1/sessions/{interview.Token}/turns/{otherIntro.TurnId()}/audio")).Problem(HttpStatusCode.NotFound))["code"]!.GetValue<string>().ShouldBe("not_found");
        await (await app.Candidate().GetAsync($"/api/v1/sessions/{interview.Token}/turns/{Guid.NewGuid()}/audio")).Problem(HttpStatusCode.NotFound);
        (await (await app.Candidate().GetAsync($"{url}?part=0")).Problem(HttpStatusCode.NotFound))["code"]!.GetValue<string>().ShouldBe("no_audio");
        await (await app.Candidate().GetAsync($"/api/v1/sessions/no-such-token/turns/{intro.TurnId()}/audio")).Problem(HttpStatusCode.NotFound);
        other.Token.ShouldNotBe(interview.Token);
    }

    [Fact]
    public async Task When_text_to_speech_fails_the_words_are_shown_and_the_interview_goes_on()
    {
        var (tenant, speech) = await app.VoiceTenantAsync();
        speech.SpeakingFails = new HttpRequestException("TTS provider down");
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant);

        var events = await (await app.Candidate().PostSpokenAsync(interview.Token, intro.TurnId(), await SpeechSamples.SpokenWavAsync(), stream: true)).ReadEventsAsync();

        events.ShouldNotContain(e => e.Name == "audio" || e.Name == "error");
        events.ShouldContain(e => e.Name == "delta");
        var turn = events[^1].Data;
        events[^1].Name.ShouldBe("turn");
        var whole = await (await app.Candidate().GetAsync($"/api/v1/sessions/{interview.Token}/turns/{turn.TurnId()}/audio")).Problem(HttpStatusCode.ServiceUnavailable);
        whole["code"]!.GetValue<string>().ShouldBe("audio_unavailable");

        var next = await (await app.Candidate().PostSpokenAsync(interview.Token, turn.TurnId(), await SpeechSamples.SpokenWavAsync())).Json();
        next["outcome"]!.GetValue<string>().ShouldBe("answered");
        next.TurnId().ShouldNotBe(turn.TurnId());
    }

    [Fact]
    public async Task When_only_a_later_sentence_fails_the_earlier_ones_keep_their_audio_and_nothing_after_it_is_spoken()
    {
        var (tenant, speech) = await app.VoiceTenantAsync();
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant);
        speech.SpeakingFails = new TimeoutException("slow voice");
        speech.SpeakingFailsOn = "?"; // The question sentence, after the acknowledgement.

        var events = await (await app.Candidate().PostAnswerStreamingAsync(interview.Token, intro.TurnId(), "Hello, I build payment APIs in C#.")).ReadEventsAsync();

        var sentences = SentenceChunker.Split(events[^1].Data["text"]!.GetValue<string>());
        var firstFailing = sentences.ToList().FindIndex(s => s.Contains('?'));
        firstFailing.ShouldBeGreaterThan(0, $"the reply should acknowledge before it asks: {string.Join(" | ", sentences)}");
        events.Where(e => e.Name == "audio").Select(e => e.Data["text"]!.GetValue<string>()).ShouldBe(sentences.Take(firstFailing));
        events[^1].Name.ShouldBe("turn");
    }

    [Fact]
    public async Task With_text_to_speech_off_there_is_no_audio_and_asking_for_it_is_a_clear_404()
    {
        var (tenant, speech) = await app.VoiceTenantAsync();
        speech.TextToSpeechOff = true;
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant);

        var events = await (await app.Candidate().PostSpokenAsync(interview.Token, intro.TurnId(), await SpeechSamples.SpokenWavAsync(), stream: true)).ReadEventsAsync();

        events.ShouldNotContain(e => e.Name == "audio");
        events[^1].Name.ShouldBe("turn");
        var problem = await (await app.Candidate().GetAsync($"/api/v1/sessions/{interview.Token}/turns/{intro.TurnId()}/audio")).Problem(HttpStatusCode.NotFound);
        problem["code"]!.GetValue<string>().ShouldBe("no_audio");
        problem["detail"]!.GetValue<string>().ShouldContain("read the interviewer's words");
    }

    [Fact]
    public async Task A_held_transcript_streams_what_was_heard_and_the_same_turn()
    {
        var (tenant, _) = await app.VoiceTenantAsync();
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant, confirmTranscript: true);

        var events = await (await app.Candidate().PostSpokenAsync(interview.Token, intro.TurnId(), await SpeechSamples.SpokenWavAsync(), stream: true)).ReadEventsAsync();

        events.Select(e => e.Name).ShouldBe(["heard", "turn"]);
        events[1].Data["outcome"]!.GetValue<string>().ShouldBe("held");
        events[1].Data.TurnId().ShouldBe(intro.TurnId());
    }
}
