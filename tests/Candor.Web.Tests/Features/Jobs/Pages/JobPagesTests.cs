using System.Net;
using Candor.Web.Features.Accounts;
using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.Jobs.Pages;

public sealed class JobPagesTests(JobPagesApp app) : IClassFixture<JobPagesApp>
{
    [Fact]
    public async Task A_recruiter_creates_a_job_through_the_page_and_finds_it_with_its_drafted_questions()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var recruiter = await app.MemberAsync(workspace.OrganizationId, MemberRole.Recruiter);
        (await recruiter.GetPageAsync("/app/jobs")).ShouldContain("Create your first job");

        var newJob = WebUtility.HtmlDecode(await recruiter.GetPageAsync("/app/jobs/new"));
        newJob.ShouldContain("data-busy-label=\"Drafting questions…\"");
        newJob.ShouldContain("value=\"10\"", Case.Sensitive, "10 questions by default");

        var jobId = await JobPagesApp.CreateJobThroughPageAsync(recruiter, "Platform Engineer", questionCount: 9);

        var page = WebUtility.HtmlDecode(await recruiter.GetPageAsync($"/app/jobs/{jobId}?created=1"));
        page.ShouldContain("<h1>Platform Engineer</h1>");
        page.ShouldContain("Job created with 9 drafted questions");
        page.ShouldContain("Backend");
        page.ShouldContain("PostgreSQL", Case.Sensitive, "the detected skills are shown");
        page.ShouldContain($"href=\"/app/interviews/new?job_id={jobId}\"");
        var questions = await JobPagesApp.QuestionsAsync(workspace.Api, jobId);
        questions.Count.ShouldBe(9);
        foreach (var question in questions)
        {
            page.ShouldContain(question!["text"]!.GetValue<string>());
        }

