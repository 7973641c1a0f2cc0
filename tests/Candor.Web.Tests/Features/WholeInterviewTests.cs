using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features;

/// <summary>The product's core loop over HTTP: job → questions → schedule → interview → scores → report.</summary>
public sealed class WholeInterviewTests(CandorApp app) : IClassFixture<CandorApp>
{
    [Fact]
    public async Task A_job_description_becomes_8_to_12_questions_with_rubrics_fitted_to_the_role()
    {
        var tenant = await app.CreateTenantAsync();
        var job = await new InterviewDriver(app, tenant).CreateJobAsync();

        job["role_family"]!.GetValue<string>().ShouldBe("backend");
        job["seniority"]!.GetValue<string>().ShouldBe("senior");
        job["skills"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).ShouldContain("PostgreSQL");
        job["skills"]!.AsArray().Select(s => s!["name"]!.GetValue<string>()).ShouldContain("Kubernetes");
        var questions = job["questions"]!.AsArray();
        questions.Count.ShouldBeInRange(8, 12);
        questions.Select(q => q!["text"]!.GetValue<string>()).Distinct().Count().ShouldBe(questions.Count);
        foreach (var question in questions)
        {
            question!["rubric"]!["expected_points"]!.AsArray().Count.ShouldBeGreaterThanOrEqualTo(3);
            question["competency"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
            question["difficulty"]!.GetValue<string>().ShouldBeOneOf("easy", "medium", "hard");
        }
        job["provenance"]!["provider"]!.GetValue<string>().ShouldBe("offline");

        var fetched = await tenant.Client.GetJson($"/api/v1/jobs/{job["id"]}");
        fetched["questions"]!.AsArray().Count.ShouldBe(questions.Count);
        var list = await tenant.Client.GetJson("/api/v1/jobs");
        list["total"]!.GetValue<int>().ShouldBe(1);
        list["items"]![0]!["question_count"]!.GetValue<int>().ShouldBe(questions.Count);
    }

    [Fact]
    public async Task A_whole_interview_produces_a_report_with_answer_dependent_scores()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var job = await driver.CreateJobAsync();
        var jobId = Guid.Parse(job["id"]!.GetValue<string>());

        var strong = await driver.ScheduleAsync(jobId, "Grace Hopper", "grace@example.com", externalId: "ats-123");
        var weak = await driver.ScheduleAsync(jobId, "Bob Example", "bob@example.com");

        var personas = new CandidatePersonas(job);
        var strongTurns = await driver.CompleteAsync(strong.Token, personas.Strong);
        var weakTurns = await driver.CompleteAsync(weak.Token, CandidatePersonas.Weak);

        strongTurns[0]["kind"]!.GetValue<string>().ShouldBe("intro");
        strongTurns[0]["text"]!.GetValue<string>().ShouldContain("Grace");
        strongTurns[^1]["kind"]!.GetValue<string>().ShouldBe("closing");
        strongTurns[^1]["progress"]!["of"]!.GetValue<int>().ShouldBe(job["questions"]!.AsArray().Count);
        // A weak, vague answer draws follow-ups; the interviewer adapts to what it hears.
        weakTurns.Count(t => t["kind"]!.GetValue<string>() == "follow_up").ShouldBeGreaterThan(0);

        var strongResults = await driver.WaitForResultsAsync(strong.InterviewId);
        var weakResults = await driver.WaitForResultsAsync(weak.InterviewId);

        var strongReport = strongResults["report"]!;
        var weakReport = weakResults["report"]!;
        strongReport["overall"]!.GetValue<int>().ShouldBeGreaterThan(weakReport["overall"]!.GetValue<int>() + 25);
        strongReport["recommendation"]!.GetValue<string>().ShouldBeOneOf("strong_hire", "hire");
        // "Maybe something with computers" answers no question: every answer is off-topic, so there is no evidence
        // either way and the report says so instead of a confident no_hire.
        weakReport["recommendation"]!.GetValue<string>().ShouldBe("insufficient_evidence");
        foreach (var criterion in new[] { "relevance", "depth", "structure", "communication" })
        {
            strongReport["criterion_scores"]![criterion]!.GetValue<int>().ShouldBeInRange(0, 100);
        }
        strongReport["competency_scores"]!.AsObject().Count.ShouldBeGreaterThan(1);
        strongReport["strengths"]!.AsArray().Count.ShouldBeGreaterThan(0);
        weakReport["weaknesses"]!.AsArray().Count.ShouldBeGreaterThan(0);
        strongResults["interview"]!["status"]!.GetValue<string>().ShouldBe("completed");
        strongResults["interview"]!["end_reason"]!.GetValue<string>().ShouldBe("plan_complete");
        strongResults["interview"]!["external_id"]!.GetValue<string>().ShouldBe("ats-123");

        // Every answered question turn carries its scores, rationale and evidence quoted verbatim from the answer.
        var scored = strongResults["transcript"]!.AsArray().Where(t => t!["kind"]!.GetValue<string>() is "question" or "follow_up").ToList();
        scored.ShouldNotBeEmpty();
        foreach (var turn in scored)
        {
            var answer = turn!["answer"]!.GetValue<string>();
            var evaluation = turn["evaluation"]!;
            turn["score"]!.GetValue<int>().ShouldBeInRange(0, 100);
            evaluation["criteria"]!.AsArray().Count.ShouldBe(4);
            foreach (var criterion in evaluation["criteria"]!.AsArray())
            {
                criterion!["rationale"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
                foreach (var quote in criterion["evidence"]!.AsArray())
                {
                    answer.ShouldContain(quote!.GetValue<string>());
                }
            }
            turn["evaluation_provenance"]!["provider"]!.GetValue<string>().ShouldBe("offline");
        }
        strongResults["questions"]!.AsArray().Count.ShouldBe(job["questions"]!.AsArray().Count);
    }

    [Fact]
    public async Task The_candidate_sees_their_transcript_but_never_a_score()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var job = await driver.CreateJobAsync();
        var interview = await driver.ScheduleAsync(Guid.Parse(job["id"]!.GetValue<string>()));
        var turns = await driver.CompleteAsync(interview.Token, new CandidatePersonas(job).Strong);
        await driver.WaitForResultsAsync(interview.InterviewId);

        var session = await app.Candidate().GetJson($"/api/v1/sessions/{interview.Token}");
        session["done"]!.GetValue<bool>().ShouldBeTrue();
        session["transcript"]!.AsArray().Count.ShouldBe(turns.Count);
        var everything = session.ToJsonString() + string.Concat(turns.Select(t => t.ToJsonString()));
        foreach (var secret in new[] { "score", "evaluation", "rubric", "expected_points", "recommendation", "criteria", "covered_points", "missed_points" })
        {
            everything.ShouldNotContain($"\"{secret}", Case.Insensitive);
        }
    }

