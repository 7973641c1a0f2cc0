using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Browser.Tests;

/// <summary>The front door, the favicon, and the keyboard's first stop on every kind of page.</summary>
[Collection(BrowserCollection.Name)]
public sealed class FrontDoorAndKeyboardTests(BrowserSite site)
{
    [Fact]
    public async Task The_front_door_says_what_Candor_is_and_leads_to_log_in_sign_up_and_the_API()
    {
        var page = await site.NewPageAsync();
        var notFound = new List<string>();
        page.Response += (_, response) =>
        {
            if (response.Status == 404) notFound.Add(response.Url);
        };

        await page.GotoAsync("/");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Level = 1 })).ToHaveTextAsync("Candor");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Log in" })).ToHaveAttributeAsync("href", "/login");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Create a workspace" })).ToHaveAttributeAsync("href", "/signup");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "API description (OpenAPI)" })).ToBeVisibleAsync();
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("front door");
        await page.ScreenshotAsync("front-door");

        var icon = await page.APIRequest.GetAsync("/favicon.ico");
        icon.Status.ShouldBe(200);
        icon.Headers["content-type"].ShouldStartWith("image/svg+xml");
        notFound.ShouldBeEmpty();
    }

    // Pages without an autofocused field (the log-in page rightly starts in its e-mail field).
    public static TheoryData<string> Pages => new() { "/", "/signup", "/forgot-password" };

    [Theory]
    [MemberData(nameof(Pages))]
    public async Task Skip_to_content_is_the_first_tab_stop_and_lands_on_this_pages_main_content(string path)
    {
        var page = await site.NewPageAsync();
        await page.GotoAsync(path);

        await page.Keyboard.PressAsync("Tab");
        var skip = page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" });
        await Expect(skip).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        new Uri(page.Url).AbsolutePath.ShouldBe(path);
        await Expect(page.Locator("main#main")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Skip_to_content_on_the_candidate_page_stays_on_the_interview()
    {
        var invitation = await site.InviteAsync();
        var page = await site.NewPageAsync();
        await page.GotoAsync(invitation.Landing);

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        new Uri(page.Url).AbsolutePath.ShouldBe(invitation.Landing);
        await Expect(page.Locator("main#main")).ToBeFocusedAsync();
    }

    [Fact]
    public async Task Skip_to_content_in_the_workspace_stays_on_the_workspace_page()
    {
        var page = await site.NewPageAsync();
        await page.SignUpAsync("Skiplink Ltd", "Kay Board");
        await page.GotoAsync("/app/jobs");

        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Skip to content" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");

        new Uri(page.Url).AbsolutePath.ShouldBe("/app/jobs");
        await Expect(page.Locator("main#main")).ToBeFocusedAsync();
    }
}
