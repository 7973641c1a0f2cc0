using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Data.Entities;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features;

/// <summary>Per-job interview settings (stage type, tools), their snapshot on interviews, consent and code answers.</summary>
public sealed class InterviewSettingsTests(CandorApp app) : IClassFixture<CandorApp>
{
    private static readonly string[] CandidateForbiddenWords = ["score", "evaluation", "rubric", "expected_points", "recommendation"];

    public const string SalesJobDescription = """
        We are hiring an Account Executive to win new mid-market customers for our B2B SaaS platform.
        You will prospect, run discovery calls and demos, negotiate and close deals, and manage a pipeline in Salesforce.
        3+ years of quota-carrying sales experience; you consistently hit quota and forecast accurately.
        """;

    [Fact]
    public async Task A_new_job_takes_the_stage_of_its_role_family_and_that_stages_tools_unless_told_otherwise()
    {
        var driver = new InterviewDriver(app, await app.CreateTenantAsync());
        var backend = await driver.CreateJobAsync();
        backend["role_family"]!.GetValue<string>().ShouldBe("backend");
        backend["stage_type"]!.GetValue<string>().ShouldBe("technical_ai_assisted");
        ShouldBeTools(backend["tools"]!, "text", codeEditor: true, whiteboard: false);

        var sales = await driver.CreateJobAsync("Account Executive", SalesJobDescription);
        sales["role_family"]!.GetValue<string>().ShouldBe("sales");
        sales["stage_type"]!.GetValue<string>().ShouldBe("behavioural", "no sales job defaults to a technical stage");
        ShouldBeTools(sales["tools"]!, "text", codeEditor: false, whiteboard: false);

        // An explicit stage wins over the role family's, and brings its own tools when none are given.
        var explicitStage = await (await driver.Api.PostJson("/api/v1/jobs", new
        {
            title = "Account Executive", description = SalesJobDescription, stage_type = "technical_ai_assisted",
        })).Json(HttpStatusCode.Created);
        explicitStage["stage_type"]!.GetValue<string>().ShouldBe("technical_ai_assisted");
        ShouldBeTools(explicitStage["tools"]!, "text", codeEditor: true, whiteboard: false);

        var created = await (await driver.Api.PostJson("/api/v1/jobs", new
        {
            title = "Support Engineer",
            description = InterviewDriver.BackendJobDescription,
            stage_type = "behavioural",
            tools = new { mode = "voice", code_editor = true },
        })).Json(HttpStatusCode.Created);
        created["stage_type"]!.GetValue<string>().ShouldBe("behavioural");
        ShouldBeTools(created["tools"]!, "voice", codeEditor: true, whiteboard: false);
        var read = await driver.Api.GetJson($"/api/v1/jobs/{created["id"]}");
        read["stage_type"]!.GetValue<string>().ShouldBe("behavioural");
        ShouldBeTools(read["tools"]!, "voice", codeEditor: true, whiteboard: false);
    }