        var list = await recruiter.GetPageAsync("/app/jobs");
        list.ShouldContain("Platform Engineer");
        list.ShouldContain($"href=\"/app/jobs/{jobId}\"");
        list.ShouldNotContain("Create your first job");
    }

    [Fact]
    public async Task Invalid_fields_are_shown_beside_their_inputs_and_nothing_is_created()
    {
        var workspace = await app.CreateWorkspaceAsync();

        var page = await workspace.Admin.SubmitExpectingPageAsync("/app/jobs/new", "new-job", new Dictionary<string, string>
        {
            ["Input.Title"] = "  ", ["Input.Description"] = "Some description", ["Input.QuestionCount"] = "20",
        });

        page.ShouldContain("Please correct the fields marked below.");
        page.ShouldContain("<p class=\"field-error\" id=\"title-error\">This field is required.</p>");
        page.ShouldContain("id=\"question-count-error\">Enter a number from 8 to 12.");
        page.ShouldContain("aria-describedby=\"title-hint title-error\"");
        page.ShouldContain("Some description", Case.Sensitive, "what was typed is kept");
        (await workspace.Api.GetJson("/api/v1/jobs"))["total"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task Questions_are_edited_reordered_removed_and_added_with_the_APIs_rules()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var admin = workspace.Admin;
        var jobId = await JobPagesApp.CreateJobThroughPageAsync(admin);
        var url = $"/app/jobs/{jobId}";
        var ids = (await JobPagesApp.QuestionsAsync(workspace.Api, jobId)).Select(q => q!["id"]!.GetValue<string>()).ToList();

        var saved = await admin.SubmitExpectingPageAsync(url, $"edit-{ids[1]}", new Dictionary<string, string>
        {
            ["Edit.Text"] = "How would you shard a PostgreSQL table?", ["Edit.Competency"] = "databases", ["Edit.Kind"] = "Scenario",
            ["Edit.Difficulty"] = "Hard", ["Edit.ExpectedPoints"] = "Choose a shard key\r\n\r\n Rebalancing \nCross-shard queries",
            ["Edit.FollowUpGuide"] = "Ask about hot partitions.",
        });
        saved.ShouldContain("Question 2 saved.");
        var edited = (await JobPagesApp.QuestionsAsync(workspace.Api, jobId))[1]!;
        edited["text"]!.GetValue<string>().ShouldBe("How would you shard a PostgreSQL table?");
        edited["kind"]!.GetValue<string>().ShouldBe("scenario");
        edited["difficulty"]!.GetValue<string>().ShouldBe("hard");
        edited["rubric"]!["expected_points"]!.AsArray().Select(p => p!.GetValue<string>()).ShouldBe(["Choose a shard key", "Rebalancing", "Cross-shard queries"]);
        edited["rubric"]!["follow_up_guide"]!.GetValue<string>().ShouldBe("Ask about hot partitions.");

        var refused = await admin.SubmitExpectingPageAsync(url, $"edit-{ids[0]}", new Dictionary<string, string>
        {
            ["Edit.Text"] = "", ["Edit.Kind"] = "Technical", ["Edit.Difficulty"] = "Easy", ["Edit.ExpectedPoints"] = "x", ["Edit.FollowUpGuide"] = "",
        });
        refused.ShouldContain($"id=\"edit-{ids[0]}-text-error\">This field is required.");

        (await admin.SubmitExpectingPageAsync(url, $"up-{ids[1]}", new Dictionary<string, string>())).ShouldContain("Question moved to position 1.");
        (await admin.SubmitExpectingPageAsync(url, $"remove-{ids[2]}", new Dictionary<string, string>())).ShouldContain("Question 3 removed.");
        var added = await admin.SubmitExpectingPageAsync(url, "add", new Dictionary<string, string>
        {
            ["Add.Text"] = "Tell me about an outage you led.", ["Add.Competency"] = "ownership", ["Add.Kind"] = "Behavioural",
            ["Add.Difficulty"] = "Medium", ["Add.ExpectedPoints"] = "Timeline\nRoot cause\nFollow-up actions", ["Add.FollowUpGuide"] = "",
        });
        added.ShouldContain("Question 10 added.");

        var after = await JobPagesApp.QuestionsAsync(workspace.Api, jobId);
        after.Select(q => q!["id"]!.GetValue<string>()).Take(2).ShouldBe([ids[1], ids[0]]);
        after.Select(q => q!["id"]!.GetValue<string>()).ShouldNotContain(ids[2]);
        after.Count.ShouldBe(10);
        after[9]!["text"]!.GetValue<string>().ShouldBe("Tell me about an outage you led.");
        after[9]!["source"]!.GetValue<string>().ShouldBe("custom");
        after[9]!["kind"]!.GetValue<string>().ShouldBe("behavioural");
        after.Select(q => q!["position"]!.GetValue<int>()).ShouldBe(Enumerable.Range(1, 10));

        var noPoints = await admin.SubmitExpectingPageAsync(url, "add", new Dictionary<string, string>
        {
            ["Add.Text"] = "A question without a rubric", ["Add.Kind"] = "Technical", ["Add.Difficulty"] = "Easy", ["Add.ExpectedPoints"] = " ",
        });
        noPoints.ShouldContain("id=\"add-expected-points-error\">A new question needs at least one expected point");
        noPoints.ShouldContain("A question without a rubric", Case.Sensitive, "the add form keeps what was typed");
        (await JobPagesApp.QuestionsAsync(workspace.Api, jobId)).Count.ShouldBe(10);
    }

    [Fact]
    public async Task Interview_settings_are_saved_from_the_job_page_with_the_APIs_rules()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var jobId = await JobPagesApp.CreateJobThroughPageAsync(workspace.Admin, "Platform Engineer");
        (await workspace.Admin.GetPageAsync($"/app/jobs/{jobId}")).ShouldContain("Interview settings");

        var saved = await workspace.Admin.SubmitAsync($"/app/jobs/{jobId}", "settings", new Dictionary<string, string>
        {
            ["Settings.StageType"] = "behavioural", ["Settings.Mode"] = "text", ["Settings.CodeEditor"] = "true",
        });
        (await saved.Content.ReadAsStringAsync()).ShouldContain("Interview settings saved");
        var job = await workspace.Api.GetJson($"/api/v1/jobs/{jobId}");
        job["stage_type"]!.GetValue<string>().ShouldBe("behavioural");
        job["tools"]!["code_editor"]!.GetValue<bool>().ShouldBeTrue();
        job["tools"]!["whiteboard"]!.GetValue<bool>().ShouldBeFalse();

        var invalid = await workspace.Admin.SubmitAsync($"/app/jobs/{jobId}", "settings", new Dictionary<string, string>
        {
            ["Settings.StageType"] = "interrogation", ["Settings.Mode"] = "text",
        });
        (await invalid.Content.ReadAsStringAsync()).ShouldContain("stage_type");
        (await workspace.Api.GetJson($"/api/v1/jobs/{jobId}"))["stage_type"]!.GetValue<string>().ShouldBe("behavioural");

        var evaluator = await app.MemberAsync(workspace.OrganizationId, MemberRole.Evaluator);
        (await evaluator.GetPageAsync($"/app/jobs/{jobId}")).ShouldNotContain("Save settings");
        var forged = await JobPagesApp.ForgePostAsync(evaluator, $"/app/jobs/{jobId}", "settings",
            new Dictionary<string, string> { ["Settings.StageType"] = "technical", ["Settings.Mode"] = "voice" });
        forged.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await workspace.Api.GetJson($"/api/v1/jobs/{jobId}"))["tools"]!["mode"]!.GetValue<string>().ShouldBe("text");
    }

    [Fact]
    public async Task An_Evaluator_reads_jobs_but_every_change_is_refused()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var jobId = await JobPagesApp.CreateJobThroughPageAsync(workspace.Admin, "Data Engineer");
        var evaluator = await app.MemberAsync(workspace.OrganizationId, MemberRole.Evaluator);
        var questionId = (await JobPagesApp.QuestionsAsync(workspace.Api, jobId))[0]!["id"]!.GetValue<string>();

        (await evaluator.GetPageAsync("/app/jobs")).ShouldContain("Data Engineer");
        var page = await evaluator.GetPageAsync($"/app/jobs/{jobId}");
        page.ShouldContain("Data Engineer");
        page.ShouldNotContain("Save question");
        page.ShouldNotContain("Schedule interview");

        // Forged with the Evaluator's own valid token: the page shows them no such form.
        var response = await JobPagesApp.ForgePostAsync(evaluator, $"/app/jobs/{jobId}", $"remove-{questionId}");
        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden, await response.Content.ReadAsStringAsync());
        (await JobPagesApp.QuestionsAsync(workspace.Api, jobId)).Count.ShouldBe(10);

        foreach (var recruiterOnly in new[] { "/app/jobs/new", $"/app/jobs/{jobId}/library" })
        {
            var denied = await evaluator.Client.GetAsync(recruiterOnly);
            denied.StatusCode.ShouldBe(HttpStatusCode.Redirect);
            denied.Headers.Location!.OriginalString.ShouldContain("/access-denied");
        }
    }

    [Fact]
    public async Task Another_organisations_job_is_not_found_and_cannot_be_changed()
    {
        var owner = await app.CreateWorkspaceAsync("Owner Org");
        var jobId = await JobPagesApp.CreateJobThroughPageAsync(owner.Admin, "Secret Role");
        var stranger = await app.CreateWorkspaceAsync("Stranger Org");

        var page = await stranger.Admin.GetPageAsync($"/app/jobs/{jobId}", HttpStatusCode.NotFound);
        page.ShouldContain("Job not found");
        page.ShouldNotContain("Secret Role");
        (await stranger.Admin.GetPageAsync($"/app/jobs/{jobId}/library", HttpStatusCode.NotFound)).ShouldContain("Job not found");
        (await stranger.Admin.GetPageAsync($"/app/jobs/{Guid.NewGuid()}", HttpStatusCode.NotFound)).ShouldContain("Job not found");
        (await stranger.Admin.GetPageAsync("/app/jobs")).ShouldNotContain("Secret Role");

        var questionId = (await JobPagesApp.QuestionsAsync(owner.Api, jobId))[0]!["id"]!.GetValue<string>();
        var response = await JobPagesApp.ForgePostAsync(stranger.Admin, $"/app/jobs/{jobId}", $"remove-{questionId}");
        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await JobPagesApp.QuestionsAsync(owner.Api, jobId)).Count.ShouldBe(10);
    }

    [Fact]
    public async Task Forms_without_the_antiforgery_token_are_refused()
    {
        var workspace = await app.CreateWorkspaceAsync();
        var jobId = await JobPagesApp.CreateJobThroughPageAsync(workspace.Admin);
        var questionId = (await JobPagesApp.QuestionsAsync(workspace.Api, jobId))[0]!["id"]!.GetValue<string>();

        var create = await workspace.Admin.Client.PostAsync("/app/jobs/new", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = "new-job", ["Input.Title"] = "Forged", ["Input.Description"] = JobPagesApp.Description, ["Input.QuestionCount"] = "10",
        }));
        create.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var remove = await workspace.Admin.Client.PostAsync($"/app/jobs/{jobId}", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["_handler"] = $"remove-{questionId}",
        }));
        remove.StatusCode.ShouldBe(HttpStatusCode.BadRequest);

        (await workspace.Api.GetJson("/api/v1/jobs"))["total"]!.GetValue<int>().ShouldBe(1);
        (await JobPagesApp.QuestionsAsync(workspace.Api, jobId)).Count.ShouldBe(10);
    }
}
