using System.Text.Json;
using System.Text.RegularExpressions;
using Candor.Web.Features.Accounts;
using Candor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Browser.Tests;

/// <summary>
/// A recruiter who has never seen Candor walks the product in Chromium: a voice job for customer success, a technical job
/// for a backend engineer, the coding problems, the dashboard and a finished report, and the settings. The steps the
/// journey needs are asserted at once; everything a person would trip over (axe, console errors, sideways scroll at 390 px,
/// raw codes on the page, wording that does not match what happens) is collected and listed together at the end.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class RecruiterNewcomerTests(BrowserSite site)
{
    private static readonly ViewportSize Phone390 = new() { Width = 390, Height = 844 };

    private const string CustomerSuccessDescription = """
        We are hiring a Customer Success Manager to look after a portfolio of mid-market customers of our logistics software.
        You will run onboarding calls, quarterly business reviews and renewal conversations, spot churn risk early,
        handle escalations with empathy, and work with support and product to get customers what they need.
        3+ years in customer success or account management; experience with SaaS renewals and upsell is a plus.
        """;

    // ---------------------------------------------------------------- 1. the voice job, its questions and the invitation

    [Fact]
    public async Task A_new_recruiter_sets_up_a_voice_interview_for_customer_success_and_invites_a_candidate()
    {
        var findings = new List<string>();
        var page = await NewWatchedPageAsync(findings);
        await page.SignUpAsync("Harbour Freight Co", "Nina Newcomer");
        await SurveyAsync(page, findings, "dashboard of a brand-new workspace");
        (await page.BodyTextAsync()).ShouldNotBeNullOrWhiteSpace();

        await page.GotoAsync("/app/jobs");
        await SurveyAsync(page, findings, "jobs list with no jobs");

        await page.GotoAsync("/app/jobs/new");
        await SurveyAsync(page, findings, "new job form");
        var jobId = await page.SubmitNewJobAsync("Customer Success Manager", CustomerSuccessDescription);
        await Expect(page.Locator("h1")).ToHaveTextAsync("Customer Success Manager");
        await SurveyAsync(page, findings, "customer success job page as created");

        // The job's settings: voice answers, by keyboard only. Once the page has settled (under load its scripts can
        // still be starting, and a choice made before then was seen lost once in a full run).
        await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
        var stage = page.Locator("#settings-stage");
        var stageBefore = await stage.Locator("option:checked").InnerTextAsync();
        var voice = page.Locator("input[name='Settings.Mode'][value='voice']");
        await stage.FocusAsync();
        await page.Keyboard.PressAsync("Tab"); // into the radio group, on the checked "Text"
        await page.Keyboard.PressAsync("ArrowDown");
        await Expect(voice).ToBeCheckedAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByText("Interview settings saved", new() { Exact = false })).ToBeVisibleAsync();
        await Expect(page.Locator("input[name='Settings.Mode'][value='voice']")).ToBeCheckedAsync();
        var stageAfter = await page.Locator("#settings-stage option:checked").InnerTextAsync();
        var settingsText = await page.Locator("section[aria-labelledby='settings-heading']").InnerTextAsync();
        Check(findings, Regex.IsMatch(settingsText, @"\b(minutes?|min)\b", RegexOptions.IgnoreCase),
            $"the job's interview settings never say how long the interview will take (stage '{stageAfter}', voice); a recruiter cannot tell the duration before inviting anyone. Settings section reads: {Squash(settingsText)}");
        // A voice job whose stage still reads "Behavioural" while another option says "(a spoken interview)": what does the page claim?
        var stageOptions = await page.Locator("#settings-stage option").AllInnerTextsAsync();
        if (stageOptions.Any(o => o.Contains("spoken", StringComparison.OrdinalIgnoreCase)) && !stageAfter.Contains("spoken", StringComparison.OrdinalIgnoreCase))
        {
            findings.Add($"the job now has voice answers, but its stage type still reads '{stageAfter}' while another stage option is labelled "
                + $"'{stageOptions.First(o => o.Contains("spoken", StringComparison.OrdinalIgnoreCase))}': the settings give two different answers to 'is this interview spoken?' (stage before saving: '{stageBefore}')");
        }
        await SurveyAsync(page, findings, "customer success job page after choosing voice");

        // Review and edit a question, by keyboard.
        var questions = page.Locator(".question-list > *");
        (await questions.CountAsync()).ShouldBeGreaterThanOrEqualTo(8, "a job is drafted with 8-12 questions");
        var firstQuestion = questions.First;
        await firstQuestion.GetByText("Edit", new() { Exact = false }).First.ClickAsync();
        const string Rewritten = "Tell me about a customer who was about to churn and what you did in the next two weeks.";
        await firstQuestion.Locator("[name='Edit.Text']").FillAsync(Rewritten);
        await firstQuestion.GetByRole(AriaRole.Button, new() { Name = "Save question 1" }).ClickAsync();
        await Expect(page.Locator(".question-list > *").First).ToContainTextAsync(Rewritten);
        await SurveyAsync(page, findings, "job page after editing a question");

        // Schedule a candidate.
        await page.GotoAsync($"/app/interviews/new?job_id={jobId}");
        await SurveyAsync(page, findings, "schedule page of the voice job");
        var scheduleText = await page.Locator("main").InnerTextAsync();
        Check(findings, Regex.IsMatch(scheduleText, @"\b(voice|spoken|speak)", RegexOptions.IgnoreCase),
            $"the schedule page of a voice job never says the interview is spoken: {Squash(scheduleText)}");
        await page.GetByLabel("Candidate name").FillAsync("Carmen Ortiz");
        await page.GetByLabel("Candidate e-mail").FillAsync("carmen.ortiz@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule and send invitation" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Interview scheduled");
        await SurveyAsync(page, findings, "interview scheduled page");

        // The invitation, as the candidate would read it.
        var mail = await OutboxMessageAsync(page, "carmen.ortiz@example.com");
        Check(findings, Regex.IsMatch(mail, @"\b(spoken|speak|voice|microphone)", RegexOptions.IgnoreCase),
            $"the invitation for a voice interview does not say it is spoken: {Squash(mail)}");
        Check(findings, !Regex.IsMatch(mail, @"\b(written|in writing|type your answers)\b", RegexOptions.IgnoreCase),
            $"the invitation for a voice interview calls it written: {Squash(mail)}");
        Check(findings, Regex.IsMatch(mail, @"\d+\s*(minutes|min)\b", RegexOptions.IgnoreCase), $"the invitation does not say about how long the interview takes: {Squash(mail)}");
        Check(findings, !Regex.IsMatch(mail, @"code editor|whiteboard", RegexOptions.IgnoreCase),
            $"the invitation of a customer-success voice interview (no code editor, no whiteboard) mentions coding tools: {Squash(mail)}");
        await SurveyAsync(page, findings, "outbox");

        findings.ShouldBeEmpty($"a new recruiter would trip over:\n- {string.Join("\n- ", findings)}");
    }

    // ---------------------------------------------------------------- 2. the technical stage

    [Fact]
    public async Task A_backend_job_offers_a_technical_stage_and_the_page_matches_what_the_candidate_gets()
    {
        var findings = new List<string>();
        var page = await NewWatchedPageAsync(findings);
        var email = await page.SignUpAsync("Keel Systems", "Omar Owner");
        var jobId = await page.CreateJobAsync("Senior Backend Engineer", InterviewDriver.BackendJobDescription);

        var stage = page.Locator("#settings-stage");
        var options = await stage.Locator("option").AllInnerTextsAsync();
        options.ShouldContain(o => o.StartsWith("Technical", StringComparison.Ordinal), "the stage type offers a technical stage");
        var chosen = await stage.Locator("option:checked").InnerTextAsync();
        Check(findings, chosen.StartsWith("Technical", StringComparison.Ordinal), $"a backend job's default stage is '{chosen}', not technical");

        // Choose it explicitly and make it text, then see what the candidate is told and gets.
        await stage.SelectOptionAsync(new SelectOptionValue { Label = options.First(o => o.StartsWith("Technical", StringComparison.Ordinal)) });
        await page.Locator("input[name='Settings.Mode'][value='text']").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
        await Expect(page.GetByText("Interview settings saved", new() { Exact = false })).ToBeVisibleAsync();
        var codeEditorChecked = await page.Locator("input[name='Settings.CodeEditor']").IsCheckedAsync();
        await SurveyAsync(page, findings, "backend job page with a technical stage");

        // A conversational stage with text answers: the option says "(a spoken interview)", so what does it save?
        var conversational = options.FirstOrDefault(o => o.Contains("spoken", StringComparison.OrdinalIgnoreCase));
        if (conversational is not null)
        {
            await page.Locator("#settings-stage").SelectOptionAsync(new SelectOptionValue { Label = conversational });
            await page.Locator("input[name='Settings.Mode'][value='text']").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
            var saved = await page.GetByText("Interview settings saved", new() { Exact = false }).IsVisibleAsync();
            var modeAfter = await page.Locator("input[name='Settings.Mode']:checked").GetAttributeAsync("value");
            if (saved && modeAfter == "text")
            {
                findings.Add($"the stage '{conversational}' saves with text answers without a word: the page promises a spoken interview while the candidate will type");
            }
            // Back to technical for the rest.
            await page.Locator("#settings-stage").SelectOptionAsync(new SelectOptionValue { Label = options.First(o => o.StartsWith("Technical", StringComparison.Ordinal)) });
            await page.GetByRole(AriaRole.Button, new() { Name = "Save settings" }).ClickAsync();
            await Expect(page.GetByText("Interview settings saved", new() { Exact = false })).ToBeVisibleAsync();
        }

        // Schedule and open the candidate's landing page: does it match "coding room with hints and code review"?
        await page.GotoAsync($"/app/interviews/new?job_id={jobId}");
        await page.GetByLabel("Candidate name").FillAsync("Linus Candidate");
        await page.GetByLabel("Candidate e-mail").FillAsync("linus@example.com");
        await page.GetByRole(AriaRole.Button, new() { Name = "Schedule and send invitation" }).ClickAsync();
        await Expect(page.Locator("h1")).ToHaveTextAsync("Interview scheduled");
        var link = await page.Locator("#candidate-link").InputValueAsync();
        var candidate = await site.NewPageAsync();
        await candidate.GotoAsync(new Uri(link).PathAndQuery);
        var landing = await candidate.BodyTextAsync();
        Check(findings, Regex.IsMatch(landing, @"cod(e|ing)", RegexOptions.IgnoreCase),
            $"the job page says the stage is a coding room (code editor {(codeEditorChecked ? "on" : "off")}), but the candidate's landing page never mentions code: {Squash(landing)}");
        var mail = await OutboxMessageAsync(page, "linus@example.com");
        Check(findings, Regex.IsMatch(mail, @"cod(e|ing)", RegexOptions.IgnoreCase), $"the invitation of a technical stage does not mention coding: {Squash(mail)}");
        await candidate.Context.CloseAsync();
        _ = email;

        findings.ShouldBeEmpty($"a new recruiter would trip over:\n- {string.Join("\n- ", findings)}");
    }

    // ---------------------------------------------------------------- 3. the coding problems

    [Fact]
    public async Task A_new_recruiter_browses_filters_views_and_adds_a_coding_problem()
    {
        var findings = new List<string>();
        var page = await NewWatchedPageAsync(findings);
        await page.SignUpAsync("Problem Setters Ltd", "Pat Problem");

        await page.GotoAsync("/app/problems");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Coding problems");
        await SurveyAsync(page, findings, "problems list");
        var all = await page.Locator(".problems-table tbody tr").CountAsync();
        all.ShouldBeGreaterThan(0, "the built-in bank is listed");

        // Filter by keyboard: difficulty Hard, language SQL.
        await page.Locator("#difficulty").SelectOptionAsync(new SelectOptionValue { Label = "Hard" });
        await page.Locator("#language").SelectOptionAsync(new SelectOptionValue { Label = "SQL" });
        await page.GetByRole(AriaRole.Button, new() { Name = "Apply filters" }).FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        await page.WaitForURLAsync(url => url.Contains("difficulty=", StringComparison.Ordinal));
        await SurveyAsync(page, findings, "problems list filtered to hard SQL");
        var filtered = await page.Locator(".problems-table tbody tr").CountAsync();
        filtered.ShouldBeLessThanOrEqualTo(all);

        // An unknown filter value from an old link.
        await page.GotoAsync("/app/problems?difficulty=impossible&language=cobol");
        await SurveyAsync(page, findings, "problems list with an unknown filter");

        // A problem's page.
        await page.GotoAsync("/app/problems");
        var firstLink = page.Locator(".problems-table tbody tr a").First;
        var title = await firstLink.InnerTextAsync();
        await firstLink.ClickAsync();
        await Expect(page.Locator("h1")).ToContainTextAsync(title.Trim());
        await SurveyAsync(page, findings, $"problem page '{title.Trim()}'");

        await page.GotoAsync("/app/problems/no-such-problem");
        await SurveyAsync(page, findings, "problem page of an unknown id");
        var missing = await page.Locator("h1").InnerTextAsync();
        Check(findings, missing.Contains("not found", StringComparison.OrdinalIgnoreCase), $"an unknown problem's page has the heading '{missing}'");

        // Add a problem: first with nothing filled in.
        await page.GotoAsync("/app/problems/new");
        await SurveyAsync(page, findings, "add a problem form");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add problem" }).ClickAsync();
        await Expect(page.Locator("#form-errors")).ToBeVisibleAsync();
        await SurveyAsync(page, findings, "add a problem form submitted empty");
        var emptyErrors = await page.Locator("#form-errors").InnerTextAsync();
        Check(findings, !emptyErrors.Contains("The field '", StringComparison.Ordinal),
            $"submitting the empty form shows the API's wording, not a person's: {Squash(emptyErrors)}");

        // Then with a mistake: a reference solution that prints the wrong answer.
        await FillProblemAsync(page, solution: "a, b = map(int, input().split())\nprint(a - b)\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add problem" }).ClickAsync();
        await Expect(page.Locator("#form-errors")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await SurveyAsync(page, findings, "add a problem form with a failing reference solution");
        var failing = await page.Locator("#form-errors").InnerTextAsync();
        Check(findings, !Regex.IsMatch(failing, @"verdict|\(\d+/\d+|\bpython\b"),
            $"a failing reference solution is explained in a program's terms (a verdict code, 'verdict ok' for wrong output, a lowercase language id, a bare 0/1) rather than what went wrong: {Squash(failing)}");
        // Every field typed so far is kept.
        (await page.Locator("#title").InputValueAsync()).ShouldBe("Add two numbers");
        (await page.Locator("#solution-code").InputValueAsync()).ShouldContain("print(a - b)");

        // Fixed.
        await page.Locator("#solution-code").FillAsync("a, b = map(int, input().split())\nprint(a + b)\n");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add problem" }).ClickAsync();
        await page.WaitForURLAsync(url => url.Contains("created=1", StringComparison.Ordinal), new() { Timeout = 60_000 });
        await Expect(page.Locator("h1")).ToContainTextAsync("Add two numbers");
        await SurveyAsync(page, findings, "the new problem's page");

        // The same id again.
        await page.GotoAsync("/app/problems/new");
        await FillProblemAsync(page, solution: null);
        await page.Locator("#problem-id").FillAsync("add-two-numbers");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add problem" }).ClickAsync();
        await Expect(page.Locator("#form-errors")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        await SurveyAsync(page, findings, "add a problem form with an id already used");

        await page.GotoAsync("/app/problems");
        await Expect(page.Locator(".problems-table")).ToContainTextAsync("Add two numbers");
        await SurveyAsync(page, findings, "problems list with our own problem");

        findings.ShouldBeEmpty($"a new recruiter would trip over:\n- {string.Join("\n- ", findings)}");
    }

    private static async Task FillProblemAsync(IPage page, string? solution)
    {
        await page.Locator("#title").FillAsync("Add two numbers");
        await page.Locator("#difficulty").SelectOptionAsync(new SelectOptionValue { Label = "Easy" });
        await page.Locator("#topics").FillAsync("math, input parsing");
        await page.Locator("#statement").FillAsync("Read two integers a and b on one line and print their sum.");
        await page.Locator("#starter-python").FillAsync("a, b = map(int, input().split())\n# print the sum\n");
        await page.Locator("#example-1-input").FillAsync("2 3");
        await page.Locator("#example-1-output").FillAsync("5");
        await page.Locator("#hidden-1-input").FillAsync("10 -4");
        await page.Locator("#hidden-1-output").FillAsync("6");
        await page.Locator("#hint-1").FillAsync("Split the line into two numbers.");
        await page.Locator("#hint-2").FillAsync("Convert both to integers and add them.");
        await page.Locator("#hint-3").FillAsync("print(int(a) + int(b))");
        if (solution is not null)
        {
            await page.Locator("#solution-language").SelectOptionAsync(new SelectOptionValue { Label = "Python" });
            await page.Locator("#solution-code").FillAsync(solution);
        }
    }

    // ---------------------------------------------------------------- 4. dashboard, a finished report, CSV, PDF, sharing

    [Fact]
    public async Task A_new_recruiter_reads_a_finished_interview_exports_it_and_shares_it()
    {
        var findings = new List<string>();
        var page = await NewWatchedPageAsync(findings);
        var email = await page.SignUpAsync("Finished Work Ltd", "Rita Reviewer");
        await SurveyAsync(page, findings, "empty dashboard");
        var emptyDashboard = await page.Locator("main").InnerTextAsync();
        Check(findings, Regex.IsMatch(emptyDashboard, @"(job|schedule)", RegexOptions.IgnoreCase),
            $"the empty dashboard does not tell a newcomer what to do first: {Squash(emptyDashboard)}");

        // A completed interview in this organisation, through the API the fixtures use.
        var organizationId = await OrganizationOfAsync(email);
        var tenant = await site.App.TenantForAsync(organizationId);
        var driver = new InterviewDriver(site.App, tenant);
        var job = await driver.CreateJobAsync(questionCount: 8);
        var jobId = Guid.Parse(job["id"]!.GetValue<string>());
        var scheduled = await driver.ScheduleAsync(jobId, name: "Ada Lovelace", email: "ada@example.com");
        await driver.CompleteAsync(scheduled.Token, _ => CandidatePage.StrongAnswer);
        await driver.WaitForResultsAsync(scheduled.InterviewId, TimeSpan.FromSeconds(90));
        await driver.ScheduleAsync(jobId, name: "Still Waiting", email: "waiting@example.com");

        await page.GotoAsync("/app");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Ada Lovelace" })).ToBeVisibleAsync();
        await SurveyAsync(page, findings, "dashboard with a completed and a scheduled interview");

        // CSV export.
        var export = page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" });
        var download = await page.RunAndWaitForDownloadAsync(() => export.ClickAsync());
        var csv = await File.ReadAllTextAsync((await download.PathAsync())!);
        csv.ShouldContain("Ada Lovelace");
        Check(findings, download.SuggestedFilename.EndsWith(".csv", StringComparison.Ordinal), $"the CSV downloads as '{download.SuggestedFilename}'");

        // Filters from the dashboard: no matches.
        await page.GotoAsync("/app?q=nobody-by-this-name");
        await SurveyAsync(page, findings, "dashboard with a search that matches nothing");

        // The report.
        await page.GotoAsync($"/app/interviews/{scheduled.InterviewId}");
        await Expect(page.Locator(".overall-score").First).ToBeVisibleAsync();
        await SurveyAsync(page, findings, "results page of a completed interview");

        var pdf = page.GetByRole(AriaRole.Link, new() { Name = "Download PDF" });
        var pdfDownload = await page.RunAndWaitForDownloadAsync(() => pdf.ClickAsync());
        var bytes = await File.ReadAllBytesAsync((await pdfDownload.PathAsync())!);
        System.Text.Encoding.ASCII.GetString(bytes, 0, 5).ShouldBe("%PDF-");
        var pdfText = PdfText.All(bytes);
        foreach (Match code in RawCode().Matches(pdfText))
        {
            findings.Add($"the PDF report shows the raw code '{code.Value}'");
        }

        // Sharing, by keyboard.
        var share = page.GetByRole(AriaRole.Button, new() { Name = "Create share link" });
        await share.FocusAsync();
        await page.Keyboard.PressAsync("Enter");
        var link = page.Locator("#new-share-link");
        await Expect(link).ToBeFocusedAsync();
        var url = await link.InputValueAsync();
        await SurveyAsync(page, findings, "results page with a new share link");
        var stranger = await NewWatchedPageAsync(findings);
        (await stranger.GotoAsync(url))!.Status.ShouldBe(200);
        (await stranger.BodyTextAsync()).ShouldNotContain("ada@example.com");
        await SurveyAsync(stranger, findings, "shared report");

        // The scheduled one's page (no report yet).
        await page.GotoAsync("/app?status=scheduled");
        await page.GetByRole(AriaRole.Link, new() { Name = "Still Waiting" }).ClickAsync();
        await SurveyAsync(page, findings, "interview page of a candidate who has not started");

        findings.ShouldBeEmpty($"a new recruiter would trip over:\n- {string.Join("\n- ", findings)}");
    }

    // ---------------------------------------------------------------- 5. settings

    [Fact]
    public async Task A_new_admin_reads_the_settings_and_no_option_does_nothing()
    {
        var findings = new List<string>();
        var page = await NewWatchedPageAsync(findings);
        await page.SignUpAsync("Settings Curious plc", "Sam Settings");
        await page.GotoAsync("/app/settings");
        await SurveyAsync(page, findings, "settings page");

        // Anthropic with a model but no key: does it save something that cannot work?
        await page.Locator("#ai-provider").SelectOptionAsync("anthropic");
        await page.Locator("#ai-model").FillAsync("claude-sonnet-4-5");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save AI settings" }).ClickAsync();
        await page.WaitForLoadStateAsync();
        var afterAnthropic = await page.Locator("main").InnerTextAsync();
        if (!Regex.IsMatch(afterAnthropic, @"key", RegexOptions.IgnoreCase) || Regex.IsMatch(afterAnthropic, @"saved", RegexOptions.IgnoreCase) && !Regex.IsMatch(afterAnthropic, @"(needs|requires|required).{0,40}key", RegexOptions.IgnoreCase))
        {
            findings.Add($"choosing Anthropic with no API key saves without a word that it cannot work: {Squash(afterAnthropic)}");
        }
        await SurveyAsync(page, findings, "settings after choosing Anthropic without a key");

        // OpenAI-compatible with no model: says what is missing?
        await page.GotoAsync("/app/settings");
        await page.Locator("#ai-provider").SelectOptionAsync("openai");
        await page.Locator("#ai-model").FillAsync("");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save AI settings" }).ClickAsync();
        await SurveyAsync(page, findings, "settings after an OpenAI provider with no model");

        // A key that is not a URL.
        await page.GotoAsync("/app/settings");
        await page.Locator("#ai-provider").SelectOptionAsync("openai");
        await page.Locator("#ai-base-url").FillAsync("http://127.0.0.1:11434/v1");
        await page.Locator("#ai-model").FillAsync("llama3");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save AI settings" }).ClickAsync();
        await SurveyAsync(page, findings, "settings after a local base URL");

        // API key form submitted empty.
        await page.GotoAsync("/app/settings");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();
        await SurveyAsync(page, findings, "settings after creating an API key with nothing filled in");

        await page.GotoAsync("/app/team");
        await SurveyAsync(page, findings, "team page");

        findings.ShouldBeEmpty($"a new recruiter would trip over:\n- {string.Join("\n- ", findings)}");
    }

    // ---------------------------------------------------------------- what every page is checked for

    /// <summary>A page whose console errors and uncaught exceptions become findings.</summary>
    private async Task<IPage> NewWatchedPageAsync(List<string> findings)
    {
        var page = await site.NewPageAsync();
        page.Console += (_, message) =>
        {
            // A page answered 4xx on purpose (a refused form, a page not found) logs "Failed to load resource" for the
            // document itself; failed sub-resources are caught by the Response handler below.
            if (message.Type == "error" && !message.Text.StartsWith("Failed to load resource", StringComparison.Ordinal))
            {
                lock (findings)
                {
                    findings.Add($"console error on {new Uri(page.Url).PathAndQuery}: {message.Text}");
                }
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && response.Request.ResourceType != "document")
            {
                lock (findings)
                {
                    findings.Add($"{response.Request.ResourceType} {new Uri(response.Url).PathAndQuery} answered {response.Status} on {new Uri(page.Url).PathAndQuery}");
                }
            }
        };
        page.PageError += (_, error) =>
        {
            lock (findings)
            {
                findings.Add($"uncaught script error on {new Uri(page.Url).PathAndQuery}: {error}");
            }
        };
        return page;
    }

    /// <summary>
    /// The page as it is, then at 390 px: axe (serious/critical) and CSP, raw codes in the visible words, sideways scroll
    /// and cut-off content, and that Tab reaches the controls with a visible focus. Everything wrong becomes a finding.
    /// </summary>
    private static async Task SurveyAsync(IPage page, List<string> findings, string what)
    {
        await Axe(page, findings, what);
        foreach (var code in await RawCodesAsync(page))
        {
            findings.Add($"the {what} shows the raw code '{code}' to a person");
        }
        await KeyboardAsync(page, findings, what);

        var desktop = page.ViewportSize;
        await page.SetViewportSizeAsync(Phone390.Width, Phone390.Height);
        var overflow = await page.EvaluateAsync<JsonElement>(OverflowScript);
        var wide = overflow.GetProperty("wide").GetBoolean();
        var cut = overflow.GetProperty("cut").EnumerateArray().Select(e => e.GetString()).ToList();
        if (wide)
        {
            findings.Add($"the {what} scrolls sideways at 390 px (page is {overflow.GetProperty("width").GetInt32()} px wide){(cut.Count > 0 ? ": " + string.Join("; ", cut) : "")}");
        }
        else if (cut.Count > 0)
        {
            findings.Add($"the {what} cuts content off at 390 px: {string.Join("; ", cut)}");
        }
        await Axe(page, findings, what + " at 390 px");
        if (desktop is not null)
        {
            await page.SetViewportSizeAsync(desktop.Width, desktop.Height);
        }
    }

    private static async Task Axe(IPage page, List<string> findings, string what)
    {
        try
        {
            await page.ShouldHaveNoSeriousAccessibilityViolationsAsync(what);
        }
        catch (ShouldAssertException failed)
        {
            findings.Add(failed.Message.Split('\n').Where(l => l.Contains("serious", StringComparison.Ordinal) || l.Contains("critical", StringComparison.Ordinal) || l.Contains("blocked", StringComparison.Ordinal)).DefaultIfEmpty(failed.Message).Aggregate((a, b) => a + " | " + b) + $" [{what}]");
        }
    }

    /// <summary>snake_case words in visible text outside code, pre, inputs and text areas.</summary>
    private static async Task<string[]> RawCodesAsync(IPage page) => await page.EvaluateAsync<string[]>("""
        () => {
          const found = new Set();
          const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const el = node.parentElement;
            if (!el || el.closest('code, pre, textarea, script, style, kbd, samp, .code, [hidden]')) continue;
            if (!el.getClientRects().length || getComputedStyle(el).visibility === 'hidden') continue;
            for (const m of node.data.matchAll(/\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b/g)) found.add(m[0]);
          }
          return [...found];
        }
        """);

    /// <summary>Tabs through the page; controls that take focus without a visible indicator become a finding.</summary>
    private static async Task KeyboardAsync(IPage page, List<string> findings, string what)
    {
        await page.EvaluateAsync("() => { document.activeElement?.blur(); window.scrollTo(0, 0); }");
        var invisible = new List<string>();
        var seen = new HashSet<string>();
        for (var i = 0; i < 60; i++)
        {
            await page.Keyboard.PressAsync("Tab");
            var focus = await page.EvaluateAsync<JsonElement>("""
                () => {
                  const el = document.activeElement;
                  if (!el || el === document.body) return { id: '', visible: true };
                  const s = getComputedStyle(el);
                  const outline = s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0;
                  const shadow = s.boxShadow && s.boxShadow !== 'none';
                  const r = el.getBoundingClientRect();
                  const label = (el.getAttribute('aria-label') || el.innerText || el.value || el.name || el.id || el.tagName).toString().trim().slice(0, 40);
                  return { id: el.tagName + ':' + label, visible: outline || shadow, onScreen: r.width > 0 && r.height > 0 };
                }
                """);
            var id = focus.GetProperty("id").GetString()!;
            if (id.Length == 0 || !seen.Add(id))
            {
                if (id.Length > 0 && seen.Count > 3) break;
                continue;
            }
            if (!focus.GetProperty("visible").GetBoolean())
            {
                invisible.Add(id);
            }
            if (focus.TryGetProperty("onScreen", out var onScreen) && !onScreen.GetBoolean())
            {
                findings.Add($"on the {what}, Tab focuses '{id}', which has no size on screen");
            }
        }
        if (invisible.Count > 0)
        {
            findings.Add($"on the {what}, keyboard focus is invisible on: {string.Join(", ", invisible.Take(6))}");
        }
    }

    private const string OverflowScript = """
        () => {
          const width = document.documentElement.scrollWidth;
          const vw = window.innerWidth;
          const cut = [];
          for (const el of document.querySelectorAll('main *, header *, nav *')) {
            const r = el.getBoundingClientRect();
            if (!r.width || !r.height || r.right <= vw + 1) continue;
            let clipped = false;
            for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
              const ox = getComputedStyle(p).overflowX;
              if (ox === 'auto' || ox === 'scroll' || ox === 'hidden' || ox === 'clip') { clipped = true; break; }
            }
            if (clipped || el.closest('.visually-hidden')) continue;
            const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '');
            cut.push(`${name} reaches ${Math.round(r.right)} px`);
            if (cut.length >= 5) break;
          }
          return { wide: width > vw + 1, width, cut };
        }
        """;

    /// <summary>The newest message to <paramref name="to"/> on /dev/outbox (mail goes through the job queue: bounded wait).</summary>
    private static async Task<string> OutboxMessageAsync(IPage page, string to)
    {
        for (var attempt = 0; ; attempt++)
        {
            await page.GotoAsync("/dev/outbox");
            var message = page.Locator("article", new() { HasText = to }).First;
            if (await message.CountAsync() > 0)
            {
                return await message.InnerTextAsync();
            }
            attempt.ShouldBeLessThan(60, $"an invitation to {to} should reach the outbox");
            await Task.Delay(500);
        }
    }

    private async Task<Guid> OrganizationOfAsync(string email)
    {
        await using var scope = site.App.Services.CreateAsyncScope();
        var user = await scope.ServiceProvider.GetRequiredService<UserManager<CandorUser>>().FindByEmailAsync(email);
        user.ShouldNotBeNull();
        return user.OrganizationId;
    }

    private static void Check(List<string> findings, bool ok, string finding)
    {
        if (!ok && finding.Length > 0)
        {
            findings.Add(finding);
        }
    }

    private static string Squash(string text) => Regex.Replace(text, @"\s+", " ").Trim() is var s && s.Length > 600 ? s[..600] + "…" : Regex.Replace(text, @"\s+", " ").Trim();


    [GeneratedRegex(@"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b")]
    private static partial Regex RawCode();
}
