using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class CandidateJourneyTests(BrowserSite site)
{
    [Fact]
    public async Task A_candidate_consents_answers_while_the_words_stream_resumes_after_a_reload_and_ends_with_their_transcript()
    {
        var invitation = await site.InviteAsync();
        var page = await site.NewPageAsync();
        var network = new CandidateNetwork(page);

        var landing = await page.GotoAsync(invitation.Landing);
        landing!.Status.ShouldBe(200);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Senior Backend Engineer");
        await Expect(page.Locator(".candidate-org")).ToHaveTextAsync("Northwind Logistics");
        var intro = await page.BodyTextAsync();
        intro.ShouldContain("You'll be interviewed by an AI interviewer; a person at Northwind Logistics reviews the results.");
        intro.ShouldContain("About 8 questions");
        intro.ShouldContain("About 24–32 minutes");

        // No start without consent: the button is disabled, and the server refuses a start that skips the box.
        var start = page.GetByRole(AriaRole.Button, new() { Name = "Start the interview" });
        await Expect(start).ToBeDisabledAsync();
        await page.EvaluateAsync("() => { document.getElementById('start').disabled = false; document.getElementById('consent').required = false; }");
        var refused = await page.RunAndWaitForResponseAsync(() => start.ClickAsync(), r => r.Request.Method == "POST" && r.Url.EndsWith(invitation.Landing, StringComparison.Ordinal));
        refused!.Status.ShouldBe(400);
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("tick the box");
        var session = await site.App.Candidate().GetJson($"/api/v1/sessions/{invitation.Token}");
        session["status"]!.GetValue<string>().ShouldBe("scheduled");

        await page.GetByLabel("I understand that an AI will interview me").CheckAsync();
        await Expect(start).ToBeEnabledAsync();
        await start.ClickAsync();
        await page.WaitForURLAsync($"**/i/{invitation.Token}/interview");
        await Expect(page.InterviewerWords()).ToHaveCountAsync(1);
        (await site.App.Candidate().GetJson($"/api/v1/sessions/{invitation.Token}"))["consented_at"].ShouldNotBeNull();
        await Expect(page.Locator("#code-panel")).ToBeHiddenAsync();

        // The first answer, sent with Ctrl+Enter: the reply is shown piece by piece as it streams.
        await page.WatchStreamingAsync();
        var reply = await page.AnswerAsync("Hello! I'm Grace, a backend engineer with eight years of C# and PostgreSQL.");
        var partials = await page.StreamedPartialsAsync();
        partials.ShouldContain(p => p.Length < reply.Length && reply.StartsWith(p, StringComparison.Ordinal),
            $"the reply should have appeared in parts before it was complete; saw: {string.Join(" | ", partials)}");
        await Expect(page.Locator("#progress")).ToHaveTextAsync("Question 1 of 8");

        // A reload mid-interview rebuilds the same conversation from the server, at the same turn.
        await page.AnswerAsync(CandidatePage.StrongAnswer);
        var turnsBefore = await page.InterviewerWords().AllTextContentsAsync();
        var progressBefore = await page.Locator("#progress").TextContentAsync();
        await page.Locator("#answer").FillAsync("A draft I had not sent yet");
        await page.ReloadAsync();
        await Expect(page.InterviewerWords()).ToHaveCountAsync(turnsBefore.Count);
        (await page.InterviewerWords().AllTextContentsAsync()).ShouldBe(turnsBefore);
        await Expect(page.Locator("#progress")).ToHaveTextAsync(progressBefore!);
        await Expect(page.Locator("#answer")).ToHaveValueAsync("A draft I had not sent yet");

        // Answer until the interviewer closes; the Send button works as well as Ctrl+Enter.
        for (var turn = 0; !await page.Locator("#finished").IsVisibleAsync(); turn++)
        {
            turn.ShouldBeLessThan(40, "the interview should close within its turn budget");
            await page.AnswerAsync(CandidatePage.StrongAnswer, withButton: turn % 2 == 0);
        }
        await Expect(page.Locator("#progress")).ToHaveTextAsync("Interview complete");
        await page.GetByRole(AriaRole.Link, new() { Name = "See your transcript" }).ClickAsync();
        await page.WaitForURLAsync($"**/i/{invitation.Token}/done");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Thank you, Grace");
        var done = await page.BodyTextAsync();
        done.ShouldContain("Your transcript");
        done.ShouldContain("Hello! I'm Grace, a backend engineer");
        done.ShouldContain("duplicate orders dropped to zero");

        foreach (var word in CandidateNetwork.ForbiddenWords)
        {
            done.ShouldNotContain(word, Case.Insensitive);
        }
        await network.ShouldCarryNoAssessmentAsync();
        network.Count.ShouldBeGreaterThan(20);
    }

    [Fact]
    public async Task Ending_early_asks_for_confirmation_with_the_keyboard_alone()
    {
        var invitation = await site.InviteAsync();
        var page = await site.NewPageAsync(BrowserSite.Phone);
        var network = new CandidateNetwork(page);
        await page.ConsentAndStartAsync(invitation);
        await page.AnswerAsync("Hi, I'm Grace.");

        await page.Locator("#end-button").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "End the interview now?" });
        await Expect(dialog).ToBeVisibleAsync();
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog).ToBeHiddenAsync();
        page.Url.ShouldEndWith("/interview");

        await page.Locator("#end-button").FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Keep going" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.Locator("#end-confirm")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync($"**/i/{invitation.Token}/done");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Thank you, Grace");
        (await site.App.Candidate().GetJson($"/api/v1/sessions/{invitation.Token}"))["status"]!.GetValue<string>().ShouldBe("completed");
        await network.ShouldCarryNoAssessmentAsync();
    }
}