    [Fact]
    public async Task Bad_settings_on_create_are_400s_naming_the_fields_and_create_nothing()
    {
        var tenant = await app.CreateTenantAsync();
        var problem = await (await tenant.Client.PostJson("/api/v1/jobs", new
        {
            title = "Engineer",
            description = InterviewDriver.BackendJobDescription,
            stage_type = "interrogation",
            tools = new { mode = "telepathy" },
        })).Problem(HttpStatusCode.BadRequest);
        problem["errors"]!["stage_type"]![0]!.GetValue<string>().ShouldContain("behavioural, technical_ai_assisted, ai_conversational");
        problem["errors"]!["tools.mode"]![0]!.GetValue<string>().ShouldContain("text, voice");

        var wrongType = await (await tenant.Client.PostRaw("/api/v1/jobs",
            """{"title":"Engineer","description":"Builds things for a living","tools":{"code_editor":"yes"}}""")).Problem(HttpStatusCode.BadRequest);
        wrongType["detail"]!.GetValue<string>().ShouldContain("tools.code_editor");
        (await tenant.Client.GetJson("/api/v1/jobs"))["total"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task Put_settings_replaces_them_validates_and_keeps_to_its_tenant()
    {
        var owner = await app.CreateTenantAsync("Owner");
        var driver = new InterviewDriver(app, owner);
        var jobId = (await driver.CreateJobAsync())["id"]!.GetValue<string>();

        var updated = await (await owner.Client.PutJson($"/api/v1/jobs/{jobId}/settings", new
        {
            stage_type = "conversational",
            tools = new { mode = "text", code_editor = true, whiteboard = true },
        })).Json();
        updated["stage_type"]!.GetValue<string>().ShouldBe("ai_conversational", "the old name is an alias of the new one");
        ShouldBeTools(updated["tools"]!, "text", codeEditor: true, whiteboard: true);
        updated["questions"]!.AsArray().Count.ShouldBeGreaterThan(0, "settings leave the questions alone");

        var missing = await (await owner.Client.PutJson($"/api/v1/jobs/{jobId}/settings", new { })).Problem(HttpStatusCode.BadRequest);
        missing["errors"]!["stage_type"].ShouldNotBeNull();
        missing["errors"]!["tools"].ShouldNotBeNull();
        var bad = await (await owner.Client.PutJson($"/api/v1/jobs/{jobId}/settings", new { stage_type = "Technical!", tools = new { mode = "video" } }))
            .Problem(HttpStatusCode.BadRequest);
        bad["errors"]!["stage_type"].ShouldNotBeNull();
        bad["errors"]!["tools.mode"].ShouldNotBeNull();

        // Nothing half-written by the failures.
        var read = await owner.Client.GetJson($"/api/v1/jobs/{jobId}");
        read["stage_type"]!.GetValue<string>().ShouldBe("ai_conversational");
        ShouldBeTools(read["tools"]!, "text", codeEditor: true, whiteboard: true);

        var intruder = await app.CreateTenantAsync("Intruder");
        var valid = new { stage_type = "technical", tools = new { mode = "text" } };
        await (await intruder.Client.PutJson($"/api/v1/jobs/{jobId}/settings", valid)).Problem(HttpStatusCode.NotFound);
        await (await intruder.Client.PutJson($"/api/v1/jobs/{Guid.NewGuid()}/settings", valid)).Problem(HttpStatusCode.NotFound);
        var reader = await app.CreateTenantAsync("Readers", "interviews:read");
        await (await reader.Client.PutJson($"/api/v1/jobs/{jobId}/settings", valid)).Problem(HttpStatusCode.Forbidden);
        (await owner.Client.GetJson($"/api/v1/jobs/{jobId}"))["stage_type"]!.GetValue<string>().ShouldBe("ai_conversational");
    }

    [Fact]
    public async Task Interviews_keep_the_settings_they_were_scheduled_with()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var jobId = Guid.Parse((await driver.CreateJobAsync())["id"]!.GetValue<string>());
        await (await tenant.Client.PutJson($"/api/v1/jobs/{jobId}/settings", new { stage_type = "behavioural", tools = new { mode = "text", code_editor = true } })).Json();
        var before = await driver.ScheduleAsync(jobId);
        await (await tenant.Client.PutJson($"/api/v1/jobs/{jobId}/settings", new { stage_type = "technical", tools = new { mode = "voice" } })).Json();
        var after = await driver.ScheduleAsync(jobId);

        var first = await app.Candidate().GetJson($"/api/v1/sessions/{before.Token}");
        first["stage_type"]!.GetValue<string>().ShouldBe("behavioural");
        ShouldBeTools(first["tools"]!, "text", codeEditor: true, whiteboard: false);
        var second = await app.Candidate().GetJson($"/api/v1/sessions/{after.Token}");
        second["stage_type"]!.GetValue<string>().ShouldBe("technical_ai_assisted");
        ShouldBeTools(second["tools"]!, "voice", codeEditor: false, whiteboard: false);
    }

    [Fact]
    public async Task Stage_values_stored_under_the_old_names_are_migrated_to_the_new_ones()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var jobId = Guid.Parse((await driver.CreateJobAsync("Account Executive", SalesJobDescription))["id"]!.GetValue<string>());
        var scheduled = await driver.ScheduleAsync(jobId);
        var migration = MigrationText("0026_stage_types_and_technical_room_quota.sql");
        var updates = string.Join("\n", migration.Split('\n').Where(l => l.StartsWith("UPDATE ", StringComparison.Ordinal)));
        updates.ShouldNotBeEmpty();

        var (jobStage, interviewStage) = await app.WithDbAsync(tenant.OrganizationId, async db =>
        {
            // Put the rows back as a database from before 0026 held them (its CHECKs undone inside this transaction only),
            // run the migration's own UPDATEs, read the result, and leave nothing behind.
            await using var transaction = await db.Database.BeginTransactionAsync();
            await db.Database.ExecuteSqlRawAsync("ALTER TABLE jobs DROP CONSTRAINT ck_jobs_stage_type; ALTER TABLE interviews DROP CONSTRAINT ck_interviews_stage_type");
            await db.Database.ExecuteSqlAsync($"UPDATE jobs SET stage_type = 'technical' WHERE id = {jobId}");
            await db.Database.ExecuteSqlAsync($"UPDATE interviews SET stage_type = 'conversational' WHERE id = {scheduled.InterviewId}");
            await db.Database.ExecuteSqlRawAsync(updates);
            var job = await db.Jobs.AsNoTracking().Where(j => j.Id == jobId).Select(j => j.StageType).SingleAsync();
            var interview = await db.Interviews.AsNoTracking().Where(i => i.Id == scheduled.InterviewId).Select(i => i.StageType).SingleAsync();
            await transaction.RollbackAsync();
            return (job, interview);
        });
        jobStage.ShouldBe(StageType.TechnicalAiAssisted);
        interviewStage.ShouldBe(StageType.AiConversational);
    }

