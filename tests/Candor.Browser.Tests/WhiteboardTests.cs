using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Browser.Tests;

[Collection(BrowserCollection.Name)]
public sealed class WhiteboardTests(BrowserSite site)
{
    [Fact]
    public async Task The_whiteboard_appears_only_when_enabled_and_a_drawn_stroke_reaches_the_results()
    {
        var withBoard = await site.InviteAsync(whiteboard: true);
        var page = await site.NewPageAsync();
        await page.ConsentAndStartAsync(withBoard);
        var panel = page.Locator("#whiteboard-panel");
        await Expect(panel).ToBeVisibleAsync();
        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Undo last stroke" })).ToBeDisabledAsync();
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("interview page with a whiteboard");
        await page.AnswerAsync("Hi, I'm Grace, a backend engineer.");

        var canvas = page.Locator("#whiteboard-canvas");
        await canvas.ScrollIntoViewIfNeededAsync();
        var box = (await canvas.BoundingBoxAsync())!;
        await panel.GetByRole(AriaRole.Button, new() { Name = "Blue" }).ClickAsync();
        await page.Mouse.MoveAsync(box.X + 20, box.Y + 20);
        await page.Mouse.DownAsync();
        await page.Mouse.MoveAsync(box.X + 120, box.Y + 60, new() { Steps = 8 });
        await page.Mouse.UpAsync();
        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Undo last stroke" })).ToBeEnabledAsync();
        var questionTurns = await page.InterviewerWords().CountAsync();
        await page.AnswerAsync("A load balancer in front of stateless workers; see my sketch.", withButton: true);
        await Expect(panel.GetByRole(AriaRole.Button, new() { Name = "Undo last stroke" })).ToBeDisabledAsync(); // cleared for the next turn
        await page.ShouldHaveNoContentSecurityPolicyViolationsAsync("interview page after a sketch was sent");

        var results = await withBoard.Tenant.Client.GetJson($"/api/v1/interviews/{withBoard.InterviewId}/results");
        var answered = results["transcript"]!.AsArray().Single(t => t!["sequence"]!.GetValue<int>() == questionTurns - 1)!;
        var turnId = answered["turn_id"]!.GetValue<string>();
        answered["whiteboard_url"]!.GetValue<string>().ShouldBe($"/app/interviews/{withBoard.InterviewId}/turns/{turnId}/whiteboard.png");
        var png = await site.App.WithDbAsync(withBoard.Tenant.OrganizationId, db =>
            db.InterviewTurns.Where(t => t.Id == Guid.Parse(turnId)).Select(t => t.WhiteboardPng).SingleAsync());
        png.ShouldNotBeNull();
        png.Take(4).ShouldBe(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G' });
        results["transcript"]!.AsArray().Where(t => t!["sequence"]!.GetValue<int>() < questionTurns - 1)
            .ShouldAllBe(t => t!["whiteboard_url"] == null);

        var plain = await site.InviteAsync();
        var plainPage = await site.NewPageAsync();
        await plainPage.ConsentAndStartAsync(plain);
        await Expect(plainPage.Locator("#whiteboard-panel")).ToBeHiddenAsync();
    }
}
