using System.Net;
using Candor.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class CodeEditorAndLinkTests(BrowserSite site)
{
    [Fact]
    public async Task The_code_editor_appears_only_when_the_job_enables_it_and_its_code_is_saved_with_the_answer()
    {
        var withEditor = await site.InviteAsync(codeEditor: true);
        var page = await site.NewPageAsync();
        var network = new CandidateNetwork(page);
        await page.ConsentAndStartAsync(withEditor);
        await Expect(page.Locator("#code-panel")).ToBeVisibleAsync();
        await page.AnswerAsync("Hi, I'm Grace, a backend engineer.");

        await page.GetByRole(AriaRole.Textbox, new() { Name = "Code editor" }).ClickAsync();
        await page.Keyboard.TypeAsync("const seen = new Set();");
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.TypeAsync("items.filter(x => !seen.has(x) && seen.add(x));");
        var questionTurns = await page.InterviewerWords().CountAsync();
        await page.AnswerAsync("I keep a set of what I've seen; see the code.", withButton: true);

        var results = await withEditor.Tenant.Client.GetJson($"/api/v1/interviews/{withEditor.InterviewId}/results");
        var answered = results["transcript"]!.AsArray().Single(t => t!["sequence"]!.GetValue<int>() == questionTurns - 1)!;
        answered["answer"]!.GetValue<string>().ShouldBe("I keep a set of what I've seen; see the code.");
        answered["code"]!.GetValue<string>().ShouldBe("const seen = new Set();\nitems.filter(x => !seen.has(x) && seen.add(x));");
        await network.ShouldCarryNoAssessmentAsync();
        await page.ShouldHaveNoContentSecurityPolicyViolationsAsync("interview page with the code editor");

        // Without the tool: no panel, and the editor is never even downloaded. A voice interview opens its device check.
        var plain = await site.InviteAsync(mode: "voice");
        var plainPage = await site.NewPageAsync();
        var requested = new List<string>();
        plainPage.Request += (_, request) => requested.Add(request.Url);
        await plainPage.ConsentAndStartAsync(plain);
        await Expect(plainPage.Locator("#voice-check")).ToBeVisibleAsync();
        await Expect(plainPage.Locator("#code-panel")).ToBeHiddenAsync();
        requested.ShouldNotContain(url => url.Contains("codemirror", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unknown_expired_cancelled_and_finished_links_get_friendly_pages_with_the_right_status()
    {
        var page = await site.NewPageAsync();

        var unknown = await page.GotoAsync("/i/not-a-real-link");
        unknown!.Status.ShouldBe(404, await page.ContentAsync());
        await Expect(page.Locator("h1")).ToHaveTextAsync("We couldn't find this interview");

        var expired = await site.InviteAsync();
        await site.App.WithDbAsync(expired.Tenant.OrganizationId, db =>
            db.Interviews.Where(i => i.Id == expired.InterviewId).ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-5))));
        foreach (var path in new[] { expired.Landing, $"{expired.Landing}/interview", $"{expired.Landing}/done" })
        {
            (await page.GotoAsync(path))!.Status.ShouldBe(410, path);
            await Expect(page.Locator("h1")).ToHaveTextAsync("This interview link has expired");
            await Expect(page.Locator(".candidate-org")).ToHaveTextAsync("Northwind Logistics");
        }
        await page.ScreenshotAsync("link-expired-desktop");

        var cancelled = await site.InviteAsync();
        await page.ConsentAndStartAsync(cancelled);
        (await cancelled.Tenant.Client.PostJson($"/api/v1/interviews/{cancelled.InterviewId}/cancel")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Sending an answer now finds the link gone, and the page shows why.
        await page.Locator("#answer").FillAsync("Hello?");
        await page.Locator("#answer").PressAsync("Control+Enter");
        await Expect(page.Locator("h1")).ToHaveTextAsync("This interview was cancelled");
        (await page.GotoAsync(cancelled.Landing))!.Status.ShouldBe(410);
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("cancelled link page");

        var finished = await site.InviteAsync();
        await finished.Driver.CompleteAsync(finished.Token, _ => CandidatePage.StrongAnswer);
        (await page.GotoAsync(finished.Landing))!.Status.ShouldBe(200);
        await Expect(page.GetByText("You've already completed this interview")).ToBeVisibleAsync();
        await page.GotoAsync($"{finished.Landing}/interview");
        await page.WaitForURLAsync($"**{finished.Landing}/done");
    }
}
