using System.Text.Json;
using Candor.Engine.Speech;
using Candor.Web.Features.Accounts;
using Candor.Web.Providers.Speech;
using Candor.Web.Tests.Providers.Speech;
using Microsoft.Playwright;
using Xunit.Abstractions;
using static Microsoft.Playwright.Assertions;

namespace Candor.Browser.Tests;

/// <summary>
/// A whole spoken interview in a real browser with the real offline engines: Chromium's fake microphone plays a WAV
/// that festival spoke from a known script (then a few seconds of silence, so the voice detector ends each answer;
/// the file loops), pocketsphinx transcribes each recording on the server, festival speaks the interviewer.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class VoiceInterviewTests(BrowserSite site, ITestOutputHelper output) : FakeMicrophoneTests(Script)
{
    private const string Script =
        "I would add an index on the customer id column and check the query plan. Then I would cache the hot reads and measure the latency again.";

    private static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_whole_interview_is_spoken_heard_confirmed_and_replayed_by_the_recruiter()
    {
        var invitation = await site.InviteAsync(mode: "voice", questions: 2);
        var context = await Microphone.Browser.NewContextAsync(new() { BaseURL = site.BaseUrl, ViewportSize = BrowserSite.Desktop });
        var page = await context.NewPageAsync();
        var console = new List<string>();
        page.Console += (_, message) =>
        {
            console.Add($"{message.Type}: {message.Text}");
            output.WriteLine($"browser {message.Type}: {message.Text}");
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400)
            {
                output.WriteLine($"browser got {response.Status} for {response.Request.Method} {response.Url}");
            }
        };
        // Media events don't bubble, but a capturing listener on the document sees every element's.
        await page.AddInitScriptAsync("""
            window.__played = [];
            document.addEventListener('playing', e => { if (e.target.id === 'interviewer-audio') window.__played.push(e.target.currentSrc); }, true);
            """);
        await page.ConsentAndStartAsync(invitation);

        // The device check: a live microphone level, the speaker test, then start.
        var check = page.Locator("#voice-check");
        await Expect(check).ToBeVisibleAsync();
        await Expect(page.Locator("#answer-form")).ToBeVisibleAsync(); // Typing stays possible.
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("voice device check");
        // By keyboard: every control of the check is a button that Enter presses.
        await PressAsync(check.GetByRole(AriaRole.Button, new() { Name = "Turn on my microphone" }));
        await Expect(page.Locator("#mic-status")).ToContainTextAsync("Your microphone is on");
        await page.WaitForFunctionAsync("() => document.getElementById('mic-level').value > 0.05", null, new() { Timeout = 20_000 });
        await Expect(check.GetByRole(AriaRole.Button, new() { Name = "Start speaking" })).ToBeDisabledAsync();
        await PressAsync(check.GetByRole(AriaRole.Button, new() { Name = "Play the sound check" }));
        await PressAsync(check.GetByRole(AriaRole.Button, new() { Name = "Yes, I can hear it" }));
        await page.ScreenshotAsync("candidate-voice-check");
        await PressAsync(check.GetByRole(AriaRole.Button, new() { Name = "Start speaking" }));

        // The neural detector's model and WebAssembly runtime load from our own origin (a few seconds on a busy machine).
        var live = page.Locator("#voice-live");
        await Expect(live).ToBeVisibleAsync(new() { Timeout = 60_000 });
        (await page.Locator("#voice").GetAttributeAsync("data-detector")).ShouldBe("silero", string.Join("\n", console));
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("voice interview page");

        // Each turn: the candidate speaks (the fake microphone), pauses, sees what was heard and sends it.
        var heardPanel = page.Locator("#heard-panel");
        var finished = page.Locator("#finished");
        var rerecorded = false;
        var turns = 0;
        while (!await finished.IsVisibleAsync())
        {
            (++turns).ShouldBeLessThan(10, "the interview should end after two questions and their follow-ups");
            await page.WaitForFunctionAsync("() => !document.getElementById('heard-panel').hidden || !document.getElementById('finished').hidden",
                null, new() { Timeout = (float)TurnTimeout.TotalMilliseconds });
            if (await finished.IsVisibleAsync())
            {
                break;
            }
            var heard = await page.Locator("#heard-text").InputValueAsync();
            heard.ShouldNotBeNullOrWhiteSpace();
            if (!rerecorded)
            {
                // Once: record again instead of sending; the panel comes back with a new recording.
                rerecorded = true;
                await heardPanel.GetByRole(AriaRole.Button, new() { Name = "Record again" }).ClickAsync();
                await Expect(heardPanel).ToBeHiddenAsync();
                continue;
            }
            if (turns == 2)
            {
                await page.ScreenshotAsync("candidate-voice-heard");
            }
            var before = await page.InterviewerWords().CountAsync();
            // What was heard arrives with "Send this answer" focused: Enter sends it.
            await Expect(heardPanel.GetByRole(AriaRole.Button, new() { Name = "Send this answer" })).ToBeFocusedAsync();
            await page.Keyboard.PressAsync("Enter");
            await Expect(page.InterviewerWords()).ToHaveCountAsync(before + 1, new() { Timeout = (float)TurnTimeout.TotalMilliseconds });
            await Expect(page.Locator("#transcript .turn.streaming")).ToHaveCountAsync(0, new() { Timeout = (float)TurnTimeout.TotalMilliseconds });
        }

        // The interviewer spoke: its audio element played turn audio from our API.
        var played = await page.EvaluateAsync<string[]>("() => window.__played");
        played.ShouldNotBeEmpty("the interviewer's audio should have played");
        played.ShouldAllBe(url => url.Contains($"/api/v1/sessions/{invitation.Token}/turns/", StringComparison.Ordinal));
        played.Distinct().Count().ShouldBeGreaterThanOrEqualTo(2, string.Join("\n", played));

        // The stored transcript is what the candidate said, within 30% word error, with both sides' audio.
        var results = await invitation.Tenant.Client.GetJson($"/api/v1/interviews/{invitation.InterviewId}/results");
        var answered = results["transcript"]!.AsArray().Where(t => t!["answer"] is not null).ToList();
        answered.Count.ShouldBeGreaterThanOrEqualTo(3, "the introduction and two questions were answered");
        var spoken = string.Join(" ", answered.Select(t => t!["answer"]!.GetValue<string>()));
        var script = string.Join(" ", Enumerable.Repeat(Script, answered.Count));
        var wordErrorRate = SpeechSamples.WordErrorRate(script, spoken);
        output.WriteLine($"{answered.Count} spoken answers, word error rate {wordErrorRate:P0}");
        foreach (var answer in answered.Select(t => t!["answer"]!.GetValue<string>()))
        {
            output.WriteLine($"  {SpeechSamples.WordErrorRate(Script, answer),4:P0}  {answer}");
        }
        wordErrorRate.ShouldBeLessThanOrEqualTo(0.30, spoken);
        answered.ShouldAllBe(t => t!["answer_audio_url"] != null && t["prompt_audio_url"] != null);

        // The recruiter plays both sides on the results page: the players' signed links answer with audio.
        var recruiter = await site.NewPageAsync();
        await recruiter.LogInAsync(await site.App.MemberAsync(invitation.Tenant.OrganizationId, MemberRole.Recruiter));
        await recruiter.GotoAsync($"/app/interviews/{invitation.InterviewId}");
        var answerPlayers = recruiter.Locator("audio[aria-label^=\"Candidate's spoken answer\"]");
        var promptPlayers = recruiter.Locator("audio[aria-label^=\"Interviewer's words\"]");
        await Expect(answerPlayers).ToHaveCountAsync(answered.Count);
        (await promptPlayers.CountAsync()).ShouldBeGreaterThanOrEqualTo(answered.Count);
        foreach (var player in new[] { answerPlayers.First, promptPlayers.First })
        {
            var source = (await player.GetAttributeAsync("src"))!;
            var response = await recruiter.APIRequest.GetAsync(source);
            response.Status.ShouldBe(200, source);
            response.Headers["content-type"].ShouldStartWith("audio/");
            // And it really plays in the browser.
            var playing = await player.EvaluateAsync<bool>("""
                audio => new Promise(resolve => {
                  audio.addEventListener('playing', () => resolve(true), { once: true });
                  audio.addEventListener('error', () => resolve(false), { once: true });
                  audio.play().catch(() => resolve(false));
                })
                """);
            playing.ShouldBeTrue(source);
        }
    }

    [Fact]
    public async Task The_device_check_works_at_phone_width_and_typing_is_the_way_out()
    {
        var invitation = await site.InviteAsync(mode: "voice", questions: 2);
        var context = await Microphone.Browser.NewContextAsync(new() { BaseURL = site.BaseUrl, ViewportSize = BrowserSite.Phone });
        var page = await context.NewPageAsync();
        await page.ConsentAndStartAsync(invitation);
        await Expect(page.Locator("#voice-check")).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("voice device check on a phone");
        (await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth <= window.innerWidth")).ShouldBeTrue("nothing scrolls sideways");

        // The way out: typing, remembered on reload, and back again.
        await page.GetByRole(AriaRole.Button, new() { Name = "Type my answers instead" }).ClickAsync();
        await Expect(page.Locator("#voice-check")).ToBeHiddenAsync();
        await Expect(page.Locator("#answer")).ToBeFocusedAsync();
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Answer by speaking instead" })).ToBeVisibleAsync();
        await Expect(page.Locator("#voice-check")).ToBeHiddenAsync();
        // A voice interview's reply is spoken sentence by sentence before it completes: festival takes a moment.
        await page.Locator("#answer").FillAsync("Hi, I'm Grace, a backend engineer; I'd rather type today.");
        await page.Locator("#answer").PressAsync("Control+Enter");
        await Expect(page.InterviewerWords()).ToHaveCountAsync(2);
        await Expect(page.Locator("#transcript .turn.streaming")).ToHaveCountAsync(0, new() { Timeout = (float)TurnTimeout.TotalMilliseconds });
        await page.GetByRole(AriaRole.Button, new() { Name = "Answer by speaking instead" }).ClickAsync();
        await Expect(page.Locator("#voice-check")).ToBeVisibleAsync();
    }

    [Fact]
    public async Task After_a_reload_one_button_continues_and_ending_early_works_as_in_text_mode()
    {
        var invitation = await site.InviteAsync(mode: "voice", questions: 2);
        var context = await Microphone.Browser.NewContextAsync(new() { BaseURL = site.BaseUrl, ViewportSize = BrowserSite.Desktop });
        var page = await context.NewPageAsync();
        await page.ConsentAndStartAsync(invitation);
        var check = page.Locator("#voice-check");
        await check.GetByRole(AriaRole.Button, new() { Name = "Turn on my microphone" }).ClickAsync();
        await check.GetByRole(AriaRole.Button, new() { Name = "Play the sound check" }).ClickAsync();
        await check.GetByRole(AriaRole.Button, new() { Name = "Yes, I can hear it" }).ClickAsync();
        await check.GetByRole(AriaRole.Button, new() { Name = "Start speaking" }).ClickAsync();
        await Expect(page.Locator("#voice-live")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        await page.ReloadAsync();
        await Expect(page.InterviewerWords()).ToHaveCountAsync(1);
        await Expect(page.Locator("#progress")).ToHaveTextAsync("Introduction · 2 questions ahead");
        var resume = check.GetByRole(AriaRole.Button, new() { Name = "Continue the spoken interview" });
        await Expect(resume).ToBeFocusedAsync(); // One key press away.
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.Locator("#voice-live")).ToBeVisibleAsync(new() { Timeout = 60_000 });

        // One answer typed (switching to typing first, so no recording is on its way meanwhile), then the candidate ends early.
        await page.Locator("#voice-live").GetByRole(AriaRole.Button, new() { Name = "Type instead" }).ClickAsync();
        await page.Locator("#answer").FillAsync("Hi, I'm Grace, a backend engineer.");
        await page.Locator("#answer").PressAsync("Control+Enter");
        await Expect(page.InterviewerWords()).ToHaveCountAsync(2);
        await Expect(page.Locator("#transcript .turn.streaming")).ToHaveCountAsync(0, new() { Timeout = (float)TurnTimeout.TotalMilliseconds });
        await page.GetByRole(AriaRole.Button, new() { Name = "End interview" }).ClickAsync();
        await page.Locator("#end-confirm").ClickAsync();
        await page.WaitForURLAsync($"**/i/{invitation.Token}/done");
        (await site.App.Candidate().GetJson($"/api/v1/sessions/{invitation.Token}"))["status"]!.GetValue<string>().ShouldBe("completed");
    }

    private static async Task PressAsync(ILocator button)
    {
        await button.FocusAsync();
        await button.PressAsync("Enter");
    }
}
