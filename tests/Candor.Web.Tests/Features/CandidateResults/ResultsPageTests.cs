using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Accounts;
using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.CandidateResults;

public sealed partial class ResultsPageTests(ResultsApp app) : IClassFixture<ResultsApp>
{
    [Fact]
    public async Task A_completed_interview_shows_its_report_scores_and_transcript()
    {
        var completed = await app.CompletedAsync();
        var report = completed.Results["report"]!;
        var session = await app.LogInAsync(completed.EvaluatorEmail);

        var html = WebUtility.HtmlDecode(await session.GetPageAsync($"/app/interviews/{completed.InterviewId}"));

        html.ShouldContain("Grace Hopper");
        html.ShouldContain("grace@example.com");
        html.ShouldContain("Senior Backend Engineer");
        html.ShouldContain($"<span class=\"overall-score");
        html.ShouldContain($">{report["overall"]!.GetValue<int>()}</span>");
        html.ShouldContain(RecommendationLabel(report["recommendation"]!.GetValue<string>()));
        html.ShouldContain("Scores by criterion");
        html.ShouldContain("Show as a table", Case.Sensitive, "the chart has a table alternative");
        foreach (var (criterion, score) in report["criterion_scores"]!.AsObject())
        {
            html.ShouldContain($"<th scope=\"row\">{Humanize(criterion)}</th><td>{score}</td>");
        }
        html.ShouldContain("Transcript");
        html.ShouldContain("Answer score:");
        html.ShouldContain("<mark>", Case.Sensitive, "the evaluator's evidence quotes are highlighted");
        html.ShouldNotContain("Scoring in progress");
    }

    [Fact]
    public async Task While_the_report_is_pending_the_page_says_so_and_refreshes_itself()
    {
        var completed = await app.CompletedAsync();
        var driver = new InterviewDriver(app, completed.Tenant);
        var job = await driver.CreateJobAsync();
        var scheduled = await driver.ScheduleAsync(Guid.Parse(job["id"]!.GetValue<string>()), "Alan Turing", "alan@example.com");
        // The state an interview is in between its last answer and its report.
        await app.WithDbAsync(completed.Tenant.OrganizationId, db => db.Interviews.Where(i => i.Id == scheduled.InterviewId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InterviewStatus.Completed).SetProperty(i => i.ReportStatus, ReportStatus.Pending)));
        var session = await app.LogInAsync(completed.RecruiterEmail);

