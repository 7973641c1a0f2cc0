using System.Text.Json;
using Candor.Engine.Ai;
using Candor.Engine.Ai.Llm;
using Candor.Engine.Ai.Offline;
using Candor.Engine.Questions;
using Candor.Engine.Scoring;

namespace Candor.Engine.Tests.Ai;

public class LlmWritersTests
{
    private static readonly JobDescription Job = new(
        "Senior Backend Engineer",
        "We build payment APIs in C# and PostgreSQL on Kubernetes. You will design services, tune queries and mentor engineers.");

    private static string Plan(int count, Func<int, object>? shape = null) => JsonSerializer.Serialize(new
    {
        questions = Enumerable.Range(0, count).Select(i => shape?.Invoke(i) ?? new
        {
            text = $"Question number {i}: how would you approach problem {i}?",
            competency = i == 0 ? "Warm Up" : "databases",
            kind = i % 3 == 0 ? "behavioural" : i == 4 ? "scenario" : "technical",
            difficulty = i == 0 ? "easy" : "medium",
            expected_points = new[] { "first point", "second point", "third point" },
            follow_up_guide = "What would you check first?",
            scenario_type = i == 4 ? "System Design" : null,
            skills = new[] { "postgresql", "Cobol" },
        }),
    });

    [Fact]
    public async Task The_question_writer_uses_the_offline_analysis_and_the_models_questions()
    {
        var client = new ScriptedChatClient().Reply(Plan(10));

        var draft = await new LlmQuestionWriter(client, LlmFixtures.Options).WriteAsync(Job);

        draft.Provenance.ShouldBe(new Provenance("fake-provider", "fake-model-1", "question_writer.v1"));
        draft.Analysis.ShouldBeEquivalentTo(JobAnalyzer.Default.Analyze(Job));
        draft.Questions.Count.ShouldBe(10);
        draft.Questions.ShouldAllBe(q => q.BankId == null);
        draft.Questions.Select(q => Guid.TryParse(q.Key, out var _)).ShouldAllBe(parsed => parsed);
        draft.Questions.Select(q => q.Key).Distinct().Count().ShouldBe(10);
        draft.Questions[0].Competency.ShouldBe("warm_up");
        draft.Questions[0].Difficulty.ShouldBe(Difficulty.Easy);
        draft.Questions[4].Kind.ShouldBe(QuestionKind.Scenario);
        draft.Questions[4].ScenarioType.ShouldBe("system_design");
        draft.Questions[1].ScenarioType.ShouldBeNull();
        draft.Questions[1].Skills.ShouldBe(["PostgreSQL"]); // only skills the analysis found, by their canonical name
        client.PromptOf(0).ShouldContain("<job_description>");
        client.PromptOf(0).ShouldContain("exactly 10 questions");
    }

    [Fact]
    public async Task The_question_count_comes_from_the_job()
    {
        var client = new ScriptedChatClient().Reply(Plan(12));

        var draft = await new LlmQuestionWriter(client, LlmFixtures.Options).WriteAsync(Job with { QuestionCount = 12 });

        draft.Questions.Count.ShouldBe(12);
    }

    [Fact]
    public async Task Malformed_json_is_repaired_on_the_retry()
    {
        var client = new ScriptedChatClient().Reply("{\"questions\": [ {\"text\": ").Reply(Plan(10));

        var draft = await new LlmQuestionWriter(client, LlmFixtures.Options).WriteAsync(Job);

        draft.Provenance.PromptVersion.ShouldBe("question_writer.v1");
        client.Requests.Count.ShouldBe(2);
    }

