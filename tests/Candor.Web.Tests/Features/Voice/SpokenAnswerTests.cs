using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Audio;
using Candor.Web.Features.Interviews;
using Candor.Web.Features.Sessions;
using Candor.Web.Infrastructure;
using Candor.Web.Tests.Infrastructure;
using Candor.Web.Tests.Providers.Speech;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.Voice;

/// <summary>POST /sessions/{token}/answers as multipart: stored, then transcribed, then answered exactly like a typed answer.</summary>
public sealed class SpokenAnswerTests(VoiceApp app) : IClassFixture<VoiceApp>
{
    [Fact]
    public async Task A_recording_is_stored_and_committed_before_transcription_then_answered_like_a_typed_answer()
    {
        var (tenant, speech) = await app.VoiceTenantAsync();
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant);
        var wav = await SpeechSamples.SpokenWavAsync();
        speech.HoldHearing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var posting = app.Candidate().PostSpokenAsync(interview.Token, intro.TurnId(), wav);
        await speech.HearingStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));

        // Speech-to-text is running: the recording is already committed (read on another connection) and in the blob store.
        var pending = await app.WithDbAsync(tenant.OrganizationId, db => db.VoiceRecordings.AsNoTracking().SingleAsync(r => r.InterviewId == interview.InterviewId));
        pending.Status.ShouldBe(RecordingStatus.Pending);
        pending.TurnId.ShouldBe(Guid.Parse(intro.TurnId()));
        pending.ContentType.ShouldBe("audio/wav");
        pending.SizeBytes.ShouldBe(wav.Length);
        pending.DurationMs.ShouldBeInRange(2000, 8000);
        pending.SubmitWhenHeard.ShouldBeTrue();
        var stored = Path.Combine([app.BlobFolder, .. pending.AudioKey.Split('/')]) + ".blob";
        (await File.ReadAllBytesAsync(stored)).ShouldBe(wav);
        pending.AudioKey.ShouldStartWith($"{tenant.OrganizationId:D}/");

        speech.HoldHearing.SetResult();
        var reply = await (await posting).Json();

        reply["heard"]!.GetValue<string>().ShouldBe(SpeechScript.DefaultHeard);
        reply["outcome"]!.GetValue<string>().ShouldBe("answered");
        reply["recording_id"]!.GetValue<string>().ShouldBe(pending.Id.ToString());
        reply["confidence"]!.GetValue<double>().ShouldBe(0.92);
        reply["low_confidence"]!.GetValue<bool>().ShouldBeFalse();
        reply["message"].ShouldBeNull();
        reply.TurnId().ShouldNotBe(intro.TurnId());
        reply["kind"]!.GetValue<string>().ShouldBe("question");
        reply["text"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        reply["progress"]!["question"]!.GetValue<int>().ShouldBe(1);
        speech.Transcribed.Single().Audio.ToArray().ShouldBe(wav);

        var answered = await app.WithDbAsync(tenant.OrganizationId, db => db.InterviewTurns.AsNoTracking().SingleAsync(t => t.Id == Guid.Parse(intro.TurnId())));
        answered.Answer.ShouldBe(SpeechScript.DefaultHeard);
        answered.AnswerRecordingId.ShouldBe(pending.Id);
        answered.SpeechConfidence.ShouldBe(0.92);
        answered.VoiceLatency.ShouldNotBeNull();
        answered.VoiceLatency.SpeechToTextMs.ShouldNotBeNull();
        answered.VoiceLatency.TotalMs.ShouldBeGreaterThanOrEqualTo(answered.VoiceLatency.SpeechToTextMs!.Value + answered.VoiceLatency.InterviewerTotalMs);
        answered.VoiceLatency.OverheadMs.ShouldBe(answered.VoiceLatency.TotalMs - answered.VoiceLatency.SpeechToTextMs.Value - answered.VoiceLatency.InterviewerTotalMs);
        var recording = await app.WithDbAsync(tenant.OrganizationId, db => db.VoiceRecordings.AsNoTracking().SingleAsync(r => r.Id == pending.Id));
        recording.Status.ShouldBe(RecordingStatus.Heard);
        recording.Transcript.ShouldBe(SpeechScript.DefaultHeard);
        recording.SpeechProvider.ShouldBe("scripted");

        var session = await app.Candidate().GetJson($"/api/v1/sessions/{interview.Token}");
        session["transcript"]![0]!["answer"]!.GetValue<string>().ShouldBe(SpeechScript.DefaultHeard);
        session["current_turn"]!.TurnId().ShouldBe(reply.TurnId());
    }

    [Fact]
    public async Task A_browser_recording_in_webm_is_accepted_and_a_retried_upload_replays_without_storing_again()
    {
        var (tenant, _) = await app.VoiceTenantAsync();
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant);
        var webm = await SpeechSamples.SpokenAsync("webm");

        var first = await (await app.Candidate().PostSpokenAsync(interview.Token, intro.TurnId(), webm, "audio/webm;codecs=opus", fileName: "blob")).Json();
        var retry = await (await app.Candidate().PostSpokenAsync(interview.Token, intro.TurnId(), webm, "audio/webm;codecs=opus", fileName: "blob")).Json();

        retry.TurnId().ShouldBe(first.TurnId());
        var recordings = await app.WithDbAsync(tenant.OrganizationId, db => db.VoiceRecordings.AsNoTracking().Where(r => r.InterviewId == interview.InterviewId).ToListAsync());
        recordings.Single().ContentType.ShouldBe("audio/webm");
        (await app.WithDbAsync(tenant.OrganizationId, db => db.InterviewTurns.CountAsync(t => t.InterviewId == interview.InterviewId))).ShouldBe(2);
    }

    [Fact]
    public async Task With_confirmation_on_the_transcript_is_held_and_the_corrected_text_is_the_answer()
    {
        var (tenant, speech) = await app.VoiceTenantAsync();
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant, confirmTranscript: true);
        var wav = await SpeechSamples.SpokenWavAsync();

        var held = await (await app.Candidate().PostSpokenAsync(interview.Token, intro.TurnId(), wav)).Json();

        held["outcome"]!.GetValue<string>().ShouldBe("held");
        held["heard"]!.GetValue<string>().ShouldBe(SpeechScript.DefaultHeard);
        held.TurnId().ShouldBe(intro.TurnId(), "the turn stays open until the candidate sends the words");
        held["text"]!.GetValue<string>().ShouldBe(intro["text"]!.GetValue<string>());
        var session = await app.Candidate().GetJson($"/api/v1/sessions/{interview.Token}");
        session["current_turn"]!.TurnId().ShouldBe(intro.TurnId());
        session["tools"]!["confirm_transcript"]!.GetValue<bool>().ShouldBeTrue();
        var latest = session["voice"]!["latest_recording"]!;
        latest["status"]!.GetValue<string>().ShouldBe("heard");
        latest["heard"]!.GetValue<string>().ShouldBe(SpeechScript.DefaultHeard);
        latest["recording_id"]!.GetValue<string>().ShouldBe(held["recording_id"]!.GetValue<string>());
        (await app.WithDbAsync(tenant.OrganizationId, db => db.InterviewTurns.AsNoTracking().SingleAsync(t => t.Id == Guid.Parse(intro.TurnId())))).Answer.ShouldBeNull();

        const string corrected = "I would add a composite index on customer ID and created_at, then check the plan with EXPLAIN ANALYZE.";
        var next = await (await app.Candidate().PostJson($"/api/v1/sessions/{interview.Token}/answers", new { turn_id = intro.TurnId(), text = corrected })).Json();

        next.TurnId().ShouldNotBe(intro.TurnId());
        var answered = await app.WithDbAsync(tenant.OrganizationId, db => db.InterviewTurns.AsNoTracking().SingleAsync(t => t.Id == Guid.Parse(intro.TurnId())));
        answered.Answer.ShouldBe(corrected);
        answered.AnswerRecordingId.ShouldBe(Guid.Parse(held["recording_id"]!.GetValue<string>()), "the recording stays with the answer for the recruiter");
        answered.SpeechConfidence.ShouldBeNull("the candidate's correction is their own text, not a transcript");

        // submit=true sends the words at once whatever the setting; confirming the words unchanged keeps the recogniser's confidence.
        var direct = await (await app.Candidate().PostSpokenAsync(interview.Token, next.TurnId(), wav, submit: true)).Json();
        direct["outcome"]!.GetValue<string>().ShouldBe("answered");
        direct.TurnId().ShouldNotBe(next.TurnId());
        var again = await (await app.Candidate().PostSpokenAsync(interview.Token, direct.TurnId(), wav)).Json();
        again["outcome"]!.GetValue<string>().ShouldBe("held");
        await (await app.Candidate().PostJson($"/api/v1/sessions/{interview.Token}/answers", new { turn_id = direct.TurnId(), text = again["heard"]!.GetValue<string>() })).Json();
        (await app.WithDbAsync(tenant.OrganizationId, db => db.InterviewTurns.AsNoTracking().SingleAsync(t => t.Id == Guid.Parse(direct.TurnId())))).SpeechConfidence.ShouldBe(speech.Confidence);
    }

    [Theory]
    [InlineData("empty transcript")]
    [InlineData("provider failure")]
    public async Task When_nothing_is_heard_the_interviewer_asks_again_and_the_turn_stays_open(string failure)
    {
        var (tenant, speech) = await app.VoiceTenantAsync();
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant);
        if (failure == "empty transcript")
        {
            speech.Heard = "   ";
        }
        else
        {
            speech.HearingFails = new HttpRequestException("upstream 500");
        }

        var reply = await (await app.Candidate().PostSpokenAsync(interview.Token, intro.TurnId(), await SpeechSamples.SpokenWavAsync())).Json();

        reply["outcome"]!.GetValue<string>().ShouldBe("not_heard");
        reply["message"]!.GetValue<string>().ShouldBe("Sorry, I didn't catch that — could you repeat it or type it?");
        reply["heard"]!.GetValue<string>().ShouldBe("");
        reply.TurnId().ShouldBe(intro.TurnId());
        var turn = await app.WithDbAsync(tenant.OrganizationId, db => db.InterviewTurns.AsNoTracking().SingleAsync(t => t.Id == Guid.Parse(intro.TurnId())));
        turn.Answer.ShouldBeNull("nothing is recorded as the candidate's answer");
        var recording = await app.WithDbAsync(tenant.OrganizationId, db => db.VoiceRecordings.AsNoTracking().SingleAsync(r => r.InterviewId == interview.InterviewId));
        recording.Status.ShouldBe(RecordingStatus.NotHeard);
        var session = await app.Candidate().GetJson($"/api/v1/sessions/{interview.Token}");
        session["voice"]!["latest_recording"]!["status"]!.GetValue<string>().ShouldBe("not_heard");
        session["voice"]!["latest_recording"]!["message"]!.GetValue<string>().ShouldBe(SpokenAnswers.NotHeardMessage);

        // Typing is always possible, and a typed answer is not linked to a recording that was not heard.
        var next = await (await app.Candidate().PostJson($"/api/v1/sessions/{interview.Token}/answers", new { turn_id = intro.TurnId(), text = "I build APIs." })).Json();
        next.TurnId().ShouldNotBe(intro.TurnId());
        (await app.WithDbAsync(tenant.OrganizationId, db => db.InterviewTurns.AsNoTracking().SingleAsync(t => t.Id == Guid.Parse(intro.TurnId())))).AnswerRecordingId.ShouldBeNull();
    }

    [Fact]
    public async Task The_session_says_whether_the_interview_is_spoken_and_what_the_speech_engines_can_do()
    {
        var (tenant, speech) = await app.VoiceTenantAsync();
        speech.TextToSpeechOff = true;
        var (voice, _) = await app.StartVoiceInterviewAsync(tenant);
        var (typed, _) = await app.StartVoiceInterviewAsync(tenant, mode: "text");

        var session = await app.Candidate().GetJson($"/api/v1/sessions/{voice.Token}");
        session["tools"]!["mode"]!.GetValue<string>().ShouldBe("voice");
        session["tools"]!["confirm_transcript"]!.GetValue<bool>().ShouldBeFalse();
        session["voice"]!["speech_to_text"]!.GetValue<bool>().ShouldBeTrue();
        session["voice"]!["text_to_speech"]!.GetValue<bool>().ShouldBeFalse();
        session["voice"]!["max_audio_bytes"]!.GetValue<long>().ShouldBe(speech.MaxAudioBytes);
        session["voice"]!["audio_format"]!.GetValue<string>().ShouldBe("mp3");
        session["voice"]!["latest_recording"].ShouldBeNull();
        (await app.Candidate().GetJson($"/api/v1/sessions/{typed.Token}"))["voice"].ShouldBeNull();

        // A job saved without the switch asks for confirmation: the issue's default.
        var job = await new InterviewDriver(app, tenant).CreateJobAsync();
        var settings = await (await tenant.Client.PutJson($"/api/v1/jobs/{job["id"]}/settings", new { stage_type = "technical", tools = new { mode = "voice" } })).Json();
        settings["tools"]!["confirm_transcript"]!.GetValue<bool>().ShouldBeTrue();
        (await tenant.Client.GetJson($"/api/v1/jobs/{job["id"]}"))["tools"]!["confirm_transcript"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public void The_invitation_promises_spoken_answers_only_for_a_voice_interview()
    {
        Interview With(ConversationMode mode) => new()
        {
            CandidateName = "Ada", CandidateEmail = "ada@example.com", TokenHash = "x", ExpiresAt = DateTimeOffset.UtcNow.AddDays(7),
            Tools = InterviewTools.Default with { Mode = mode },
        };

        string Invitation(Interview interview) => CandidateMails.Invitation(interview, InterviewOutline.Of(interview, new InterviewOptions()),
            "http://candor.test/i/abc", "Engineer", "Acme", "help@acme.example", resent: false).Text;
        var typed = Invitation(With(ConversationMode.Text));
        var spoken = Invitation(With(ConversationMode.Voice));

        typed.ShouldContain("you type your answers");
        typed.ShouldNotContain("voice", Case.Insensitive);
        typed.ShouldNotContain("speak", Case.Insensitive);
        spoken.ShouldContain("answer out loud");
        spoken.ShouldContain("type instead");
    }

    [Fact]
    public async Task A_voice_interview_can_be_completed_by_voice_and_the_recruiter_sees_every_spoken_answer()
    {
        var (tenant, _) = await app.VoiceTenantAsync();
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant);
        var wav = await SpeechSamples.SpokenWavAsync();
        var turn = intro;
        var spoken = 0;
        while (!turn["done"]!.GetValue<bool>())
        {
            spoken.ShouldBeLessThan(40, "the interview should close within its turn budget");
            turn = await (await app.Candidate().PostSpokenAsync(interview.Token, turn.TurnId(), wav)).Json();
            spoken++;
        }

        var results = await new InterviewDriver(app, tenant).WaitForResultsAsync(interview.InterviewId);
        var answered = results["transcript"]!.AsArray().Where(t => t!["answer"] is not null).ToList();
        answered.Count.ShouldBe(spoken);
        answered.ShouldAllBe(t => t!["answer_audio_url"] != null && t["speech_confidence"]!.GetValue<double>() == 0.92);
        results["voice_latency"]!["turns"]!.GetValue<int>().ShouldBe(spoken);
        results["voice_latency"]!["overhead_ms"]!["median"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(0);
        // Speaking pace: the heard words over the recording's length, shown (never scored).
        var expectedPace = SpeechScript.DefaultHeard.Split(' ').Length / Candor.Web.Providers.Speech.AudioTools.WavDuration(wav)!.Value.TotalMinutes;
        answered.ShouldAllBe(t => Math.Abs(t!["speaking_pace_wpm"]!.GetValue<int>() - expectedPace) <= 2);
    }

    [Theory]
    [InlineData("one two three four five six seven eight nine ten", 4000, 150)]
    [InlineData("one two three", 900, null)]
    [InlineData("  ", 4000, null)]
    public void Speaking_pace_is_words_a_minute_over_the_recording_and_absent_when_meaningless(string answer, int recordingMs, int? expected) =>
        SpeakingPace.WordsPerMinute(answer, recordingMs).ShouldBe(expected);
}