    private static string MigrationText(string file)
    {
        var assembly = typeof(Candor.Web.Data.CandorDbContext).Assembly;
        var name = assembly.GetManifestResourceNames().Single(n => n.EndsWith(file, StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(name)!);
        return reader.ReadToEnd();
    }

    [Fact]
    public async Task Start_records_consent_when_given_and_still_starts_without_a_body()
    {
        var driver = new InterviewDriver(app, await app.CreateTenantAsync());
        var job = Guid.Parse((await driver.CreateJobAsync())["id"]!.GetValue<string>());
        var candidate = app.Candidate();

        var consenting = await driver.ScheduleAsync(job);
        (await candidate.GetJson($"/api/v1/sessions/{consenting.Token}"))["consented_at"]!.ShouldBeNull();
        var refused = await (await candidate.PostJson($"/api/v1/sessions/{consenting.Token}/start", new { consent = false })).Problem(HttpStatusCode.BadRequest);
        refused["errors"]!["consent"].ShouldNotBeNull();
        (await candidate.GetJson($"/api/v1/sessions/{consenting.Token}"))["status"]!.GetValue<string>().ShouldBe("scheduled", "a refused start starts nothing");

        await (await candidate.PostJson($"/api/v1/sessions/{consenting.Token}/start", new { consent = true })).Json();
        var session = await candidate.GetJson($"/api/v1/sessions/{consenting.Token}");
        var consentedAt = session["consented_at"]!.GetValue<DateTimeOffset>();
        await (await candidate.PostJson($"/api/v1/sessions/{consenting.Token}/start", new { consent = true })).Json();
        (await candidate.GetJson($"/api/v1/sessions/{consenting.Token}"))["consented_at"]!.GetValue<DateTimeOffset>().ShouldBe(consentedAt, "a resume keeps the first consent");

        // Existing API clients: no body at all, not even a content type.
        var silent = await driver.ScheduleAsync(job);
        var started = await (await candidate.PostAsync($"/api/v1/sessions/{silent.Token}/start", content: null)).Json();
        started["turn_id"].ShouldNotBeNull();
        (await candidate.GetJson($"/api/v1/sessions/{silent.Token}"))["consented_at"].ShouldBeNull();
    }

    [Fact]
    public async Task Code_sent_with_an_answer_is_kept_on_the_turn_for_the_candidate_and_the_recruiter()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var interview = await driver.ScheduleNewAsync();
        var candidate = app.Candidate();
        var intro = await driver.StartAsync(interview.Token);
        var question = await driver.AnswerAsync(interview.Token, intro, "Hi, I build APIs in C#.");

        var tooLong = await (await candidate.PostJson($"/api/v1/sessions/{interview.Token}/answers",
            new { turn_id = question["turn_id"]!.GetValue<string>(), text = "see code", code = new string('x', 50_001) })).Problem(HttpStatusCode.BadRequest);
        tooLong["errors"]!["code"].ShouldNotBeNull();

        const string code = "def dedupe(items):\n    return list(dict.fromkeys(items))\n";
        await (await candidate.PostJson($"/api/v1/sessions/{interview.Token}/answers",
            new { turn_id = question["turn_id"]!.GetValue<string>(), text = "Here is my approach.", code })).Json();

        var response = await candidate.GetAsync($"/api/v1/sessions/{interview.Token}");
        var body = await response.Content.ReadAsStringAsync();
        var session = JsonNode.Parse(body)!;
        session["transcript"]!.AsArray().Single(t => t!["turn_id"]!.GetValue<string>() == question["turn_id"]!.GetValue<string>())!["code"]!
            .GetValue<string>().ShouldBe(code);
        foreach (var word in CandidateForbiddenWords)
        {
            body.ShouldNotContain(word, Case.Insensitive);
        }

        var results = await tenant.Client.GetJson($"/api/v1/interviews/{interview.InterviewId}/results");
        var turns = results["transcript"]!.AsArray();
        turns.Single(t => t!["turn_id"]!.GetValue<string>() == question["turn_id"]!.GetValue<string>())!["code"]!.GetValue<string>().ShouldBe(code);
        turns.Single(t => t!["turn_id"]!.GetValue<string>() == intro["turn_id"]!.GetValue<string>())!["code"].ShouldBeNull();
    }

    private static void ShouldBeTools(JsonNode tools, string mode, bool codeEditor, bool whiteboard)
    {
        tools["mode"]!.GetValue<string>().ShouldBe(mode);
        tools["code_editor"]!.GetValue<bool>().ShouldBe(codeEditor);
        tools["whiteboard"]!.GetValue<bool>().ShouldBe(whiteboard);
    }
}
