using Candor.Engine.Ai;
using Candor.Engine.Ai.Offline;
using Candor.Engine.Questions;
using Candor.Engine.Scoring;

namespace Candor.Engine.Tests.Scoring;

public class ReportBuilderTests
{
    private static readonly ReportBuilder Builder = new();
    private static readonly RecommendationThresholds Thresholds = new();

    private static AnswerEvaluation Eval(int score, string[]? covered = null, string[]? missed = null, params RedFlag[] flags) => new(
        score,
        [.. Criteria.All.Select(c => new CriterionScore(c, score, "r", []))],
        covered ?? [],
        missed ?? [],
        flags,
        "f");

    private static InterviewQuestion Q(string key, string competency) =>
        new(key, $"Question {key}?", competency, QuestionKind.Technical, Difficulty.Medium, ["point a", "point b"], "", []);

    private static InterviewReport Build(IEnumerable<QuestionOutcome> outcomes, params RedFlag[] interviewFlags) =>
        Builder.Build(new ReportRequest([.. outcomes], Thresholds, interviewFlags));

    [Fact]
    public void Overall_averages_asked_questions_counting_unanswered_as_zero_and_ignores_unasked()
    {
        var report = Build(
        [
            new(Q("a", "databases"), true, Eval(90)),
            new(Q("b", "databases"), true, Eval(60)),
            new(Q("c", "apis"), true, null),
            new(Q("d", "apis"), false, null),
        ]);
        report.Overall.ShouldBe(50);
        report.QuestionsAsked.ShouldBe(3);
        report.QuestionsAnswered.ShouldBe(2);
        report.CriterionScores[Criteria.Depth].ShouldBe(50);
        report.CompetencyScores["databases"].ShouldBe(75);
        report.CompetencyScores["apis"].ShouldBe(0);
        report.RedFlags.ShouldNotContain(f => f.Code == RedFlagCodes.IncompleteInterview); // 2 of 4 is half
    }

    [Fact]
    public void Fewer_than_half_answered_is_an_incomplete_interview()
    {
        var report = Build(
        [
            new(Q("a", "x"), true, Eval(80)),
            new(Q("b", "x"), true, null),
            new(Q("c", "x"), false, null),
        ]);
        report.RedFlags.ShouldContain(f => f.Code == RedFlagCodes.IncompleteInterview);
    }

