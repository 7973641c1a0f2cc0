using Candor.Web.Providers.Speech;
using Candor.Web.Tests.Infrastructure;
using Candor.Web.Tests.Providers.Speech;

namespace Candor.Web.Tests.Features.Voice;

/// <summary>A voice turn with the real offline engines the app ships with: festival speaks, pocketsphinx hears, festival answers.</summary>
public sealed class OfflineVoiceTurnTests(VoiceApp app) : IClassFixture<VoiceApp>
{
    [Fact]
    public async Task A_spoken_browser_recording_is_heard_close_to_the_script_and_the_reply_is_spoken_as_real_audio()
    {
        var tenant = await app.CreateTenantAsync("Offline Voice Org"); // No script: the configured (offline) engines.
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant);
        var tools = new AudioTools(AudioToolsSettings.Default);

        var events = await (await app.Candidate().PostSpokenAsync(interview.Token, intro.TurnId(), await SpeechSamples.SpokenAsync("webm"),
            "audio/webm;codecs=opus", stream: true, fileName: "blob")).ReadEventsAsync();

        var heard = events.First(e => e.Name == "heard").Data["text"]!.GetValue<string>();
        SpeechSamples.WordErrorRate(SpeechSamples.Script, heard).ShouldBeLessThanOrEqualTo(0.30, heard);
        var turn = events[^1].Data;
        turn["outcome"]!.GetValue<string>().ShouldBe("answered");
        var first = events.First(e => e.Name == "audio").Data;
        var part = await (await app.Candidate().GetAsync(first["url"]!.GetValue<string>())).BytesAsync();
        (await tools.ProbeAsync(part)).Container.ShouldBe("mp3");
        var whole = await (await app.Candidate().GetAsync($"/api/v1/sessions/{interview.Token}/turns/{turn.TurnId()}/audio")).BytesAsync();
        (await tools.ProbeAsync(whole)).Duration.ShouldBeGreaterThan((await tools.ProbeAsync(part)).Duration);

        var session = await app.Candidate().GetJson($"/api/v1/sessions/{interview.Token}");
        session["transcript"]![0]!["answer"]!.GetValue<string>().ShouldBe(heard);
    }
}
