using System.Text.Json.Nodes;
using Candor.Engine.Speech;
using Candor.Web.Providers.Speech;
using Candor.Web.Tests.Providers.Speech;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;
using static System.FormattableString;

namespace Candor.Browser.Tests;

/// <summary>
/// The push-to-talk button of an AI coding room opened for a voice interview, in real Chromium with the real offline
/// engines: Chromium's fake microphone plays a WAV that festival spoke from a known script, pocketsphinx transcribes
/// the recording on the server, and festival speaks the AI's reply. The app is the rooms' own (<see cref="RoomSite"/>,
/// with its in-test problems); the browser is launched here, with the fake microphone.
/// </summary>
public sealed class VoiceRoomTests(RoomSite site, ITestOutputHelper output) : FakeMicrophoneTests(Script), IClassFixture<RoomSite>
{
    private const string Script = "I would use a hash map from each number to its index. Then for every number I look up the target minus that number.";

    /// <summary>Words of the script pocketsphinx should catch (it is imperfect: some of them are enough).</summary>
    private static readonly string[] KeyWords = ["hash", "map", "each", "number", "index", "every", "look", "target", "minus"];

    private static readonly TimeSpan ReplyTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task In_a_voice_room_the_candidate_speaks_by_push_to_talk_and_the_ai_answers_aloud()
    {
        var tenant = await site.App.CreateTenantAsync("Voice Rooms");
        var (roomId, _, candidate, created) = await VoiceRoomAsync(tenant);
        var room = await candidate.GetJson($"/api/v1/rooms/{roomId}");
        room["voice"]!.ToJsonString().ShouldBe("{\"hears\":true,\"speaks\":true}", "the room of a voice interview hears and speaks");

        var context = await Microphone.Browser.NewContextAsync(new() { BaseURL = site.BaseUrl, ViewportSize = BrowserSite.Desktop });
        await context.AddInitScriptAsync(PageChecks.RecordCspViolations);
        var page = await context.NewPageAsync();
        page.Console += (_, message) => output.WriteLine($"browser {message.Type}: {message.Text}");
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                output.WriteLine($"browser got {response.Status} for {response.Request.Method} {response.Url}");
            }
        };
        await page.GotoAsync(created["candidate_url"]!.GetValue<string>());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two Sum", Level = 1 })).ToBeVisibleAsync();

        // The button is there, named, not pressed, and the next stop after Send for the keyboard.
        var mic = page.GetByRole(AriaRole.Button, new() { Name = "Speak" });
        var status = page.Locator("#mic-status");
        var candidateTurns = page.Locator("#chat-log .turn.candidate");
        var aiTurns = page.Locator("#chat-log .turn.ai");
        await Expect(mic).ToBeVisibleAsync();
        await Expect(mic).ToHaveAttributeAsync("aria-pressed", "false");
        await Expect(candidateTurns).ToHaveCountAsync(0);
        await Expect(aiTurns).ToHaveCountAsync(1); // The greeting.
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("voice coding room on arrival");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).FocusAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#mic-button")).ToBeFocusedAsync();

        // Enter starts recording: pressed, renamed, and the status says so (or the page says why not).
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForFunctionAsync(
            "() => document.getElementById('mic-button').getAttribute('aria-pressed') === 'true' || !document.getElementById('room-notice').hidden");
        var notice = page.Locator("#room-notice");
        (await notice.IsVisibleAsync() ? await notice.TextContentAsync() : "").ShouldBeNullOrEmpty("pressing Speak should open the microphone and record");
        var stop = page.Locator("#mic-button");
        await Expect(stop).ToHaveAttributeAsync("aria-pressed", "true");
        await Expect(stop).ToHaveTextAsync("Stop and send");
        await Expect(status).ToContainTextAsync("Recording");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("voice coding room while recording");

        // The candidate speaks (the fake microphone plays the script from its start): the recorder's half-second
        // delay line, the file's leading silence, the words, and a little more.
        await page.WaitForTimeoutAsync((float)TimeSpan.FromSeconds(0.5 + Microphone.LeadingSilenceSeconds + Microphone.SpeechSeconds + 1.5).TotalMilliseconds);
        await Expect(stop).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(mic).ToHaveAttributeAsync("aria-pressed", "false");

        // What was heard is the candidate's turn, then the reply arrives.
        await Expect(candidateTurns).ToHaveCountAsync(1, new() { Timeout = (float)ReplyTimeout.TotalMilliseconds });
        await Expect(aiTurns).ToHaveCountAsync(2, new() { Timeout = (float)ReplyTimeout.TotalMilliseconds });
        await Expect(status).ToHaveTextAsync("");
        await Expect(page.Locator("#room-notice")).ToBeHiddenAsync();
        // The turn is its speaker's name, then the words.
        var heard = (await candidateTurns.EvaluateAsync<string>(
            "turn => [...turn.childNodes].filter(n => n.nodeType === Node.TEXT_NODE).map(n => n.textContent).join('')")).Trim();
        var wordErrorRate = SpeechSamples.WordErrorRate(Script, heard);
        output.WriteLine($"heard ({wordErrorRate:P0} word error): {heard}");
        heard.ShouldNotBeNullOrWhiteSpace();
        var words = heard.ToLowerInvariant().Split([' ', '.', ',', '?', '!'], StringSplitOptions.RemoveEmptyEntries);
        var caught = KeyWords.Where(k => words.Any(w => w.StartsWith(k, StringComparison.Ordinal))).ToList();
        caught.Count.ShouldBeGreaterThanOrEqualTo(3, $"pocketsphinx should catch some of {string.Join(", ", KeyWords)}; it heard: {heard}");
        wordErrorRate.ShouldBeLessThan(0.6, heard);

        // The reply's words are on screen, and it is spoken: an audio player of the fetched speech, labelled, that loads.
        var reply = aiTurns.Nth(1);
        (await reply.InnerTextAsync()).Replace("Interviewer (AI)", "").Trim().ShouldNotBeNullOrWhiteSpace();
        var player = reply.Locator("audio");
        await Expect(player).ToHaveCountAsync(1, new() { Timeout = (float)ReplyTimeout.TotalMilliseconds });
        await Expect(player).ToHaveAttributeAsync("aria-label", "The interviewer's reply, spoken");
        (await player.GetAttributeAsync("src"))!.ShouldStartWith("blob:");
        var duration = await player.EvaluateAsync<double>("""
            audio => new Promise(resolve => {
              if (audio.readyState >= 1) return resolve(audio.duration);
              audio.addEventListener('loadedmetadata', () => resolve(audio.duration), { once: true });
              audio.addEventListener('error', () => resolve(-1), { once: true });
            })
            """);
        duration.ShouldBeGreaterThan(0, "the reply's speech should decode in the browser");

        // The server kept the same conversation: the heard words as the candidate's message, then the reply.
        var messages = (await candidate.GetJson($"/api/v1/rooms/{roomId}/ai/messages"))["items"]!.AsArray();
        messages.Select(m => m!["author"]!.GetValue<string>()).ShouldBe(["candidate", "ai"]);
        messages[0]!["text"]!.GetValue<string>().ShouldBe(heard);

        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("voice coding room with a spoken reply");
    }

    [Fact]
    public async Task A_typed_room_has_no_speak_button()
    {
        var tenant = await site.App.CreateTenantAsync("Typed Rooms");
        var (_, _, _, created) = await VoiceRoomAsync(tenant, mode: "text");
        var context = await Microphone.Browser.NewContextAsync(new() { BaseURL = site.BaseUrl, ViewportSize = BrowserSite.Desktop });
        var page = await context.NewPageAsync();
        await page.GotoAsync(created["candidate_url"]!.GetValue<string>());
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Send" })).ToBeVisibleAsync();
        await Expect(page.Locator("#mic-button")).ToBeHiddenAsync();
    }

    /// <summary>An AI room opened for an interview of a technical stage whose mode is <paramref name="mode"/>.</summary>
    private async Task<(Guid RoomId, string Token, HttpClient Candidate, JsonNode Created)> VoiceRoomAsync(Tenant tenant, string mode = "voice")
    {
        var driver = new InterviewDriver(site.App, tenant);
        var job = await driver.CreateJobAsync();
        var jobId = job["id"]!.GetValue<string>();
        await (await tenant.Client.PutJson($"/api/v1/jobs/{jobId}/settings", new { stage_type = "technical", tools = new { mode } })).Json();
        var interview = await driver.ScheduleAsync(Guid.Parse(jobId));
        return await site.App.CreateRoomAsync(tenant, interviewId: interview.InterviewId);
    }
}