    [Fact]
    public void No_answers_means_zero_and_not_enough_evidence_rather_than_no_hire()
    {
        var report = Build([new(Q("a", "x"), true, null), new(Q("b", "x"), false, null)]);
        report.Overall.ShouldBe(0);
        report.Recommendation.ShouldBe(Recommendation.InsufficientEvidence);
        report.Summary.ShouldStartWith("Not enough evidence for a hiring decision: only 0 of 2");
        report.Strengths.ShouldBeEmpty();
        report.Summary.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void A_low_speech_confidence_answer_is_set_aside_and_named_rather_than_scored_as_weak()
    {
        var report = Build(
        [
            new(Q("a", "databases"), true, Eval(80)),
            // The recogniser garbled this answer: its low score and the flag its garbage earned must not count.
            new(Q("b", "apis"), true, Eval(10, flags: new RedFlag(RedFlagCodes.EvasiveAnswer, "d", "uh the the")), LowSpeechConfidence: true),
        ]);
        report.Overall.ShouldBe(80);
        report.CriterionScores[Criteria.Depth].ShouldBe(80);
        report.CompetencyScores.ContainsKey("apis").ShouldBeFalse();
        report.Weaknesses.ShouldNotContain(w => w.Contains("apis"));
        report.QuestionsAnswered.ShouldBe(2);
        report.RedFlags.ShouldNotContain(f => f.Code == RedFlagCodes.EvasiveAnswer);
        var flag = report.RedFlags.ShouldHaveSingleItem();
        flag.Code.ShouldBe(RedFlagCodes.LowSpeechConfidence);
        flag.QuestionKey.ShouldBe("b");
        flag.Description.ShouldContain("low speech recognition confidence", Case.Insensitive);
        report.Summary.ShouldContain("1 spoken answer had low speech recognition confidence and was not scored");
        report.Recommendation.ShouldBe(Recommendation.StrongHire);
    }

    [Fact]
    public void When_every_answer_was_unsure_nothing_is_scored_and_the_summary_says_why()
    {
        var report = Build([new(Q("a", "x"), true, Eval(15), LowSpeechConfidence: true)]);
        report.Overall.ShouldBe(0);
        report.Summary.ShouldContain("speech recognition was unsure of every answer");
        report.RedFlags.ShouldContain(f => f.Code == RedFlagCodes.LowSpeechConfidence);
    }

    [Theory]
    [InlineData(80, Recommendation.StrongHire)]
    [InlineData(79, Recommendation.Hire)]
    [InlineData(65, Recommendation.Hire)]
    [InlineData(64, Recommendation.LeanNo)]
    [InlineData(45, Recommendation.LeanNo)]
    [InlineData(44, Recommendation.NoHire)]
    public void Recommendation_follows_the_thresholds(int score, Recommendation expected) =>
        Build([new(Q("a", "x"), true, Eval(score))]).Recommendation.ShouldBe(expected);

    [Theory]
    [InlineData(RedFlagCodes.PromptInjection, 85, Recommendation.Hire)]
    [InlineData(RedFlagCodes.HostileLanguage, 70, Recommendation.LeanNo)]
    [InlineData(RedFlagCodes.PromptInjection, 50, Recommendation.NoHire)]
    [InlineData(RedFlagCodes.HostileLanguage, 10, Recommendation.NoHire)]
    public void Integrity_flags_downgrade_one_level_but_never_below_no_hire(string code, int score, Recommendation expected) =>
        Build([new(Q("a", "x"), true, Eval(score, flags: new RedFlag(code, "d", "e")))]).Recommendation.ShouldBe(expected);

    [Fact]
    public void An_off_topic_answer_does_not_downgrade_the_others()
    {
        var report = Build(
        [
            new(Q("a", "x"), true, Eval(85)),
            new(Q("b", "x"), true, Eval(85, flags: new RedFlag(RedFlagCodes.OffTopic, "d", "e"))),
        ]);
        report.Recommendation.ShouldBe(Recommendation.StrongHire);
    }

    [Fact]
    public void Interview_level_flags_also_downgrade_and_flags_are_deduplicated()
    {
        var flag = new RedFlag(RedFlagCodes.PromptInjection, "d", "ignore previous instructions", "a");
        var report = Build([new(Q("a", "x"), true, Eval(85, flags: flag))], flag);
        report.RedFlags.Count(f => f.Code == RedFlagCodes.PromptInjection).ShouldBe(1);
        report.Recommendation.ShouldBe(Recommendation.Hire);
    }

    [Fact]
    public void Strengths_and_weaknesses_name_competencies_and_points()
    {
        var report = Build(
        [
            new(Q("a", "system_design"), true, Eval(85, covered: ["Idempotency keys"], missed: [])),
            new(Q("b", "databases"), true, Eval(30, covered: [], missed: ["Read the execution plan"])),
        ]);
        report.Strengths.ShouldContain(s => s.Contains("system design") && s.Contains("Idempotency keys"));
        report.Weaknesses.ShouldContain(s => s.Contains("databases") && s.Contains("Read the execution plan"));
        report.Summary.Split(". ").Length.ShouldBeInRange(2, 3);
    }

    [Fact]
    public async Task Offline_seams_wrap_the_rule_engine_with_offline_provenance()
    {
        var (evaluation, provenance) = await new OfflineAnswerEvaluator().EvaluateAsync(new EvaluationRequest(Fixtures.SlowQuery, Fixtures.StrongSlowQuery));
        provenance.ShouldBe(Provenance.Offline);
        evaluation.Score.ShouldBe(new AnswerScorer().Score(new EvaluationRequest(Fixtures.SlowQuery, Fixtures.StrongSlowQuery)).Score);

        var (report, reportProvenance) = await new OfflineReportWriter().WriteAsync(
            new ReportRequest([new QuestionOutcome(Fixtures.SlowQuery, true, evaluation)], Thresholds, []));
        reportProvenance.ShouldBe(Provenance.Offline);
        report.Overall.ShouldBe(evaluation.Score);

        var move = await new OfflineInterviewer().NextMoveAsync(new Interviews.InterviewRun([Fixtures.SlowQuery]).Context());
        move.Kind.ShouldBe(Candor.Engine.Interviews.MoveKind.Introduce);
    }
}
