using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Browser.Tests;

/// <summary>What a candidate does on the pages, in the words a test reads best.</summary>
public static class CandidatePage
{
    public const string StrongAnswer =
        "I would design it with idempotency keys, retries with exponential backoff and jitter, and a unique constraint in PostgreSQL, "
        + "because duplicate requests happen in practice. For example, at my last job I led the move of our order API to this design: "
        + "duplicate orders dropped to zero and p99 latency fell from 800 ms to 120 ms once we cached hot reads in Redis with a short TTL.";

    public static ILocator InterviewerWords(this IPage page) => page.Locator("#transcript .turn.interviewer .words");

    /// <summary>Consents on the landing page and starts; waits for the interviewer's first words.</summary>
    public static Task ConsentAndStartAsync(this IPage page, Invitation invitation) => page.ConsentAndStartAsync(invitation.Token);

    /// <summary>The same, for a link a test only knows by its token (e.g. read off the recruiter's page).</summary>
    public static async Task ConsentAndStartAsync(this IPage page, string token)
    {
        await page.GotoAsync($"/i/{token}");
        await page.GetByLabel("I understand that an AI will interview me").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Start the interview" }).ClickAsync();
        await page.WaitForURLAsync($"**/i/{token}/interview");
        await Expect(page.InterviewerWords()).ToHaveCountAsync(1);
    }

    /// <summary>Types an answer, sends it with Ctrl+Enter and waits until the interviewer's reply has finished streaming.</summary>
    public static async Task<string> AnswerAsync(this IPage page, string text, bool withButton = false)
    {
        var before = await page.InterviewerWords().CountAsync();
        await page.Locator("#answer").FillAsync(text);
        if (withButton)
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Send answer" }).ClickAsync();
        }
        else
        {
            await page.Locator("#answer").PressAsync("Control+Enter");
        }
        await Expect(page.InterviewerWords()).ToHaveCountAsync(before + 1);
        await Expect(page.Locator("#transcript .turn.streaming")).ToHaveCountAsync(0);
        return (await page.InterviewerWords().Last.TextContentAsync())!;
    }

    /// <summary>Records every intermediate text of the reply being streamed into window.__partials.</summary>
    public static Task WatchStreamingAsync(this IPage page) => page.EvaluateAsync("""
        () => {
          window.__partials = [];
          new MutationObserver(() => {
            const words = document.querySelector('#transcript .turn.streaming .words');
            if (words && words.textContent) window.__partials.push(words.textContent);
          }).observe(document.getElementById('transcript'), { subtree: true, childList: true, characterData: true });
        }
        """);

    public static Task<string[]> StreamedPartialsAsync(this IPage page) => page.EvaluateAsync<string[]>("() => window.__partials");

    public static async Task<string> BodyTextAsync(this IPage page) => await page.Locator("body").InnerTextAsync();
}
