using Candor.Web.Features.Accounts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Browser.Tests;

/// <summary>The validity card is one click from a report, accessible, and readable at phone width.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ValidityCardTests(BrowserSite site)
{
    private const string Answer = "I would reproduce the problem first, read the execution plan, and change one thing at a time. "
        + "At my last job a missing index on a 40 million row table made a query take 5 seconds; adding it brought it back to 40 ms, "
        + "and I checked the write cost and measured before and after so the fix was proven, not assumed.";

    [Fact]
    public async Task A_recruiter_reaches_the_validity_card_from_a_report_and_it_passes_axe_on_desktop_and_phone()
    {
        var invitation = await site.InviteAsync(organization: "Validity Works", questions: 2);
        await invitation.Driver.CompleteAsync(invitation.Token, _ => Answer);
        await invitation.Driver.WaitForResultsAsync(invitation.InterviewId, TimeSpan.FromSeconds(90));
        var recruiter = await site.NewPageAsync();
        await recruiter.LogInAsync(await site.App.MemberAsync(invitation.Tenant.OrganizationId, MemberRole.Recruiter));

        await recruiter.GotoAsync($"/app/interviews/{invitation.InterviewId}");
        await recruiter.GetByRole(AriaRole.Link, new() { Name = "How far these scores can be trusted" }).ClickAsync();

        await Expect(recruiter).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/app/validity$"));
        await Expect(recruiter.Locator("h1")).ToHaveTextAsync("How far the scores can be trusted");
        await Expect(recruiter.GetByRole(AriaRole.Heading, new() { Name = "What these figures do not cover" })).ToBeVisibleAsync();
        (await recruiter.Locator(".validity-limits li").CountAsync()).ShouldBeGreaterThan(3);
        await recruiter.ShouldHaveNoSeriousAccessibilityViolationsAsync("/app/validity page");
        await recruiter.ScreenshotAsync("recruiter-validity-desktop");

        await recruiter.SetViewportSizeAsync(BrowserSite.Phone.Width, BrowserSite.Phone.Height);
        await recruiter.ReloadAsync();
        await recruiter.ShouldHaveNoSeriousAccessibilityViolationsAsync("/app/validity page at 375 px");
        var overflow = await recruiter.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
        overflow.ShouldBeFalse("the card fits a phone without scrolling sideways");
        await recruiter.ScreenshotAsync("recruiter-validity-phone");
    }
}
