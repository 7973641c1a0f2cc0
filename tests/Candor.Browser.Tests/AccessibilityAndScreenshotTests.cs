using Candor.Web.Features.Accounts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Browser.Tests;

/// <summary>axe-core on each candidate page (and the recruiter's coding problem pages), and screenshots of each at desktop and phone widths (TestResults/screenshots).</summary>
[Collection(BrowserCollection.Name)]
public sealed class AccessibilityAndScreenshotTests(BrowserSite site)
{
    public static TheoryData<string> Widths => new() { "desktop", "phone" };

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Landing_interview_and_done_pages_have_no_serious_accessibility_problems(string width)
    {
        var invitation = await site.InviteAsync(codeEditor: true);
        var page = await site.NewPageAsync(width == "phone" ? BrowserSite.Phone : BrowserSite.Desktop);

        await page.GotoAsync(invitation.Landing);
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("landing page");
        await page.ScreenshotAsync($"landing-{width}");

        await page.ConsentAndStartAsync(invitation);
        await page.AnswerAsync("Hello, I'm Grace. I build APIs in C# and PostgreSQL.");
        await page.Locator("#answer").FillAsync("A first draft of my answer…");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("interview page");
        await page.ScreenshotAsync($"interview-{width}");

        await page.Locator("#end-button").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Dialog)).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("end-interview dialog");
        await page.ScreenshotAsync($"interview-end-dialog-{width}");
        await page.Locator("#end-confirm").ClickAsync();
        await page.WaitForURLAsync($"**{invitation.Landing}/done");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("done page");
        await page.ScreenshotAsync($"done-{width}");

        var gone = await page.GotoAsync("/i/no-such-interview");
        gone!.Status.ShouldBe(404);
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("unknown link page");
        await page.ScreenshotAsync($"link-unknown-{width}");
    }

    [Theory]
    [MemberData(nameof(Widths))]
    public async Task Coding_problem_pages_have_no_serious_accessibility_problems(string width)
    {
        var page = await site.NewPageAsync(width == "phone" ? BrowserSite.Phone : BrowserSite.Desktop);
        var tenant = await site.App.CreateTenantAsync("Problems Co");
        await page.LogInAsync(await site.App.MemberAsync(tenant.OrganizationId, MemberRole.Recruiter));

        foreach (var (path, name) in new[] { ("/app/problems", "problems"), ("/app/problems/two-sum", "problem"), ("/app/problems/new", "new-problem") })
        {
            var response = await page.GotoAsync(path);
            response!.Status.ShouldBe(200, path);
            await page.ShouldHaveNoSeriousAccessibilityViolationsAsync($"{path} page");
            await page.ScreenshotAsync($"{name}-{width}");
        }

        // The form with its error summary and messages beside the fields.
        await page.GetByRole(AriaRole.Button, new() { Name = "Add problem" }).ClickAsync();
        await Expect(page.Locator("#form-errors")).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("add-a-problem page with errors");
        await page.ScreenshotAsync($"new-problem-errors-{width}");
    }
}
