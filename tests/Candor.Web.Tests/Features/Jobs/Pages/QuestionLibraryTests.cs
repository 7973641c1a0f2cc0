using System.Net;
using System.Text.RegularExpressions;
using Candor.Engine.Questions;

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

        page.ShouldContain($"<strong>{expected.Count}</strong> question");
        var shown = AddFormPattern().Matches(page).Select(m => m.Groups["id"].Value).ToList();
        Regex.Count(page, "class=\"card library-item\"").ShouldBe(Math.Min(expected.Count, 10), "one page of ten");
        shown.ShouldNotBeEmpty("questions not yet in the job can be added");
        shown.ShouldAllBe(id => expected.Any(q => q.Id == id));

        var none = WebUtility.HtmlDecode(await workspace.Admin.GetPageAsync($"/app/jobs/{jobId}/library?family=all&q=zzzz-no-such-text"));
        none.ShouldContain("No questions match");
        none.ShouldContain("<strong>0</strong> questions match");
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
        first.ShouldContain($"<strong>{backend}</strong> questions match (role family Backend");
        first.ShouldContain("rel=\"next\"");
        var second = await workspace.Admin.GetPageAsync($"/app/jobs/{jobId}/library?family=backend&page=2");
        AddFormPattern().Matches(second).Select(m => m.Groups["id"].Value)
            .ShouldNotContain(AddFormPattern().Match(first).Groups["id"].Value);
    }

    [GeneratedRegex("name=\"_handler\" value=\"add-(?<id>[^\"]+)\"")]
    private static partial Regex AddFormPattern();
}
