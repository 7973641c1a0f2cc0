using System.Text;
using System.Text.RegularExpressions;
using Candor.Web.Features.Accounts;
using Candor.Web.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Browser.Tests;

/// <summary>The recruiter's side in a real browser: sign-up to PDF, axe on every workspace page, roles and tenants.</summary>
[Collection(BrowserCollection.Name)]
public sealed partial class RecruiterJourneyTests(BrowserSite site)
{
    private const string Candidate = "Ada Lovelace";

    [Fact]
    public async Task A_recruiter_signs_up_creates_a_job_schedules_a_candidate_reviews_the_report_and_downloads_the_pdf()
    {
        var recruiter = await site.NewPageAsync();
        await recruiter.SignUpAsync("Analytical Engines Ltd", "Charles Babbage");

        // A job from a backend description: its questions are drafted before the job page shows.
        var jobId = await CreateJobAsync(recruiter);
        await Expect(recruiter.Locator("h1")).ToHaveTextAsync("Senior Backend Engineer");

        // The first question, rewritten through its edit form.
        var firstQuestion = recruiter.Locator(".question-list > *").First;
        await firstQuestion.GetByText("Edit", new() { Exact = false }).First.ClickAsync();
        const string Rewritten = "Walk me through how you would make a payment API safe to retry.";
        await firstQuestion.Locator("[name='Edit.Text']").FillAsync(Rewritten);
        await firstQuestion.GetByRole(AriaRole.Button, new() { Name = "Save question 1" }).ClickAsync();
        await Expect(recruiter.Locator(".question-list > *").First).ToContainTextAsync(Rewritten);

        // Schedule a candidate; the personal link is shown once on the success page.
        await ScheduleAsync(recruiter, jobId, Candidate, "ada@example.com");
        var link = await recruiter.Locator("#candidate-link").InputValueAsync();
        var token = CandidateLink().Match(link).Groups[1].Value;
        token.ShouldNotBeEmpty($"a candidate link, not '{link}'");
        var interviewHref = await recruiter.GetByRole(AriaRole.Link, new() { Name = "View interview" }).GetAttributeAsync("href");
        var interviewId = interviewHref!.Split('/').Last();

        // The candidate, in a browser of their own, takes the interview to its end.
        var candidate = await site.NewPageAsync();
        await candidate.ConsentAndStartAsync(token);
        for (var turn = 0; !await candidate.Locator("#finished").IsVisibleAsync(); turn++)
        {
            turn.ShouldBeLessThan(40, "the interview should close within its turn budget");
            await candidate.AnswerAsync(CandidatePage.StrongAnswer);
        }
        await candidate.Context.CloseAsync();

        // The recruiter waits for the report, then overrides one criterion: the AI's score stays beside the human one.
        await ReloadUntilReportAsync(recruiter, $"/app/interviews/{interviewId}");
        var row = recruiter.Locator(".criteria-table tbody tr").First;
        var aiScore = int.Parse((await row.Locator("td[data-label='AI score']").TextContentAsync())!.Trim(), System.Globalization.CultureInfo.InvariantCulture);
        var humanScore = aiScore == 42 ? 43 : 42;
        await row.Locator("details.override summary").ClickAsync();
        await row.GetByLabel("Human score (0–100)").FillAsync(humanScore.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await row.GetByLabel("Why (required)").FillAsync("The answer named the trade-offs the rubric missed.");
        await row.GetByRole(AriaRole.Button, new() { Name = "Save override" }).ClickAsync();
        var overridden = recruiter.Locator(".criteria-table tbody tr").First;
        await Expect(overridden.Locator(".human-score")).ToHaveTextAsync(humanScore.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(overridden.Locator("td[data-label='AI score']")).ToHaveTextAsync(aiScore.ToString(System.Globalization.CultureInfo.InvariantCulture));
        await Expect(recruiter.Locator(".review .history")).ToContainTextAsync("The answer named the trade-offs the rubric missed.");
        var overall = (await recruiter.Locator(".overall-score").First.TextContentAsync())!.Trim(); // the AI's; the adjusted one follows it

        // The PDF, downloaded through the page's link with the recruiter's session.
        var download = await recruiter.RunAndWaitForDownloadAsync(() => recruiter.GetByRole(AriaRole.Link, new() { Name = "Download PDF" }).ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await download.PathAsync())!);
        Encoding.ASCII.GetString(bytes, 0, 5).ShouldBe("%PDF-");
        var text = PdfText.All(bytes);
        text.ShouldContain(Candidate);
        text.ShouldContain($"Overall score: {overall} / 100");
        text.ShouldContain("Analytical Engines Ltd", Case.Sensitive, "the report names the organisation");
        text.ShouldContain("Page 1 of ");

        await EveryWorkspacePageIsAccessibleAsync(recruiter, jobId, interviewId);
    }

    [Fact]
    public async Task The_dashboard_updates_in_place_when_an_interview_is_scheduled_elsewhere()
    {
        var recruiter = await site.NewPageAsync();
        await recruiter.SignUpAsync("Live Updates Ltd", "Grace Hopper");
        var jobId = await CreateJobAsync(recruiter);
        await ScheduleAsync(recruiter, jobId, "First Candidate", "first@example.com");

        await recruiter.GotoAsync("/app");
        await Expect(recruiter.GetByRole(AriaRole.Link, new() { Name = "First Candidate" })).ToBeVisibleAsync();

        // A colleague (same session, another tab) schedules someone; the open dashboard picks it up by itself.
        var colleague = await recruiter.Context.NewPageAsync();
        await ScheduleAsync(colleague, jobId, "Second Candidate", "second@example.com");
        await Expect(recruiter.GetByRole(AriaRole.Link, new() { Name = "Second Candidate" })).ToBeVisibleAsync(new() { Timeout = 30_000 });
        await Expect(recruiter.GetByText("Dashboard updated.")).ToBeAttachedAsync();
    }

    /// <summary>Creates a backend job through /app/jobs/new and returns its id once its page shows.</summary>
    private static Task<string> CreateJobAsync(IPage page) => page.CreateJobAsync("Senior Backend Engineer", InterviewDriver.BackendJobDescription);

    private static async Task ScheduleAsync(IPage page, string jobId, string name, string email)
    {
        await page.GotoAsync($"/app/interviews/new?job_id={jobId}");
        await page.GetByLabel("Candidate name").FillAsync(name);
        await page.GetByLabel("Candidate e-mail").FillAsync(email);
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule and send invitation" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Interview scheduled");
    }