    public static TheoryData<string, string> Invalid => new()
    {
        { Plan(9), "exactly 10" },
        { Plan(10, _ => new { text = "Same question?", competency = "x", kind = "technical", difficulty = "easy", expected_points = new[] { "a", "b", "c" }, follow_up_guide = "g", scenario_type = (string?)null, skills = Array.Empty<string>() }), "duplicates" },
        { Plan(10, i => new { text = $"Q{i}?", competency = "x", kind = "trivia", difficulty = "easy", expected_points = new[] { "a", "b", "c" }, follow_up_guide = "g", scenario_type = (string?)null, skills = Array.Empty<string>() }), "kind" },
        { Plan(10, i => new { text = $"Q{i}?", competency = "x", kind = "technical", difficulty = "extreme", expected_points = new[] { "a", "b", "c" }, follow_up_guide = "g", scenario_type = (string?)null, skills = Array.Empty<string>() }), "difficulty" },
        { Plan(10, i => new { text = $"Q{i}?", competency = "x", kind = "technical", difficulty = "easy", expected_points = new[] { "a", "b" }, follow_up_guide = "g", scenario_type = (string?)null, skills = Array.Empty<string>() }), "expected_points" },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public async Task A_plan_that_stays_invalid_falls_back_to_the_offline_writer(string reply, string error)
    {
        var client = new ScriptedChatClient().Reply(reply).Reply(reply);

        var draft = await new LlmQuestionWriter(client, LlmFixtures.Options).WriteAsync(Job);

        draft.Provenance.ShouldBe(Provenance.Offline);
        var offline = await new OfflineQuestionWriter().WriteAsync(Job);
        draft.Questions.Select(q => q.Key).ShouldBe(offline.Questions.Select(q => q.Key));
        client.Requests[1][^1].Text!.ShouldContain(error);
    }

    [Fact]
    public async Task A_provider_error_gives_the_offline_plan()
    {
        var client = new ScriptedChatClient().Throw(new HttpRequestException("429 Too Many Requests"));

        var draft = await new LlmQuestionWriter(client, LlmFixtures.Options).WriteAsync(Job);

        draft.Provenance.ShouldBe(Provenance.Offline);
        draft.Questions.Count.ShouldBe(10);
    }

    private static ReportRequest Outcomes()
    {
        var scorer = new AnswerScorer();
        return new ReportRequest(
            [
                new QuestionOutcome(Fixtures.SlowQuery, true, scorer.Score(new EvaluationRequest(Fixtures.SlowQuery, Fixtures.StrongSlowQuery))),
                new QuestionOutcome(Fixtures.Conflict, true, scorer.Score(new EvaluationRequest(Fixtures.Conflict, Fixtures.ConflictWithoutResult))),
                new QuestionOutcome(Fixtures.ApiDesign, false, null),
            ],
            new RecommendationThresholds(),
            []);
    }

    [Fact]
    public async Task The_report_writer_keeps_every_number_from_the_rules_and_words_the_narrative()
    {
        var reply = JsonSerializer.Serialize(new
        {
            strengths = new[] { "Methodical database troubleshooting, starting from the execution plan." },
            weaknesses = new[] { "The conflict story had no outcome." },
            summary = "A strong technical answer and a partial behavioural one.",
        });
        var client = new ScriptedChatClient().Reply(reply);
        var request = Outcomes();

        var (report, provenance) = await new LlmReportWriter(client, LlmFixtures.Options).WriteAsync(request);

        var rules = new ReportBuilder().Build(request);
        provenance.ShouldBe(new Provenance("fake-provider", "fake-model-1", "report_writer.v1"));
        report.ShouldBeEquivalentTo(rules with { Strengths = report.Strengths, Weaknesses = report.Weaknesses, Summary = report.Summary });
        report.Strengths.ShouldBe(["Methodical database troubleshooting, starting from the execution plan."]);
        report.Summary.ShouldBe("A strong technical answer and a partial behavioural one.");
        client.PromptOf(0).ShouldContain(ReportBuilder.Wire(rules.Recommendation));
    }

    [Fact]
    public async Task With_too_little_evidence_the_writer_is_told_to_recommend_neither_way_and_the_recommendation_stays()
    {
        var reply = JsonSerializer.Serialize(new { strengths = Array.Empty<string>(), weaknesses = Array.Empty<string>(), summary = "Too little to judge." });
        var client = new ScriptedChatClient().Reply(reply);
        var scorer = new AnswerScorer();
        var request = new ReportRequest(
            [
                new QuestionOutcome(Fixtures.SlowQuery, true, scorer.Score(new EvaluationRequest(Fixtures.SlowQuery, Fixtures.StrongSlowQuery))),
                new QuestionOutcome(Fixtures.Conflict, false, null),
                new QuestionOutcome(Fixtures.ApiDesign, false, null),
            ],
            new RecommendationThresholds(),
            []);

        var (report, _) = await new LlmReportWriter(client, LlmFixtures.Options).WriteAsync(request);

        report.Recommendation.ShouldBe(Recommendation.InsufficientEvidence);
        client.PromptOf(0).ShouldContain("recommendation (final): insufficient_evidence");
        client.PromptOf(0).ShouldContain("suggest neither hiring nor rejecting");
    }

    [Fact]
    public async Task An_invalid_narrative_twice_gives_the_offline_report()
    {
        var bad = JsonSerializer.Serialize(new { strengths = new[] { "" }, weaknesses = Array.Empty<string>(), summary = "" });
        var client = new ScriptedChatClient().Reply(bad).Reply(bad);
        var request = Outcomes();

        var (report, provenance) = await new LlmReportWriter(client, LlmFixtures.Options).WriteAsync(request);

        provenance.ShouldBe(Provenance.Offline);
        report.ShouldBeEquivalentTo(new ReportBuilder().Build(request));
    }

    [Fact]
    public async Task A_provider_error_gives_the_offline_report()
    {
        var client = new ScriptedChatClient().Throw(new TaskCanceledException());

        var (_, provenance) = await new LlmReportWriter(client, LlmFixtures.Options).WriteAsync(Outcomes());

        provenance.ShouldBe(Provenance.Offline);
    }

    [Fact]
    public void Every_prompt_is_embedded_with_its_version()
    {
        foreach (var prompt in new[] { PromptLibrary.QuestionWriter, PromptLibrary.Interviewer, PromptLibrary.Evaluator, PromptLibrary.ReportWriter })
        {
            prompt.Text.Length.ShouldBeGreaterThan(200);
            prompt.Version.ShouldEndWith(".v1");
        }

        PromptLibrary.Evaluator.Text.ShouldContain("<candidate_answer>");
        Should.Throw<InvalidOperationException>(() => PromptLibrary.Get("nope.v9"));
    }
}
