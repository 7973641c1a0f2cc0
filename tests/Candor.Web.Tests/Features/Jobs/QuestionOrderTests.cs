using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Features.Accounts;
using Candor.Web.Tests.Features.Jobs.Pages;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.Jobs;

/// <summary>The interview follows the recruiter's question order, and every page numbers a question the same way.</summary>
public sealed class QuestionOrderTests(JobPagesApp app) : IClassFixture<JobPagesApp>
{
    [Fact]
    public async Task The_interview_asks_in_the_recruiters_order_and_numbers_questions_as_the_job_page_does()
    {
        var (_, tenant) = await app.SignUpWithApiKeyAsync();
        var driver = new InterviewDriver(app, tenant);
        var job = await driver.CreateJobAsync();
        var jobId = Guid.Parse(job["id"]!.GetValue<string>());

        // The recruiter reverses the drafted order (hard questions first): the interview must follow it anyway.
        var drafted = job["questions"]!.AsArray();
        var reversed = drafted.Reverse().Select(q => new { id = q!["id"]!.GetValue<string>(), text = q["text"]!.GetValue<string>() }).ToList();
        var edited = await (await tenant.Client.PutJson($"/api/v1/jobs/{jobId}/questions", new { questions = reversed })).Json();
        var order = edited["questions"]!.AsArray().Select(q => q!["text"]!.GetValue<string>()).ToList();

        var scheduled = await driver.ScheduleAsync(jobId, "Grace Hopper", "grace@example.com");
        var turns = await driver.CompleteAsync(scheduled.Token, new CandidatePersonas(edited).Strong);

        var questionTurns = turns.Where(t => t["kind"]!.GetValue<string>() == "question").ToList();
        questionTurns.Count.ShouldBe(order.Count, "a strong candidate is asked every question");
        for (var i = 0; i < questionTurns.Count; i++)
        {
            questionTurns[i]["text"]!.GetValue<string>().ShouldEndWith(order[i], Case.Sensitive, $"question {i + 1} is the job's question {i + 1}");
            questionTurns[i]["progress"]!["question"]!.GetValue<int>().ShouldBe(i + 1);
            questionTurns[i]["progress"]!["of"]!.GetValue<int>().ShouldBe(order.Count);
        }
        foreach (var followUp in turns.Where(t => t["kind"]!.GetValue<string>() == "follow_up"))
        {
            followUp["progress"]!["question"]!.GetValue<int>().ShouldBeGreaterThan(0, "a follow-up keeps its question's number");
        }

        await driver.WaitForResultsAsync(scheduled.InterviewId);
        var recruiter = await app.MemberAsync(tenant.OrganizationId, MemberRole.Recruiter);
        var page = WebUtility.HtmlDecode(await recruiter.GetPageAsync($"/app/interviews/{scheduled.InterviewId}"));
        for (var i = 1; i <= order.Count; i++)
        {
            page.ShouldContain($"<p class=\"turn-kind muted\">Question {i}</p>");
        }
        page.ShouldNotContain("Question · question");
        page.ShouldNotContain("was skipped", Case.Sensitive, "nothing was skipped for a strong candidate");
    }

    [Fact]
    public async Task A_struggling_candidate_is_spared_hard_questions_and_the_transcript_says_which()
    {
        var (_, tenant) = await app.SignUpWithApiKeyAsync();
        var driver = new InterviewDriver(app, tenant);
        var job = await driver.CreateJobAsync();
        var jobId = Guid.Parse(job["id"]!.GetValue<string>());
        var plan = job["questions"]!.AsArray().Select(q => (Text: q!["text"]!.GetValue<string>(), Difficulty: q["difficulty"]!.GetValue<string>())).ToList();

        var scheduled = await driver.ScheduleAsync(jobId, "Bob Example", "bob@example.com");
        var turns = await driver.CompleteAsync(scheduled.Token, CandidatePersonas.Weak);

        var asked = turns.Where(t => t["kind"]!.GetValue<string>() == "question")
            .Select(t => (Text: t["text"]!.GetValue<string>(), Number: t["progress"]!["question"]!.GetValue<int>())).ToList();
        asked.Select(a => a.Number).ShouldBe(asked.Select(a => a.Number).Order().Distinct(), "questions are only ever asked forwards, in plan order");
        foreach (var (text, number) in asked)
        {
            text.ShouldEndWith(plan[number - 1].Text);
        }
        var skipped = Enumerable.Range(1, asked[^1].Number).Except(asked.Select(a => a.Number)).ToList();
        skipped.ShouldNotBeEmpty("weak answers bring the tier down to easy, and the hard questions are passed over");
        skipped.ShouldAllBe(n => plan[n - 1].Difficulty == "hard");

        await driver.WaitForResultsAsync(scheduled.InterviewId);
        var recruiter = await app.MemberAsync(tenant.OrganizationId, MemberRole.Recruiter);
        var page = WebUtility.HtmlDecode(await recruiter.GetPageAsync($"/app/interviews/{scheduled.InterviewId}"));
        foreach (var number in skipped)
        {
            page.ShouldContain($"Question {number} was skipped: it is a hard question, and the candidate's answers so far put the interview at the easy level.");
        }
    }
}
