using System.Net;
using System.Text.RegularExpressions;
using Candor.Engine.Questions;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.Jobs.Pages;

public sealed partial class QuestionLibraryTests(JobPagesApp app) : IClassFixture<JobPagesApp>
{
    [Fact]
    public async Task Filters_show_only_matching_questions_with_their_count()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var jobId = await JobPagesApp.CreateJobThroughPageAsync(workspace.Admin);
        var expected = QuestionBank.Default.Questions.Where(q => q.Difficulty == Difficulty.Hard && q.Kind == QuestionKind.Scenario).ToList();
        expected.ShouldNotBeEmpty();

        var page = WebUtility.HtmlDecode(await workspace.Admin.GetPageAsync($"/app/jobs/{jobId}/library?family=all&kind=scenario&difficulty=hard"));

        page.ShouldContain($"<strong>{expected.Count}</strong> matching question");
        var shown = AddFormPattern().Matches(page).Select(m => m.Groups["id"].Value).ToList();
        Regex.Count(page, "class=\"card library-item\"").ShouldBe(Math.Min(expected.Count, 10), "one page of ten");
        shown.ShouldNotBeEmpty("questions not yet in the job can be added");
        shown.ShouldAllBe(id => expected.Any(q => q.Id == id));

        var none = WebUtility.HtmlDecode(await workspace.Admin.GetPageAsync($"/app/jobs/{jobId}/library?family=all&q=zzzz-no-such-text"));
        none.ShouldContain("No questions match");
        none.ShouldContain("<strong>0</strong> matching questions");
    }

    [Fact]
    public async Task Add_to_job_appends_the_library_question_with_its_rubric()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var jobId = await JobPagesApp.CreateJobThroughPageAsync(workspace.Admin);
        var url = $"/app/jobs/{jobId}/library?family=all&kind=scenario&difficulty=hard";
        var page = await workspace.Admin.GetPageAsync(url);
        var bankId = AddFormPattern().Matches(page).Select(m => m.Groups["id"].Value).First();
        var bankQuestion = QuestionBank.Default.Find(bankId)!;

        var after = await workspace.Admin.SubmitExpectingPageAsync(url, $"add-{bankId}", new Dictionary<string, string>());

        after.ShouldContain("Added as question 11.");
        after.ShouldNotContain($"value=\"add-{bankId}\"", Case.Sensitive, "a question already in the job is marked, not offered again");
        var added = (await JobPagesApp.QuestionsAsync(workspace.Api, jobId))[10]!;
        added["text"]!.GetValue<string>().ShouldBe(bankQuestion.Text);
        added["source"]!.GetValue<string>().ShouldBe("bank");
        added["bank_id"]!.GetValue<string>().ShouldBe(bankId);
        added["kind"]!.GetValue<string>().ShouldBe("scenario");
        added["difficulty"]!.GetValue<string>().ShouldBe("hard");
        added["rubric"]!["expected_points"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe(bankQuestion.ExpectedPoints);
        added["rubric"]!["follow_up_guide"]!.GetValue<string>().ShouldBe(bankQuestion.FollowUpGuide);
    }

    [Fact]
    public async Task The_library_defaults_to_the_jobs_role_family_and_pages_through_results()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var jobId = await JobPagesApp.CreateJobThroughPageAsync(workspace.Admin);
        var backend = QuestionBank.Default.Questions.Count(q => q.Families.Count == 0 || q.Families.Contains(RoleFamily.Backend));

        var first = WebUtility.HtmlDecode(await workspace.Admin.GetPageAsync($"/app/jobs/{jobId}/library"));
        first.ShouldContain($"<strong>{backend}</strong> matching questions (role family Backend");
        first.ShouldContain("rel=\"next\"");
        var second = await workspace.Admin.GetPageAsync($"/app/jobs/{jobId}/library?family=backend&page=2");
        AddFormPattern().Matches(second).Select(m => m.Groups["id"].Value)
            .ShouldNotContain(AddFormPattern().Match(first).Groups["id"].Value);
    }

    [Theory]
    [InlineData("data quality", "da-005")]
    [InlineData("quality data", "da-005")]
    [InlineData("dbt", "da-004")]
    [InlineData("Data modeling", "da-003")]
    public async Task Search_finds_questions_by_words_in_any_order_and_by_skill(string query, string expectedId)
    {
        var workspace = await app.CreateWorkspaceAsync();
        var jobId = await JobPagesApp.CreateJobThroughPageAsync(workspace.Admin);

        var page = WebUtility.HtmlDecode(await workspace.Admin.GetPageAsync($"/app/jobs/{jobId}/library?family=all&q={Uri.EscapeDataString(query)}"));

        page.ShouldNotContain("No questions match");
        page.ShouldContain(QuestionBank.Default.Find(expectedId)!.Text);
    }

    [Fact]
    public async Task One_result_reads_1_matching_question()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var jobId = await JobPagesApp.CreateJobThroughPageAsync(workspace.Admin);
        var only = QuestionBank.Default.Find("da-005")!;

        var page = WebUtility.HtmlDecode(await workspace.Admin.GetPageAsync(
            $"/app/jobs/{jobId}/library?family=all&q={Uri.EscapeDataString(only.Text)}"));

        page.ShouldContain("<strong>1</strong> matching question");
        page.ShouldNotContain("<strong>1</strong> matching questions");
    }

    [Fact]
    public async Task An_edited_library_question_is_not_marked_as_the_librarys_and_says_where_it_came_from()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var jobId = await JobPagesApp.CreateJobThroughPageAsync(workspace.Admin);
        var questions = await JobPagesApp.QuestionsAsync(workspace.Api, jobId);
        var fromBank = questions.First(q => q!["bank_id"] is not null)!;
        var bankId = fromBank["bank_id"]!.GetValue<string>();
        var url = $"/app/jobs/{jobId}/library?family=all&q={Uri.EscapeDataString(QuestionBank.Default.Find(bankId)!.Text)}";
        (await workspace.Admin.GetPageAsync(url)).ShouldNotContain($"value=\"add-{bankId}\"", Case.Sensitive, "unedited, it is the library's question");

        // Only the rubric's follow-up guide changes: that is an edit too.
        var edited = questions.Select(q => q!["id"]!.GetValue<string>() == fromBank["id"]!.GetValue<string>()
            ? (object)new { id = q["id"]!.GetValue<string>(), text = q["text"]!.GetValue<string>(), rubric = new { follow_up_guide = "Ask for numbers." } }
            : new { id = q["id"]!.GetValue<string>(), text = q["text"]!.GetValue<string>() }).ToList();
        await (await workspace.Api.PutJson($"/api/v1/jobs/{jobId}/questions", new { questions = edited })).Json();

        var after = WebUtility.HtmlDecode(await workspace.Admin.GetPageAsync(url));
        after.ShouldContain($"value=\"add-{bankId}\"", Case.Sensitive, "the original can be added again");
        after.ShouldContain($"An edited version is in this job as <a href=\"/app/jobs/{jobId}#question-{fromBank["id"]}\">question {fromBank["position"]}</a>");
        var job = WebUtility.HtmlDecode(await workspace.Admin.GetPageAsync($"/app/jobs/{jobId}"));
        job.ShouldContain("Edited from the library");
        (await JobPagesApp.QuestionsAsync(workspace.Api, jobId)).Single(q => q!["id"]!.GetValue<string>() == fromBank["id"]!.GetValue<string>())!["source"]!
            .GetValue<string>().ShouldBe("custom");
    }

    [Fact]
    public async Task Adding_a_question_that_overlaps_one_in_the_job_warns()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var jobId = await JobPagesApp.CreateJobThroughPageAsync(workspace.Admin);
        // The job asks a question; the library holds one on the same topic (same competency and skill) not yet in the job.
        var questions = await JobPagesApp.QuestionsAsync(workspace.Api, jobId);
        var inJob = questions.Select(q => q!["bank_id"]?.GetValue<string>()).OfType<string>().ToHashSet();
        var (existing, similar) = questions.Where(q => q!["bank_id"] is not null)
            .SelectMany(q => QuestionBank.Default.Questions
                .Where(b => !inJob.Contains(b.Id) && b.Competency == q!["competency"]!.GetValue<string>()
                    && b.Skills.Intersect(q["skills"]!.AsArray().Select(s => s!.GetValue<string>())).Any())
                .Select(b => (q, b)))
            .First();
        var url = $"/app/jobs/{jobId}/library?family=all&q={Uri.EscapeDataString(similar.Text)}";
        var page = WebUtility.HtmlDecode(await workspace.Admin.GetPageAsync(url));
        existing.ShouldNotBeNull();
        page.ShouldContain("Overlaps question ");

        var after = WebUtility.HtmlDecode(await workspace.Admin.SubmitExpectingPageAsync(url, $"add-{similar.Id}", new Dictionary<string, string>()));
        after.ShouldContain($"Added as question {questions.Count + 1}. Note: it overlaps question ");
    }

    [GeneratedRegex("name=\"_handler\" value=\"add-(?<id>[^\"]+)\"")]
    private static partial Regex AddFormPattern();
}
