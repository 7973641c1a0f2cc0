using System.Net;
using Candor.Web.Features.Accounts;
using Candor.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Browser.Tests;

/// <summary>The job pages measured in a real browser: nothing cut off, nothing overlapping, no jump to the top on save.</summary>
[Collection(BrowserCollection.Name)]
public sealed class JobPageLayoutTests(BrowserSite site)
{
    // Room the select's own arrow takes beside its text (Chromium draws it about 20 px wide).
    private const string SelectedTextFits = """
        el => {
            const style = getComputedStyle(el);
            const context = document.createElement("canvas").getContext("2d");
            context.font = style.font;
            const text = context.measureText(el.options[el.selectedIndex].text).width;
            const room = el.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 20;
            return room - text;
        }
        """;

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(375, 812)]
    public async Task The_seniority_select_shows_its_whole_text(int width, int height)
    {
        var page = await site.NewPageAsync(new ViewportSize { Width = width, Height = height });
        var tenant = await site.App.CreateTenantAsync("Layout Co");
        await page.LogInAsync(await site.App.MemberAsync(tenant.OrganizationId, MemberRole.Recruiter));
        await page.GotoAsync("/app/jobs/new");

        var spare = await page.Locator("#seniority").EvaluateAsync<double>(SelectedTextFits);
        spare.ShouldBeGreaterThanOrEqualTo(0, $"'Detect from the description' is cut by {-spare:0} px at {width} px wide");
    }

    [Theory]
    [InlineData(1280, 900)]
    [InlineData(375, 812)]
    public async Task With_an_edit_panel_open_the_question_buttons_do_not_overlap(int width, int height)
    {
        var (page, _) = await JobPageAsync(new ViewportSize { Width = width, Height = height });
        var card = page.Locator(".question-list > *").Nth(1);
        await card.Locator("summary", new() { HasText = "Edit" }).ClickAsync();
        await Expect(card.Locator("[name='Edit.Text']")).ToBeVisibleAsync();

        var boxes = new List<(string Name, LocatorBoundingBoxResult Box)>();
        foreach (var control in await card.Locator(".question-actions button, .question-actions summary").AllAsync())
        {
            if (await control.IsVisibleAsync() && await control.BoundingBoxAsync() is { } box)
            {
                boxes.Add(((await control.TextContentAsync())!.Trim(), box));
            }
        }
        boxes.Count.ShouldBeGreaterThanOrEqualTo(4, "move up, move down, edit, remove and the save button are shown");
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                Overlap(boxes[i].Box, boxes[j].Box).ShouldBeFalse($"'{boxes[i].Name}' and '{boxes[j].Name}' overlap at {width} px wide");
            }
        }
        await page.ShouldHaveNoSeriousAccessibilityViolationsAsync("job page with an edit panel open");
    }

    [Fact]
    public async Task Saving_a_question_returns_to_that_question_and_warns_about_its_old_follow_up_guide()
    {
        var (page, jobId) = await JobPageAsync(BrowserSite.Desktop);
        var card = page.Locator(".question-list > *").Nth(5);
        var questionId = (await card.GetAttributeAsync("id"))!;
        await card.Locator("summary", new() { HasText = "Edit" }).ClickAsync();
        await Expect(card.Locator(".library-note")).ToContainTextAsync("follow-up guide below was written for the current wording");
        await card.Locator("[name='Edit.Text']").FillAsync("How would you make a payment API safe to retry after a timeout?");
        await card.GetByRole(AriaRole.Button, new() { Name = "Save question 6" }).ClickAsync();

        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Question 6 saved. Its follow-up guide was kept as it was");
        new Uri(page.Url).Fragment.ShouldBe($"#{questionId}");
        (await page.EvaluateAsync<string>("document.activeElement.id")).ShouldBe(questionId, "focus returns to the saved question");
        (await page.EvaluateAsync<double>("scrollY")).ShouldBeGreaterThan(0, "the page stays at the question rather than jumping to the top");
        var top = await page.Locator($"#{questionId}").EvaluateAsync<double>("el => el.getBoundingClientRect().top");
        top.ShouldBeInRange(-1, 900, "the saved question is in view");

        // Moving a question keeps the view on it too.
        var moving = page.Locator($"#{questionId}");
        await moving.GetByRole(AriaRole.Button, new() { Name = "Move up question 6" }).ClickAsync();
        await Expect(page.Locator(".alert-success")).ToContainTextAsync("Question moved to position 5");
        (await page.EvaluateAsync<string>("document.activeElement.id")).ShouldBe(questionId);
        await Expect(page.Locator(".question-list > *").Nth(4)).ToHaveAttributeAsync("id", questionId);
        _ = jobId;
    }

    private async Task<(IPage Page, Guid JobId)> JobPageAsync(ViewportSize viewport)
    {
        var tenant = await site.App.CreateTenantAsync("Layout Co");
        var job = await (await tenant.Client.PostJson("/api/v1/jobs", new { title = "Senior Backend Engineer", description = InterviewDriver.BackendJobDescription }))
            .Json(HttpStatusCode.Created);
        var jobId = Guid.Parse(job["id"]!.GetValue<string>());
        var page = await site.NewPageAsync(viewport);
        await page.LogInAsync(await site.App.MemberAsync(tenant.OrganizationId, MemberRole.Recruiter));
        await page.GotoAsync($"/app/jobs/{jobId}");
        return (page, jobId);
    }

    private static bool Overlap(LocatorBoundingBoxResult a, LocatorBoundingBoxResult b) =>
        a.X < b.X + b.Width - 0.5 && b.X < a.X + a.Width - 0.5 && a.Y < b.Y + b.Height - 0.5 && b.Y < a.Y + a.Height - 0.5;
}
