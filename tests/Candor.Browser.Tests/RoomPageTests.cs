using System.Net;
using Candor.Web.Tests.Features.Rooms;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Browser.Tests;

/// <summary>
/// Its own app (with an in-test problem catalogue and scripted runner in place of the sandbox) and Chromium, so
/// the shared browser site keeps the product's real services.
/// </summary>
public sealed class RoomSite : IAsyncLifetime
{
    private IPlaywright? _playwright;

    public RoomsApp App { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        BaseUrl = $"http://127.0.0.1:{port}";
        App.With("Candor:PublicBaseUrl", BaseUrl).UseKestrel(port);
        await App.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserSite.ChromiumPath, Headless = true,
            Args = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        await App.DisposeAsync();
    }

    public async Task<IPage> NewPageAsync(ViewportSize viewport)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl, ViewportSize = viewport });
        await context.AddInitScriptAsync(PageChecks.RecordCspViolations);
        return await context.NewPageAsync();
    }
}

public sealed class RoomPageTests(RoomSite site) : IClassFixture<RoomSite>
{
    private const string Solution = "def two_sum(nums, target):\n    if not nums:\n        return []\n    seen = {}\n    for index, value in enumerate(nums):\n        if target - value in seen:\n            return [seen[target - value], index]\n        seen[value] = index\n    return []\n";

    [Fact]
    public async Task A_whole_ai_room_runs_code_gets_a_hint_and_a_review_and_the_difficulty_moves()
    {
        var tenant = await site.App.CreateTenantAsync("Contoso Labs");
        var (roomId, _, _, created) = await site.App.CreateRoomAsync(tenant);
        var page = await site.NewPageAsync(BrowserSite.Desktop);
        await page.GotoAsync(created["candidate_url"]!.GetValue<string>());

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Two Sum", Level = 1 })).ToBeVisibleAsync();
        page.Url.ShouldNotContain("token", Case.Insensitive, "the token leaves the address bar once read");
        await Expect(page.Locator("#difficulty-label")).ToHaveTextAsync("Medium");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("coding room on arrival");

        var editor = page.GetByRole(AriaRole.Textbox, new() { Name = "Code editor" });
        await editor.ClickAsync();
        await page.Keyboard.PressAsync("Control+A");
        await page.Keyboard.InsertTextAsync(Solution);

        await page.GetByRole(AriaRole.Button, new() { Name = "Run examples" }).ClickAsync();
        await Expect(page.Locator("#run-result")).ToContainTextAsync("2 of 2 examples pass");
        await Expect(page.Locator("#run-result")).ToContainTextAsync("Expected");
        await page.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Expect(page.Locator("#run-result")).ToContainTextAsync("3 of 3 tests pass");

        await page.GetByLabel("Message to the interviewer").FillAsync("Done: one pass with a hash map from value to index.");
        await page.GetByRole(AriaRole.Button, new() { Name = "Send" }).ClickAsync();
        await Expect(page.Locator("#chat-log .turn.ai")).ToHaveCountAsync(2);
        await Expect(page.Locator("#difficulty-label")).ToHaveTextAsync("Hard");

        await page.GetByRole(AriaRole.Button, new() { Name = "Get a hint" }).ClickAsync();
        await Expect(page.Locator("#hint-list li")).ToHaveTextAsync(["Hint 1 of 3: Nudge: for each number, which other number would complete the pair?"]);

        await page.GetByRole(AriaRole.Button, new() { Name = "Review my code" }).ClickAsync();
        await Expect(page.Locator("#review h3")).ToContainTextAsync("/ 100");
        await Expect(page.Locator("#review")).ToContainTextAsync("Line 2:");

        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("coding room with results, hint, review and chat");
        await page.ShouldHaveNoContentSecurityPolicyViolationsAsync("coding room");

        var runs = await tenant.Client.GetJson($"/api/v1/rooms/{roomId}/runs");
        runs.AsArray().Select(r => r!["code"]!.GetValue<string>()).ShouldAllBe(code => code == Solution);
    }

    [Fact]
    public async Task The_room_fits_a_phone_and_a_bad_link_says_so_in_words()
    {
        var tenant = await site.App.CreateTenantAsync("Contoso Labs");
        var (roomId, _, _, created) = await site.App.CreateRoomAsync(tenant, email: "phone@example.com");
        var page = await site.NewPageAsync(BrowserSite.Phone);
        await page.GotoAsync(created["candidate_url"]!.GetValue<string>());
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Run examples" })).ToBeVisibleAsync();
        var overflow = await page.EvaluateAsync<bool>("document.documentElement.scrollWidth > window.innerWidth + 1");
        overflow.ShouldBeFalse("no sideways scrolling at phone width");
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("coding room at phone width");

        var stranger = await site.NewPageAsync(BrowserSite.Desktop);
        await stranger.GotoAsync($"/rooms/{roomId}#token=crt_not-a-real-token");
        await Expect(stranger.Locator("#room-status")).ToHaveTextAsync("The room link's token is not valid.");
        await stranger.ShouldHaveNoSeriousAccessibilityViolationsAsync("coding room with a bad link");
    }
}
