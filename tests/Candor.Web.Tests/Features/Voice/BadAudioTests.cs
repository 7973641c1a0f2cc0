using System.Net;
using Candor.Web.Tests.Infrastructure;
using Candor.Web.Tests.Providers.Speech;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.Voice;

/// <summary>Every refused recording is a clear 4xx problem that asks the candidate to try again or type, with nothing written.</summary>
public sealed class BadAudioTests(VoiceApp app) : IClassFixture<VoiceApp>
{
    [Theory]
    [InlineData("empty", "empty")]
    [InlineData("silent", "silent")]
    [InlineData("corrupt", "corrupt")]
    [InlineData("png", "unsupported_format")]
    [InlineData("random", "unsupported_format")]
    public async Task Unusable_audio_is_refused_with_400_and_nothing_is_stored(string kind, string reason)
    {
        var (tenant, speech) = await app.VoiceTenantAsync();
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant);
        byte[] audio = kind switch
        {
            "empty" => [],
            "silent" => await SpeechSamples.SilenceAsync(),
            // The start of a real webm followed by garbage: a broken upload.
            "corrupt" => [.. (await SpeechSamples.SpokenAsync("webm"))[..100], .. Enumerable.Range(0, 5000).Select(i => (byte)(i * 37 % 251))],
            "png" => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
            _ => [.. Enumerable.Range(0, 4000).Select(i => (byte)(i * 7919 % 256 ^ 0x5A))],
        };

        var problem = await (await app.Candidate().PostSpokenAsync(interview.Token, intro.TurnId(), audio, kind == "png" ? "image/png" : "audio/webm")).Problem(HttpStatusCode.BadRequest);