    [Fact]
    public async Task An_evaluator_cannot_create_jobs_and_another_organisations_interview_is_not_found()
    {
        var recruiter = await site.NewPageAsync();
        var recruiterEmail = await recruiter.SignUpAsync("Difference Engines plc", "Ada Byron");
        var evaluatorEmail = await site.App.MemberAsync(recruiterEmail, MemberRole.Evaluator);

        var evaluator = await site.NewPageAsync();
        await evaluator.LogInAsync(evaluatorEmail);
        await evaluator.GotoAsync("/app/jobs");
        await Expect(evaluator.Locator("h1")).ToHaveTextAsync("Jobs");
        await Expect(evaluator.GetByRole(AriaRole.Link, new() { Name = "New job" })).ToHaveCountAsync(0);
        await evaluator.GotoAsync("/app/jobs/new");
        await Expect(evaluator.Locator("h1")).ToHaveTextAsync("Access denied");
        await evaluator.ScreenshotAsync("recruiter-access-denied-desktop");

        var elsewhere = await site.InviteAsync(organization: "Someone Else Inc");
        await recruiter.GotoAsync($"/app/interviews/{elsewhere.InterviewId}");
        await Expect(recruiter.Locator("h1")).ToHaveTextAsync("Interview not found");
        (await recruiter.BodyTextAsync()).ShouldNotContain("Grace Hopper");
        await recruiter.ScreenshotAsync("recruiter-interview-not-found-desktop");
    }

    private async Task EveryWorkspacePageIsAccessibleAsync(IPage recruiter, string jobId, string interviewId)
    {
        var anonymous = await site.NewPageAsync();
        foreach (var (path, name) in new[] { ("/login", "login"), ("/signup", "signup") })
        {
            await anonymous.GotoAsync(path);
            await anonymous.ShouldHaveNoSeriousAccessibilityViolationsAsync($"{path} page");
            await anonymous.ScreenshotAsync($"recruiter-{name}-desktop");
        }

        (string Path, string Name)[] workspace =
        [
            ("/app", "dashboard"), ("/app/jobs", "jobs"), ($"/app/jobs/{jobId}", "job"), ($"/app/jobs/{jobId}/library", "library"),
            ($"/app/interviews/new?job_id={jobId}", "schedule"), ($"/app/interviews/{interviewId}", "interview"),
            ("/app/team", "team"), ("/app/settings", "settings"),
        ];
        foreach (var (path, name) in workspace)
        {
            var response = await recruiter.GotoAsync(path);
            response!.Status.ShouldBe(200, path);
            await recruiter.ShouldHaveNoSeriousAccessibilityViolationsAsync($"{path} page");
            await recruiter.ScreenshotAsync($"recruiter-{name}-desktop");
        }

        await recruiter.SetViewportSizeAsync(BrowserSite.Phone.Width, BrowserSite.Phone.Height);
        foreach (var (path, name) in workspace.Where(p => p.Name is "dashboard" or "interview"))
        {
            await recruiter.GotoAsync(path);
            await recruiter.ShouldHaveNoSeriousAccessibilityViolationsAsync($"{path} page at 375 px");
            await recruiter.ScreenshotAsync($"recruiter-{name}-phone");
        }
    }

    /// <summary>Scoring runs in the background: reload (bounded) until the overall score is on the page.</summary>
    private static async Task ReloadUntilReportAsync(IPage page, string path)
    {
        var deadline = DateTime.UtcNow.AddSeconds(90);
        await page.GotoAsync(path);
        while (!await page.Locator(".overall-score").First.IsVisibleAsync())
        {
            DateTime.UtcNow.ShouldBeLessThan(deadline, "the report should be ready within 90 seconds of the interview ending");
            await Task.Delay(500);
            await page.ReloadAsync();
        }
    }


    [GeneratedRegex(@"/i/([^/?#]+)")]
    private static partial Regex CandidateLink();
}
