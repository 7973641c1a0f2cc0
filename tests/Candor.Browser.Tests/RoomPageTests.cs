using System.Net;
using Candor.Web.Features.Accounts;
using Candor.Web.Tests.Features.Rooms;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
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
        // The candidate reads what to improve and where, never the review's scores.
        await Expect(page.Locator("#review h3")).ToHaveTextAsync("Review of your code");
        await Expect(page.Locator("#review")).Not.ToContainTextAsync("/ 100");
        await Expect(page.Locator("#review")).ToContainTextAsync("Line 2:");

        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("coding room with results, hint, review and chat");
        await page.ShouldHaveNoContentSecurityPolicyViolationsAsync("coding room");

        // A reload brings back the same conversation (greeting first) and the hints already given.
        var turnsBefore = await page.Locator("#chat-log .turn").AllTextContentsAsync();
        await page.ReloadAsync();
        await Expect(page.Locator("#hint-list li")).ToHaveTextAsync(["Hint 1 of 3: Nudge: for each number, which other number would complete the pair?"]);
        await Expect(page.Locator("#chat-log .turn")).ToHaveTextAsync([.. turnsBefore]);

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

public sealed class PeerRoomTests(RoomSite site) : IClassFixture<RoomSite>
{
    private const string Attempt = "def two_sum(nums, target):\n    for i in range(len(nums)):\n        for j in range(len(nums)):\n            if nums[i] + nums[j] == target:\n                return [i, j]\n";

    [Fact]
    public async Task In_a_peer_room_the_interviewer_sees_the_candidates_runs_and_holds_the_ai_tools()
    {
        var tenant = await site.App.CreateTenantAsync("Fabrikam");
        var interviewerEmail = await MemberAsync(tenant.OrganizationId);
        var (_, _, _, created) = await site.App.CreateRoomAsync(tenant, mode: "peer", email: "peer@example.com");

        var interviewer = await site.NewPageAsync(BrowserSite.Desktop);
        await interviewer.LogInAsync(interviewerEmail);
        await interviewer.GotoAsync(created["interviewer_url"]!.GetValue<string>());
        await Expect(interviewer.GetByRole(AriaRole.Heading, new() { Name = "Runs and submissions" })).ToBeVisibleAsync();
        await Expect(interviewer.Locator("#runs-list")).ToContainTextAsync("No runs yet.");

        var candidate = await site.NewPageAsync(BrowserSite.Desktop);
        await candidate.GotoAsync(created["candidate_url"]!.GetValue<string>());
        await Expect(candidate.GetByRole(AriaRole.Button, new() { Name = "Run examples" })).ToBeVisibleAsync();
        // Hints and reviews are the interviewer's tools in a peer room, and there is no AI conversation.
        await Expect(candidate.GetByRole(AriaRole.Button, new() { Name = "Get a hint" })).ToBeHiddenAsync();
        await Expect(candidate.GetByRole(AriaRole.Button, new() { Name = "Review my code" })).ToBeHiddenAsync();
        await Expect(candidate.Locator("#chat")).ToBeHiddenAsync();

        await candidate.GetByRole(AriaRole.Textbox, new() { Name = "Code editor" }).ClickAsync();
        await candidate.Keyboard.PressAsync("Control+A");
        await candidate.Keyboard.InsertTextAsync(Attempt);
        // The interviewer watches the code as it is typed, before any run.
        await Expect(interviewer.Locator("#live-code")).ToContainTextAsync("if nums[i] + nums[j] == target:");
        await Expect(interviewer.Locator("#live-status")).ToContainTextAsync("last changed by the candidate");
        await candidate.Keyboard.InsertTextAsync("# checked\n");
        await Expect(interviewer.Locator("#live-code")).ToContainTextAsync("# checked");
        await candidate.GetByRole(AriaRole.Button, new() { Name = "Submit" }).ClickAsync();
        await Expect(candidate.Locator("#run-result")).ToContainTextAsync("of 3 tests pass");

        await Expect(interviewer.Locator("#runs-list")).ToContainTextAsync("Submit at");
        await interviewer.GetByRole(AriaRole.Button, new() { Name = "Open in the editor" }).ClickAsync();
        await interviewer.GetByRole(AriaRole.Button, new() { Name = "Review the code" }).ClickAsync();
        await Expect(interviewer.Locator("#review")).ToContainTextAsync("Line 3:");
        await Expect(interviewer.Locator("#review h3")).ToContainTextAsync("/ 100");
        await interviewer.ShouldHaveNoSeriousAccessibilityViolationsAsync("peer room, interviewer's view");
        await candidate.ShouldHaveNoSeriousAccessibilityViolationsAsync("peer room, candidate's view");
    }

    private async Task<string> MemberAsync(Guid organizationId)
    {
        var email = $"interviewer-{Guid.NewGuid():N}@example.com";
        await using var scope = site.App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CandorUser>>();
        var created = await users.CreateAsync(new CandorUser
        {
            Id = Guid.CreateVersion7(), OrganizationId = organizationId, UserName = email, Email = email, EmailConfirmed = true,
            DisplayName = "Interviewer", Role = MemberRole.Recruiter, CreatedAt = DateTimeOffset.UtcNow,
        }, RecruiterPage.Password);
        created.Succeeded.ShouldBeTrue(string.Join(" ", created.Errors.Select(e => e.Description)));
        return email;
    }
}
