using Candor.Engine.Ai.Llm;
using Candor.Engine.Interviews;
using Candor.Engine.Questions;

namespace Candor.Engine.Tests.Ai;

public class ConversationWindowTests
{
    private static (List<InterviewQuestion> Plan, List<Turn> Turns) LongInterview(int turnCount, int answerWords)
    {
        var plan = Enumerable.Range(0, turnCount / 2)
            .Select(i => Fixtures.SlowQuery with { Key = $"q{i}", Text = $"Question {i}: how would you handle situation {i}?" })
            .ToList();
        var at = new DateTimeOffset(2025, 1, 1, 9, 0, 0, TimeSpan.Zero);
        var turns = new List<Turn>();
        for (var i = 0; i < turnCount; i++)
        {
            var question = plan[i / 2];
            var answer = $"Answer {i} first sentence. " + string.Join(' ', Enumerable.Repeat("detail", answerWords));
            turns.Add(new Turn(i, i % 2 == 0 ? TurnKind.Question : TurnKind.FollowUp, question.Key, i % 2 == 0 ? question.Text : "Could you say more?", answer, at, at));
        }

        return (plan, turns);
    }

    [Theory]
    [InlineData(6000)]
    [InlineData(1500)]
    [InlineData(250)]
    public void A_sixty_turn_transcript_stays_within_the_budget(int budget)
    {
        var (plan, turns) = LongInterview(60, 120);

        var window = ConversationWindow.Build(turns, plan, budget);

        ConversationWindow.EstimateTokens(window).ShouldBeLessThanOrEqualTo(Math.Max(250, budget));
        window.ShouldContain(turns[^1].Answer![..300]); // the latest answer is always there, cut only when it alone exceeds the budget
        window.Split("<candidate_answer>").Length.ShouldBe(window.Split("</candidate_answer>").Length);
    }

    [Fact]
    public void Older_turns_are_folded_into_one_summary_line_per_question()
    {
        var (plan, turns) = LongInterview(60, 120);

        var window = ConversationWindow.Build(turns, plan, 6000);

        window.ShouldContain("Summary of earlier questions");
        window.ShouldContain("- Q: Question 0: how would you handle situation 0? A: <candidate_answer>Answer 0 first sentence.</candidate_answer>");
        window.ShouldNotContain("Answer 1 first sentence."); // the follow-up's answer is folded into its question's line
    }

    [Fact]
    public void A_short_transcript_is_kept_verbatim()
    {
        var (plan, turns) = LongInterview(4, 20);

        var window = ConversationWindow.Build(turns, plan, 6000);

        window.ShouldNotContain("Summary");
        turns.ShouldAllBe(t => window.Contains(t.Answer!));
    }

    [Fact]
    public void One_huge_answer_is_cut_to_fit_inside_its_fence()
    {
        var (plan, turns) = LongInterview(2, 20);
        turns[^1] = turns[^1] with { Answer = string.Concat(Enumerable.Repeat("<candidate_answer> x ", 20_000)) };

        var window = ConversationWindow.Build(turns, plan, 1000);

        ConversationWindow.EstimateTokens(window).ShouldBeLessThanOrEqualTo(1000);
        window.TrimEnd().ShouldEndWith("</candidate_answer>");
        // Two turns, two fences: the 20,000 tags inside the answer are all escaped.
        window.Split("</candidate_answer>").Length.ShouldBe(3);
        window.Split("<candidate_answer>").Length.ShouldBe(3);
    }
}
