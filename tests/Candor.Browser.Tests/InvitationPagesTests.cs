using Candor.Web.Data;
using Candor.Web.Features.Interviews;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Browser.Tests;

/// <summary>What a candidate sees before starting: the landing page as configured, a superseded link, the SQL editor.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InvitationPagesTests(BrowserSite site)
{
    private const string EditorSentence = "A code editor (Python, JavaScript, TypeScript and SQL) is on screen throughout the interview";
    private const string WhiteboardSentence = "A whiteboard is there too, to sketch a design if it helps";

    [Fact]
    public async Task The_landing_page_describes_the_tools_and_a_duration_within_the_time_budget()
    {
        var withTools = await site.InviteAsync(codeEditor: true, whiteboard: true);
        var page = await site.NewPageAsync(BrowserSite.Phone);
        (await page.GotoAsync(withTools.Landing))!.Status.ShouldBe(200);
        var facts = page.Locator("#expect-title + ul.facts");
        await Expect(facts).ToContainTextAsync(EditorSentence);
        await Expect(facts).ToContainTextAsync(WhiteboardSentence);
        await Expect(facts).ToContainTextAsync("you type your answers.");
        // 8 questions at 3–4 minutes each fit the 45-minute budget: the estimate is the plain one, and never beyond the budget.
        await Expect(page.Locator("[data-fact=length]")).ToContainTextAsync("About 8 questions, sometimes with a follow-up: about 24–32 minutes in all.");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("landing page with the editor and whiteboard");
        await page.ScreenshotAsync("landing-tools-phone");

        var plain = await site.InviteAsync();
        await page.GotoAsync(plain.Landing);
        await Expect(page.Locator("[data-fact=length]")).ToBeVisibleAsync();
        await Expect(page.Locator("[data-fact=tool]")).ToHaveCountAsync(0);
        (await page.ContentAsync()).ShouldNotContain("code editor", Case.Insensitive);
    }

    [Fact]
    public async Task A_link_replaced_by_a_resend_says_a_newer_link_was_sent()
    {
        var invitation = await site.InviteAsync();
        await using (var scope = site.App.Services.CreateAsyncScope())
        {
            scope.ServiceProvider.GetRequiredService<TenantContext>().Set(invitation.Tenant.OrganizationId);
            await scope.ServiceProvider.GetRequiredService<InterviewInvitations>().ResendAsync(invitation.InterviewId);
        }

        var page = await site.NewPageAsync();
        foreach (var path in new[] { invitation.Landing, $"{invitation.Landing}/interview" })
        {
            (await page.GotoAsync(path))!.Status.ShouldBe(410, path);
            await Expect(page.Locator("h1")).ToHaveTextAsync("A newer link was sent to you");
            await Expect(page.Locator(".candidate-org")).ToHaveTextAsync("Northwind Logistics");
        }
        await Expect(page.GetByText("Please open the link in the most recent invitation")).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("superseded link page");
        await page.ScreenshotAsync("link-superseded-desktop");
    }

    [Fact]
    public async Task The_code_editor_highlights_SQL()
    {
        var invitation = await site.InviteAsync(codeEditor: true);
        var page = await site.NewPageAsync();
        await page.ConsentAndStartAsync(invitation);
        await Expect(page.Locator("#code-panel")).ToBeVisibleAsync();
        await page.Locator("#code-language").SelectOptionAsync("sql");

        await page.GetByRole(AriaRole.Textbox, new() { Name = "Code editor" }).ClickAsync();
        await page.Keyboard.TypeAsync("SELECT name FROM users WHERE id = 1;");
        // Highlighted tokens are wrapped in styled spans; plain text would be a bare text node.
        var content = page.Locator(".cm-content");
        await Expect(content.Locator("span", new() { HasTextString = "SELECT" })).ToHaveCountAsync(1);
        await Expect(content.Locator("span", new() { HasTextString = "WHERE" })).ToHaveCountAsync(1);
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("interview page with the SQL editor");
    }
}
