using Candor.Web.Features.Audio;
using Candor.Web.Tests.Infrastructure;
using Candor.Web.Tests.Providers.Speech;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.Voice;

/// <summary>A recording acknowledged by the store but never transcribed (the app stopped in between) is transcribed on resume.</summary>
public sealed class RecoveryTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_recording_stored_when_the_app_stopped_is_transcribed_when_the_candidate_comes_back(bool confirmTranscript)
    {
        var first = new VoiceApp();
        await first.InitializeAsync();
        VoiceApp second;
        Tenant tenant;
        Scheduled interview;
        string introId;
        Guid recordingId;
        try
        {
            (tenant, var speech) = await first.VoiceTenantAsync();
            (interview, var intro) = await first.StartVoiceInterviewAsync(tenant, confirmTranscript);
            introId = intro.TurnId();
            speech.HoldHearing = new TaskCompletionSource(); // Speech-to-text never finishes on this node.
            using var dropped = new CancellationTokenSource();
            var posting = first.Candidate().PostSpokenAsync(interview.Token, introId, await SpeechSamples.SpokenWavAsync(), cancellationToken: dropped.Token);
            await speech.HearingStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
            var pending = await first.WithDbAsync(tenant.OrganizationId, db => db.VoiceRecordings.AsNoTracking().SingleAsync(r => r.InterviewId == interview.InterviewId));
            pending.Status.ShouldBe(RecordingStatus.Pending);
            recordingId = pending.Id;

            await dropped.CancelAsync(); // The connection drops...
            try
            {
                using var _ = await posting; // However the client sees the drop, the answer never came back.
            }
            catch (OperationCanceledException)
            {
            }
            second = VoiceApp.RestartOf(first);
        }
        finally
        {
            await first.DisposeAsync(); // ...and the app stops.
        }

        await using (second)
        {
            await second.InitializeAsync();
            var speech = second.Speech.For(tenant.OrganizationId);
            var session = await second.Candidate().GetJson($"/api/v1/sessions/{interview.Token}");

            var recording = await second.WithDbAsync(tenant.OrganizationId, db => db.VoiceRecordings.AsNoTracking().SingleAsync(r => r.Id == recordingId));
            recording.Status.ShouldBe(RecordingStatus.Heard);
            recording.Transcript.ShouldBe(SpeechScript.DefaultHeard);
            speech.Transcribed.Single().Audio.ToArray().ShouldBe(await SpeechSamples.SpokenWavAsync());
            if (confirmTranscript)
            {
                // Held for the candidate to confirm, as the upload asked.
                session["current_turn"]!.TurnId().ShouldBe(introId);
                session["voice"]!["latest_recording"]!["heard"]!.GetValue<string>().ShouldBe(SpeechScript.DefaultHeard);
            }
            else
            {
                session["transcript"]![0]!["answer"]!.GetValue<string>().ShouldBe(SpeechScript.DefaultHeard);
                session["current_turn"]!.TurnId().ShouldNotBe(introId);
                var answered = await second.WithDbAsync(tenant.OrganizationId, db => db.InterviewTurns.AsNoTracking().SingleAsync(t => t.Id == Guid.Parse(introId)));
                answered.AnswerRecordingId.ShouldBe(recordingId);
            }
        }
    }
}