        problem["code"]!.GetValue<string>().ShouldBe("bad_audio");
        problem["reason"]!.GetValue<string>().ShouldBe(reason);
        problem["detail"]!.GetValue<string>().ShouldContain("try again, or type your answer");
        speech.Transcribed.ShouldBeEmpty();
        await NothingWrittenAsync(tenant, interview, intro);
    }

    [Fact]
    public async Task A_recording_over_the_size_limit_is_413_before_anything_else()
    {
        var (tenant, speech) = await app.VoiceTenantAsync();
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant);
        var wav = await SpeechSamples.SpokenWavAsync();
        speech.MaxAudioBytes = wav.Length - 1;

        var problem = await (await app.Candidate().PostSpokenAsync(interview.Token, intro.TurnId(), wav)).Problem(HttpStatusCode.RequestEntityTooLarge);

        problem["code"]!.GetValue<string>().ShouldBe("audio_too_large");
        problem["detail"]!.GetValue<string>().ShouldContain($"the limit is {wav.Length - 1:N0}");
        await NothingWrittenAsync(tenant, interview, intro);
    }

    [Fact]
    public async Task With_speech_to_text_off_a_spoken_answer_is_400_and_the_candidate_is_told_to_type()
    {
        var (tenant, speech) = await app.VoiceTenantAsync();
        speech.SpeechToTextOff = true;
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant);

        var problem = await (await app.Candidate().PostSpokenAsync(interview.Token, intro.TurnId(), await SpeechSamples.SpokenWavAsync())).Problem(HttpStatusCode.BadRequest);

        problem["code"]!.GetValue<string>().ShouldBe("speech_to_text_off");
        problem["detail"]!.GetValue<string>().ShouldContain("type your answer");
        await NothingWrittenAsync(tenant, interview, intro);
        (await app.Candidate().GetJson($"/api/v1/sessions/{interview.Token}"))["voice"]!["speech_to_text"]!.GetValue<bool>().ShouldBeFalse();
    }

    [Fact]
    public async Task Missing_or_malformed_fields_name_the_field()
    {
        var (tenant, _) = await app.VoiceTenantAsync();
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant);
        var wav = await SpeechSamples.SpokenWavAsync();

        var noTurn = await (await app.Candidate().PostSpokenAsync(interview.Token, null, wav)).Problem(HttpStatusCode.BadRequest);
        noTurn["errors"]!["turn_id"].ShouldNotBeNull();
        var badTurn = await (await app.Candidate().PostSpokenAsync(interview.Token, "not-a-uuid", wav)).Problem(HttpStatusCode.BadRequest);
        badTurn["errors"]!["turn_id"]![0]!.GetValue<string>().ShouldContain("UUID");
        var noAudio = await (await app.Candidate().PostSpokenAsync(interview.Token, intro.TurnId(), null)).Problem(HttpStatusCode.BadRequest);
        noAudio["errors"]!["audio"]![0]!.GetValue<string>().ShouldContain("required");
        var form = new MultipartFormDataContent { { new StringContent(intro.TurnId()), "turn_id" }, { new ByteArrayContent(wav), "audio", "a.wav" }, { new StringContent("maybe"), "submit" } };
        var badSubmit = await (await app.Candidate().PostAsync($"/api/v1/sessions/{interview.Token}/answers", form)).Problem(HttpStatusCode.BadRequest);
        badSubmit["errors"]!["submit"].ShouldNotBeNull();
        // Neither JSON nor a form: the endpoint does not take it.
        (await app.Candidate().PostAsync($"/api/v1/sessions/{interview.Token}/answers", new ByteArrayContent(wav[..1000]) { Headers = { ContentType = new("audio/wav") } }))
            .StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        await NothingWrittenAsync(tenant, interview, intro);
    }

    [Fact]
    public async Task A_recording_for_an_unknown_or_stale_turn_or_a_typed_interview_is_refused_without_storing_it()
    {
        var (tenant, speech) = await app.VoiceTenantAsync();
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant);
        var wav = await SpeechSamples.SpokenWavAsync();

        (await (await app.Candidate().PostSpokenAsync(interview.Token, Guid.NewGuid().ToString(), wav)).Problem(HttpStatusCode.NotFound))["code"]!.GetValue<string>().ShouldBe("not_found");
        (await app.Candidate().PostSpokenAsync("no-such-token", intro.TurnId(), wav)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var question = await new InterviewDriver(app, tenant).AnswerAsync(interview.Token, intro, "Hello, I build APIs.");
        await new InterviewDriver(app, tenant).AnswerAsync(interview.Token, question, "I would add an index.");
        var stale = await (await app.Candidate().PostSpokenAsync(interview.Token, intro.TurnId(), wav)).Problem(HttpStatusCode.Conflict);
        stale["code"]!.GetValue<string>().ShouldBe("stale_turn");

        var (typed, typedIntro) = await app.StartVoiceInterviewAsync(tenant, mode: "text");
        var notVoice = await (await app.Candidate().PostSpokenAsync(typed.Token, typedIntro.TurnId(), wav)).Problem(HttpStatusCode.BadRequest);
        notVoice["code"]!.GetValue<string>().ShouldBe("voice_not_enabled");

        speech.Transcribed.ShouldBeEmpty();
        (await app.WithDbAsync(tenant.OrganizationId, db => db.VoiceRecordings.CountAsync())).ShouldBe(0);
        BlobFiles(tenant).ShouldBeEmpty();
    }

    [Fact]
    public async Task Typed_answers_keep_their_own_size_limit()
    {
        var (tenant, _) = await app.VoiceTenantAsync();
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant);
        var huge = new string('x', 3 * 1024 * 1024);

        var problem = await (await app.Candidate().PostRaw($"/api/v1/sessions/{interview.Token}/answers", $"{{\"turn_id\":\"{intro.TurnId()}\",\"text\":\"{huge}\"}}"))
            .Problem(HttpStatusCode.RequestEntityTooLarge);
        problem["code"]!.GetValue<string>().ShouldBe("payload_too_large");
    }

    private async Task NothingWrittenAsync(Tenant tenant, Scheduled interview, System.Text.Json.Nodes.JsonNode intro)
    {
        (await app.WithDbAsync(tenant.OrganizationId, db => db.VoiceRecordings.CountAsync(r => r.InterviewId == interview.InterviewId))).ShouldBe(0);
        BlobFiles(tenant).ShouldBeEmpty();
        var session = await app.Candidate().GetJson($"/api/v1/sessions/{interview.Token}");
        session["current_turn"]!.TurnId().ShouldBe(intro.TurnId(), "the turn stays current");
        session["transcript"]![0]!["answer"].ShouldBeNull();
    }

    private string[] BlobFiles(Tenant tenant)
    {
        var folder = Path.Combine(app.BlobFolder, tenant.OrganizationId.ToString("D"));
        return Directory.Exists(folder) ? Directory.GetFiles(folder, "*", SearchOption.AllDirectories) : [];
    }
}
