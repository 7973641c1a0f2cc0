using Candor.Engine.Questions;
using Candor.Engine.Scoring;

namespace Candor.Engine.Tests.Scoring;

/// <summary>When the report has too little to go on it says so, instead of turning missing answers into a "no hire".</summary>
public class InsufficientEvidenceTests
{
    private static readonly ReportBuilder Builder = new();

    private static AnswerEvaluation Eval(int score, params RedFlag[] flags) => new(
        score, [.. Criteria.All.Select(c => new CriterionScore(c, score, "r", []))], [], [], flags, "f");

    private static InterviewQuestion Q(int index) =>
        new($"q{index}", $"Question {index}?", "general", QuestionKind.Technical, Difficulty.Medium, ["point a"], "", []);

    private static RedFlag Flag(string code) => new(code, "d", "e");

    /// <summary>A plan of <paramref name="planned"/> questions where the first <paramref name="answered"/> got the given evaluation and the rest were never reached.</summary>
    private static InterviewReport Interview(int planned, int answered, Func<int, AnswerEvaluation> evaluation, Func<int, bool>? unsure = null) =>
        Builder.Build(new ReportRequest(
            [.. Enumerable.Range(0, planned).Select(i => new QuestionOutcome(Q(i), i < answered, i < answered ? evaluation(i) : null, unsure?.Invoke(i) ?? false))],
            new RecommendationThresholds(),
            []));

    [Fact]
    public void Ending_after_2_of_10_questions_is_not_enough_evidence_even_with_good_answers()
    {
        var report = Interview(10, 2, _ => Eval(90));
        report.Recommendation.ShouldBe(Recommendation.InsufficientEvidence);
        report.Summary.ShouldContain("only 2 of 10 planned questions");
        report.RedFlags.ShouldContain(f => f.Code == RedFlagCodes.IncompleteInterview);
    }

    [Fact]
    public void Ending_after_2_of_10_weak_answers_is_not_a_confident_no_hire()
    {
        var report = Interview(10, 2, _ => Eval(20));
        report.Overall.ShouldBeLessThan(45); // the zeros of the unanswered questions would have said no_hire
        report.Recommendation.ShouldBe(Recommendation.InsufficientEvidence);
    }

    [Theory]
    [InlineData(10, 5, true)]
    [InlineData(10, 4, false)]
    [InlineData(8, 4, true)]
    [InlineData(8, 3, false)]
    [InlineData(3, 2, true)]
    [InlineData(3, 1, false)]
    [InlineData(2, 1, true)]
    [InlineData(1, 1, true)]
    [InlineData(1, 0, false)]
    [InlineData(0, 0, false)]
    public void Half_the_planned_questions_answered_usably_is_the_boundary(int planned, int usable, bool enough)
    {
        ReportBuilder.HasEnoughEvidence(usable, planned).ShouldBe(enough);
        if (planned > 0)
        {
            var report = Interview(planned, usable, _ => Eval(70));
            (report.Recommendation != Recommendation.InsufficientEvidence).ShouldBe(enough);
            if (enough)
            {
                report.Recommendation.ShouldBe(Recommendation.Hire);
            }
        }
    }

    [Theory]
    [InlineData(RedFlagCodes.EmptyAnswer)]
    [InlineData(RedFlagCodes.OffTopic)]
    public void Answers_that_are_empty_or_off_topic_do_not_count_as_evidence(string code)
    {
        // All 8 answered, but 5 are unusable: 3 usable of 8 is under half.
        var report = Interview(8, 8, i => i < 5 ? Eval(0, Flag(code)) : Eval(75));
        report.Recommendation.ShouldBe(Recommendation.InsufficientEvidence);

        // 4 unusable leaves 4 of 8: exactly half is enough.
        Interview(8, 8, i => i < 4 ? Eval(0, Flag(code)) : Eval(75)).Recommendation.ShouldNotBe(Recommendation.InsufficientEvidence);
    }

    [Fact]
    public void Declining_every_question_is_evidence_a_panel_can_judge()
    {
        var report = Interview(8, 8, _ => Eval(0, Flag(RedFlagCodes.EvasiveAnswer)));
        report.Recommendation.ShouldBe(Recommendation.NoHire);
    }

    [Fact]
    public void An_injection_that_left_a_real_answer_still_counts_as_evidence_and_is_downgraded()
    {
        var report = Interview(4, 4, _ => Eval(70, Flag(RedFlagCodes.PromptInjection)));
        report.Recommendation.ShouldBe(Recommendation.LeanNo);
    }

    [Fact]
    public void An_answer_that_was_only_an_injection_is_empty_once_removed_and_does_not_count()
    {
        var report = Interview(4, 4, i => i < 3 ? Eval(0, Flag(RedFlagCodes.PromptInjection), Flag(RedFlagCodes.EmptyAnswer)) : Eval(90));
        report.Recommendation.ShouldBe(Recommendation.InsufficientEvidence);
    }

    [Fact]
    public void Answers_speech_recognition_was_unsure_of_do_not_count()
    {
        var report = Interview(6, 6, _ => Eval(80), unsure: i => i < 4);
        report.Recommendation.ShouldBe(Recommendation.InsufficientEvidence);
        Interview(6, 6, _ => Eval(80), unsure: i => i < 3).Recommendation.ShouldBe(Recommendation.StrongHire);
    }

    [Fact]
    public void A_silent_candidate_gets_not_enough_evidence()
    {
        var report = Interview(8, 8, _ => Eval(0, Flag(RedFlagCodes.EmptyAnswer)));
        report.Overall.ShouldBe(0);
        report.Recommendation.ShouldBe(Recommendation.InsufficientEvidence);
        report.Summary.ShouldContain("This is not a judgement of the candidate either way");
    }

    [Fact]
    public void The_wire_name_is_insufficient_evidence() =>
        ReportBuilder.Wire(Recommendation.InsufficientEvidence).ShouldBe("insufficient_evidence");
}