        var response = await session.Client.GetAsync($"/app/interviews/{scheduled.InterviewId}");
        var html = await response.Content.ReadAsStringAsync();

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("Scoring in progress");
        html.ShouldContain("aria-live=\"polite\"");
        response.Headers.GetValues("Refresh").ShouldBe(["5"]);
        html.ShouldNotContain("overall-score");
    }

    [Fact]
    public async Task An_evaluator_overrides_a_criterion_score_with_a_note_and_the_ai_score_stays_visible()
    {
        var completed = await app.CompletedAsync();
        var (turnId, criterion, aiScore) = FirstScoredCriterion(completed.Results);
        var humanScore = aiScore >= 50 ? aiScore - 37 : aiScore + 37;
        var evaluator = await app.LogInAsync(completed.EvaluatorEmail);
        var page = $"/app/interviews/{completed.InterviewId}";
        var form = $"override-{turnId:N}-{criterion}";

        var rejected = await evaluator.SubmitAsync(page, form, new Dictionary<string, string> { ["Override.Score"] = "50", ["Override.Note"] = " " });
        rejected.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await rejected.Content.ReadAsStringAsync()).ShouldContain("A note is required");
        (await evaluator.SubmitAsync(page, form, new Dictionary<string, string> { ["Override.Score"] = "101", ["Override.Note"] = "x" }))
            .StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        var html = await evaluator.SubmitExpectingPageAsync(page, form, new Dictionary<string, string>
        {
            ["Override.Score"] = humanScore.ToString(System.Globalization.CultureInfo.InvariantCulture), ["Override.Note"] = "Probed further in the debrief: solid.",
        });

        html.ShouldContain("Override saved");
        html.ShouldContain($"<td data-label=\"AI score\">{aiScore}</td>", Case.Sensitive, "the AI's score stays beside the human one");
        html.ShouldContain($"<strong class=\"human-score\">{humanScore}</strong>");
        html.ShouldContain($"from AI {aiScore} to {humanScore}: “Probed further in the debrief: solid.”");
        html.ShouldContain("Eve Evaluator");

        var api = await completed.Tenant.Client.GetJson($"/api/v1/interviews/{completed.InterviewId}/results");
        var applied = api["human_review"]!["overrides"]!.AsArray().Single(o => o!["turn_id"]!.GetValue<Guid>() == turnId && o["criterion"]!.GetValue<string>() == criterion)!;
        applied["ai_score"]!.GetValue<int>().ShouldBe(aiScore);
        applied["human_score"]!.GetValue<int>().ShouldBe(humanScore);
        applied["user_name"]!.GetValue<string>().ShouldBe("Eve Evaluator");
        api["report"]!["overall"]!.GetValue<int>().ShouldBe(completed.Results["report"]!["overall"]!.GetValue<int>(), "the AI's report itself is never rewritten");
    }

    [Fact]
    public async Task The_latest_override_wins_and_every_one_stays_in_the_history()
    {
        var completed = await app.CompletedAsync();
        var (turnId, criterion, _) = FirstScoredCriterion(completed.Results, skip: 1);
        var admin = await app.LogInAsync(completed.AdminEmail);
        var page = $"/app/interviews/{completed.InterviewId}";
        foreach (var score in new[] { "11", "22" })
        {
            await admin.SubmitExpectingPageAsync(page, $"override-{turnId:N}-{criterion}", new Dictionary<string, string> { ["Override.Score"] = score, ["Override.Note"] = $"set {score}" });
        }

        var review = (await completed.Tenant.Client.GetJson($"/api/v1/interviews/{completed.InterviewId}/results"))["human_review"]!;
        review["overrides"]!.AsArray().Single(o => o!["turn_id"]!.GetValue<Guid>() == turnId && o["criterion"]!.GetValue<string>() == criterion)!["human_score"]!.GetValue<int>().ShouldBe(22);
        review["override_history"]!.AsArray().Count(o => o!["turn_id"]!.GetValue<Guid>() == turnId && o["criterion"]!.GetValue<string>() == criterion).ShouldBe(2);
    }

    [Fact]
    public async Task A_decision_is_recorded_with_its_author_and_exposed_by_the_api()
    {
        var completed = await app.CompletedAsync();
        var recruiter = await app.LogInAsync(completed.RecruiterEmail);

        var html = await recruiter.SubmitExpectingPageAsync($"/app/interviews/{completed.InterviewId}", "decision",
            new Dictionary<string, string> { ["Decision.Kind"] = "Advance", ["Decision.Note"] = "Onsite next week." });

        html.ShouldContain("Decision recorded: Advance.");
        html.ShouldContain("decided Advance: “Onsite next week.”");
        var decision = (await completed.Tenant.Client.GetJson($"/api/v1/interviews/{completed.InterviewId}/results"))["human_review"]!["decision"]!;
        decision["decision"]!.GetValue<string>().ShouldBe("advance");
        decision["note"]!.GetValue<string>().ShouldBe("Onsite next week.");
        decision["user_name"]!.GetValue<string>().ShouldBe("Rita Recruiter");
    }

    [Fact]
    public async Task The_review_trail_is_append_only_in_the_database()
    {
        var completed = await app.CompletedAsync();
        var evaluator = await app.LogInAsync(completed.EvaluatorEmail);
        await evaluator.SubmitExpectingPageAsync($"/app/interviews/{completed.InterviewId}", "decision", new Dictionary<string, string> { ["Decision.Kind"] = "Hold" });

        var rewrite = () => app.WithDbAsync(completed.Tenant.OrganizationId, db => db.ReviewDecisions.ExecuteUpdateAsync(s => s.SetProperty(d => d.Note, "rewritten")));

        (await rewrite.ShouldThrowAsync<Exception>()).ToString().ShouldContain("append-only");
    }

    [Fact]
    public async Task Posting_a_review_form_without_its_antiforgery_token_is_refused()
    {
        var completed = await app.CompletedAsync();
        var evaluator = await app.LogInAsync(completed.EvaluatorEmail);
        var before = await app.WithDbAsync(completed.Tenant.OrganizationId, db => db.ReviewDecisions.CountAsync());

        var response = await evaluator.Client.PostAsync($"/app/interviews/{completed.InterviewId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "decision", ["Decision.Kind"] = "Reject",
        }));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.WithDbAsync(completed.Tenant.OrganizationId, db => db.ReviewDecisions.CountAsync())).ShouldBe(before);
    }

    [Fact]
    public async Task Signed_out_visitors_are_sent_to_log_in()
    {
        var completed = await app.CompletedAsync();
        var response = await new PageSession(app).Client.GetAsync($"/app/interviews/{completed.InterviewId}");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.OriginalString.ShouldContain("/login");
    }

    internal static (Guid TurnId, string Criterion, int AiScore) FirstScoredCriterion(JsonNode results, int skip = 0)
    {
        var scored = results["transcript"]!.AsArray()
            .Where(t => t!["evaluation"] is JsonObject && t["kind"]!.GetValue<string>() is "question" or "follow_up")
            .SelectMany(t => t!["evaluation"]!["criteria"]!.AsArray().Select(c => (t["turn_id"]!.GetValue<Guid>(), c!["criterion"]!.GetValue<string>(), c["score"]!.GetValue<int>())))
            .ToList();
        return scored[skip];
    }

    private static string RecommendationLabel(string code) => code switch
    {
        "strong_hire" => "Strong hire", "hire" => "Hire", "lean_no" => "Lean no", _ => "No hire",
    };

    private static string Humanize(string code) => char.ToUpperInvariant(code[0]) + code[1..].Replace('_', ' ');
}