    [Fact]
    public async Task Listing_filters_by_status_and_job_and_pages()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var jobA = Guid.Parse((await driver.CreateJobAsync())["id"]!.GetValue<string>());
        var jobB = Guid.Parse((await driver.CreateJobAsync("Frontend Engineer", "React and TypeScript developer building accessible UI."))["id"]!.GetValue<string>());
        for (var i = 0; i < 3; i++)
        {
            await driver.ScheduleAsync(jobA, $"Candidate {i}", $"c{i}@example.com");
        }
        var started = await driver.ScheduleAsync(jobB);
        await driver.StartAsync(started.Token);

        var all = await tenant.Client.GetJson("/api/v1/interviews?page_size=2");
        all["total"]!.GetValue<int>().ShouldBe(4);
        all["items"]!.AsArray().Count.ShouldBe(2);
        (await tenant.Client.GetJson("/api/v1/interviews?page=2&page_size=2"))["items"]!.AsArray().Count.ShouldBe(2);
        (await tenant.Client.GetJson($"/api/v1/interviews?job_id={jobA}"))["total"]!.GetValue<int>().ShouldBe(3);
        var inProgress = await tenant.Client.GetJson("/api/v1/interviews?status=in_progress");
        inProgress["total"]!.GetValue<int>().ShouldBe(1);
        inProgress["items"]![0]!["interview_id"]!.GetValue<string>().ShouldBe(started.InterviewId.ToString());
        (await tenant.Client.GetJson("/api/v1/interviews?status=completed"))["total"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task Recruiters_edit_reorder_and_add_questions_and_interviews_use_the_edited_plan()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var job = await driver.CreateJobAsync();
        var questions = job["questions"]!.AsArray();
        var first = questions[0]!;
        var second = questions[1]!;

        var updated = await (await tenant.Client.PutJson($"/api/v1/jobs/{job["id"]}/questions", new
        {
            questions = new object[]
            {
                new { id = second["id"]!.GetValue<string>(), text = second["text"]!.GetValue<string>() },
                new { id = first["id"]!.GetValue<string>(), text = "Walk me through how you would make a slow SQL query fast.", rubric = new { expected_points = new[] { "read the query plan with EXPLAIN", "add a suitable index" } } },
                new { text = "Why do you want to work on logistics software?", competency = "motivation", kind = "behavioural", difficulty = "easy", rubric = new { expected_points = new[] { "specific interest in logistics", "connects to past experience" }, follow_up_guide = "Ask what drew them to the domain." } },
            },
        })).Json();

        var edited = updated["questions"]!.AsArray();
        edited.Count.ShouldBe(3);
        edited[0]!["id"]!.GetValue<string>().ShouldBe(second["id"]!.GetValue<string>());
        edited[1]!["text"]!.GetValue<string>().ShouldBe("Walk me through how you would make a slow SQL query fast.");
        edited[1]!["source"]!.GetValue<string>().ShouldBe("custom");
        edited[1]!["rubric"]!["expected_points"]!.AsArray().Count.ShouldBe(2);
        edited[2]!["competency"]!.GetValue<string>().ShouldBe("motivation");
        edited[2]!["kind"]!.GetValue<string>().ShouldBe("behavioural");
        edited.Select(q => q!["position"]!.GetValue<int>()).ShouldBe([1, 2, 3]);

        var interview = await driver.ScheduleAsync(Guid.Parse(job["id"]!.GetValue<string>()));
        var turns = await driver.CompleteAsync(interview.Token, _ => "I would start with EXPLAIN ANALYZE to read the query plan, then add an index on the filtered columns, and measure again. In one case this took a query from 2 seconds to 20 ms.");
        turns.Count(t => t["kind"]!.GetValue<string>() == "question").ShouldBe(3);
        turns.ShouldContain(t => t["text"]!.GetValue<string>().Contains("slow SQL query"));
    }
}
