using System.Net;
using System.Text.RegularExpressions;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Accounts;
using Candor.Web.Features.Interviews;
using Candor.Web.Infrastructure;
using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Features.Dashboard;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using MimeKit;

namespace Candor.Web.Tests.Features.Interviews;

/// <summary>The e-mails a candidate gets, read from the test mail sink as sent: both parts of each, and what they promise.</summary>
public sealed partial class InvitationMailTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    [Fact]
    public async Task The_invitation_is_HTML_with_a_text_alternative_describing_the_interview_as_configured()
    {
        var org = await WorkspaceOrg.CreateAsync(app, "Acme & <Sons>");
        var job = await org.CreateJobAsync("Data <Engineer> & Analyst");
        await (await org.Api.Api.PutJson($"/api/v1/jobs/{job}/settings", new { stage_type = "technical", tools = new { mode = "text", code_editor = true, whiteboard = true } })).Json();
        var email = $"bob-{Guid.NewGuid():N}@example.com";

        await org.Admin.SubmitExpectingPageAsync($"/app/interviews/new?job_id={job}", "schedule", new Dictionary<string, string>
        {
            ["Input.JobId"] = job.ToString(), ["Input.Name"] = "Bob<b>Bold</b> \"Quoted\"", ["Input.Email"] = email,
        });

        var message = await app.WaitForMessageAsync(email, "Your interview for Data <Engineer> & Analyst at Acme & <Sons>");
        message.Body!.ContentType.MimeType.ShouldBe("multipart/alternative");
        var (text, html) = (message.TextBody!, message.HtmlBody!);
        text.ShouldNotBeNull();
        html.ShouldNotBeNull();
        var recruiter = await AdminEmailAsync(org);
        var questions = await org.DbAsync(db => db.Interviews.Where(i => i.CandidateEmail == email).Select(i => i.Plan.Count).SingleAsync());

        foreach (var part in new[] { text, WebUtility.HtmlDecode(TagPattern().Replace(html, "")) })
        {
            var flat = Regex.Replace(part, @"\s+", " ");
            flat.ShouldContain("Acme & <Sons> invites you to a written interview for the Data <Engineer> & Analyst role.");
            flat.ShouldContain($"About {questions} questions");
            flat.ShouldContain("minutes");
            flat.ShouldContain("you type your answers");
            flat.ShouldContain("A code editor (Python, JavaScript, TypeScript and SQL) is on screen throughout the interview");
            flat.ShouldContain("A whiteboard is there too");
            flat.ShouldContain($"Write to {recruiter}.");
            flat.ShouldContain("UTC");
            flat.ShouldNotContain("voice", Case.Insensitive);
            WorkspaceOrg.CandidateLinkPattern().IsMatch(flat).ShouldBeTrue();
        }

        // Every value a person typed is encoded in the HTML: nothing of theirs becomes markup.
        html.ShouldNotContain("<b>Bold</b>");
        html.ShouldContain("Bob&lt;b&gt;Bold&lt;/b&gt;");
        html.ShouldNotContain("<Engineer>");
        html.ShouldNotContain("<Sons>");
        html.ShouldStartWith("<!DOCTYPE html>");
        html.ShouldContain("<html lang=\"en\">");
        html.TrimEnd().ShouldEndWith("</html>");
        html.ShouldContain($"href=\"mailto:{recruiter}\"");

        // One line per paragraph or list item: no client shows a sentence broken in the middle.
        foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Length > 0))
        {
            (line.StartsWith("http://", StringComparison.Ordinal) || ".:!?,".Contains(line[^1])).ShouldBeTrue($"Line breaks mid-sentence: \"{line}\"");
        }
    }

    [Fact]
    public async Task The_help_contact_is_the_inviting_recruiter_the_first_Admin_without_one_or_the_organisations_setting()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        var recruiter = await org.MemberAsync(MemberRole.Recruiter);
        var recruiterEmail = await MemberEmailAsync(org, MemberRole.Recruiter);
        var first = $"first-{Guid.NewGuid():N}@example.com";
        await ScheduleFromPageAsync(recruiter, job, "Ann First", first);
        (await app.WaitForMessageAsync(first, "Your interview for")).TextBody!.ShouldContain($"Write to {recruiterEmail}.");

        // Cancelled through the API: no recruiter at hand, so the first Admin.
        var id = await org.DbAsync(db => db.Interviews.Where(i => i.CandidateEmail == first).Select(i => i.Id).SingleAsync());
        await (await org.Api.Api.PostJson($"/api/v1/interviews/{id}/cancel")).Json();
        (await app.WaitForMessageAsync(first, "was cancelled")).TextBody!.ShouldContain($"write to {await MemberEmailAsync(org, MemberRole.Admin)}.");

        var refused = await org.Admin.SubmitAsync("/app/settings", "candidate-contact", new Dictionary<string, string> { ["Contact.Email"] = "help@acme" });
        var refusedPage = WebUtility.HtmlDecode(await refused.Content.ReadAsStringAsync());
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest, refusedPage[..Math.Min(3000, refusedPage.Length)]);
        refusedPage.ShouldContain("Enter an e-mail address like name@example.com");

        var saved = await org.Admin.SubmitExpectingPageAsync("/app/settings", "candidate-contact", new Dictionary<string, string> { ["Contact.Email"] = "people-help@acme.example" });
        saved.ShouldContain("Candidates will write to people-help@acme.example.");
        var second = $"second-{Guid.NewGuid():N}@example.com";
        await ScheduleFromPageAsync(recruiter, job, "Ben Second", second);
        var message = await app.WaitForMessageAsync(second, "Your interview for");
        message.TextBody!.ShouldContain("Write to people-help@acme.example.");
        message.HtmlBody!.ShouldContain("href=\"mailto:people-help@acme.example\"");
    }

    [Fact]
    public async Task A_voice_interview_invitation_promises_spoken_answers()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        await (await org.Api.Api.PutJson($"/api/v1/jobs/{job}/settings", new { stage_type = "technical", tools = new { mode = "voice" } })).Json();
        var email = $"voice-{Guid.NewGuid():N}@example.com";
        await ScheduleFromPageAsync(org.Admin, job, "Val Voice", email);

        var message = await app.WaitForMessageAsync(email, "Your interview for");
        message.TextBody!.ShouldContain("invites you to a spoken interview");
        message.TextBody!.ShouldContain("you answer out loud; you can type instead at any time");
        message.TextBody!.ShouldNotContain("code editor");
        message.TextBody!.ShouldNotContain("whiteboard");
    }

    [Fact]
    public async Task Cancelling_sends_the_candidate_a_short_notice_once()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync("Site Reliability Engineer");
        var email = $"cancel-{Guid.NewGuid():N}@example.com";
        await ScheduleFromPageAsync(org.Admin, job, "Carla Cancel", email);
        var id = await org.DbAsync(db => db.Interviews.Where(i => i.CandidateEmail == email).Select(i => i.Id).SingleAsync());

        await (await org.Api.Api.PostJson($"/api/v1/interviews/{id}/cancel")).Json();
        await (await org.Api.Api.PostJson($"/api/v1/interviews/{id}/cancel")).Json();

        var notice = await app.WaitForMessageAsync(email, "Your interview for Site Reliability Engineer at Acme was cancelled");
        notice.Body!.ContentType.MimeType.ShouldBe("multipart/alternative");
        notice.TextBody!.ShouldContain("Hello Carla Cancel,");
        notice.TextBody!.ShouldContain("Acme has cancelled your interview for the Site Reliability Engineer role, so the link you were sent no longer works.");
        WebUtility.HtmlDecode(notice.HtmlBody!).ShouldContain("Acme has cancelled your interview for the Site Reliability Engineer role");
        (await app.MailsQueuedToAsync(email)).ShouldBe(2, "the invitation and one notice: cancelling again sends nothing");
    }

    [Fact]
    public async Task A_link_superseded_by_a_resend_says_a_newer_link_was_sent()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        var email = $"newer-{Guid.NewGuid():N}@example.com";
        await ScheduleFromPageAsync(org.Admin, job, "Nina Newer", email);
        var oldLink = await org.InvitationLinkAsync(email);
        var id = await org.DbAsync(db => db.Interviews.Where(i => i.CandidateEmail == email).Select(i => i.Id).SingleAsync());

        await org.Admin.SubmitExpectingPageAsync($"/app/interviews/{id}/resend", "resend", new Dictionary<string, string>());
        var newLink = await org.InvitationLinkAsync(email, "New link: your interview for");
        (await app.WaitForMessageAsync(email, "New link: your interview for")).TextBody!.ShouldContain("This is a new link: the link we sent you before no longer works.");

        var api = await app.Candidate().GetAsync($"/api/v1/sessions/{WorkspaceOrg.TokenOf(oldLink)}");
        (await api.Problem(HttpStatusCode.Gone))["code"]!.GetValue<string>().ShouldBe("link_superseded");
        var start = await app.Candidate().PostAsync($"/api/v1/sessions/{WorkspaceOrg.TokenOf(oldLink)}/start", null);
        (await start.Problem(HttpStatusCode.Gone))["code"]!.GetValue<string>().ShouldBe("link_superseded");
        (await org.CandidateLinkStatusAsync(newLink)).ShouldBe(HttpStatusCode.OK);
        (await app.Candidate().GetAsync("/api/v1/sessions/never-a-real-token")).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        var page = await app.Candidate().GetAsync(new Uri(oldLink).PathAndQuery);
        page.StatusCode.ShouldBe(HttpStatusCode.Gone);
        var html = WebUtility.HtmlDecode(await page.Content.ReadAsStringAsync());
        html.ShouldContain("A newer link was sent to you");
        html.ShouldContain("Acme sent you a new invitation e-mail");
        html.ShouldNotContain("We couldn't find this interview");
    }

    [Fact]
    public async Task The_landing_page_never_estimates_more_minutes_than_the_time_budget()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = Guid.Parse((await org.Api.CreateJobAsync("Backend Engineer", questionCount: 12))["id"]!.GetValue<string>());
        await (await org.Api.Api.PutJson($"/api/v1/jobs/{job}/settings", new { stage_type = "technical", tools = new { mode = "text", code_editor = true, whiteboard = true } })).Json();
        var email = $"budget-{Guid.NewGuid():N}@example.com";
        await ScheduleFromPageAsync(org.Admin, job, "Bea Budget", email);
        var questions = await org.DbAsync(db => db.Interviews.Where(i => i.CandidateEmail == email).Select(i => i.Plan.Count).SingleAsync());
        var budget = (int)new InterviewOptions().Policy.TimeBudget.TotalMinutes;
        (questions * InterviewOutline.MaxMinutesPerQuestion).ShouldBeGreaterThan(budget, "the plan is long enough that an uncapped estimate would overrun");

        var page = WebUtility.HtmlDecode(await (await app.Candidate().GetAsync(new Uri(await org.InvitationLinkAsync(email)).PathAndQuery)).Content.ReadAsStringAsync());
        var minutes = MinutesPattern().Matches(page).Select(m => int.Parse(m.Groups["max"].Value)).ToList();
        minutes.ShouldNotBeEmpty();
        minutes.ShouldAllBe(m => m <= budget);
        page.ShouldContain($"–{budget} minutes");
        page.ShouldContain("A code editor (Python, JavaScript, TypeScript and SQL) is on screen throughout the interview");
        page.ShouldContain("A whiteboard is there too");
    }

    [Theory]
    [InlineData(5, 45, "about 15–20 minutes", false)]
    [InlineData(12, 45, "about 36–45 minutes", false)]
    [InlineData(12, 30, "up to 30 minutes", true)]
    [InlineData(1, 45, "about 3–4 minutes", false)]
    public void The_duration_estimate_fits_the_budget(int questions, int budgetMinutes, string duration, bool mayRunOut)
    {
        var interview = new Interview
        {
            CandidateName = "Ada", CandidateEmail = "ada@example.com", TokenHash = "x",
            Plan = [.. Enumerable.Range(1, questions).Select(i => new Candor.Engine.Questions.InterviewQuestion(
                $"q{i}", "Why?", "reasoning", Candor.Engine.Questions.QuestionKind.Technical, Candor.Engine.Questions.Difficulty.Medium, ["a"], "", []))],
        };
        var options = new InterviewOptions { Policy = new() { TimeBudget = TimeSpan.FromMinutes(budgetMinutes) } };
        var outline = InterviewOutline.Of(interview, options);
        outline.Duration.ShouldBe(duration);
        outline.MayRunOutOfTime.ShouldBe(mayRunOut);
        outline.MaxMinutes.ShouldBeLessThanOrEqualTo(budgetMinutes);
    }

    private static Task<string> AdminEmailAsync(WorkspaceOrg org) => MemberEmailAsync(org, MemberRole.Admin);

    private static Task<string> MemberEmailAsync(WorkspaceOrg org, MemberRole role) =>
        org.DbAsync(db => db.Users.Where(u => u.OrganizationId == org.OrganizationId && u.Role == role).OrderBy(u => u.CreatedAt).Select(u => u.Email!).FirstAsync());

    /// <summary>Invitations go out when a member schedules from the workspace (the API returns the link for the caller to send).</summary>
    private static async Task ScheduleFromPageAsync(PageSession session, Guid job, string name, string email) =>
        (await session.SubmitExpectingPageAsync($"/app/interviews/new?job_id={job}", "schedule", new Dictionary<string, string>
        {
            ["Input.JobId"] = job.ToString(), ["Input.Name"] = name, ["Input.Email"] = email,
        })).ShouldContain("Interview scheduled");

    [GeneratedRegex("<[^>]+>")]
    private static partial Regex TagPattern();

    [GeneratedRegex(@"(?:(?<min>\d+)–)?(?<max>\d+) minutes")]
    private static partial Regex MinutesPattern();
}
