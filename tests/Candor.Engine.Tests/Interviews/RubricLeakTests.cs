using Candor.Engine.Interviews;
using Candor.Engine.Questions;
using Candor.Engine.Text;

namespace Candor.Engine.Tests.Interviews;

/// <summary>The property that matters most for fairness: follow-ups never hint at the expected answer.</summary>
public class RubricLeakTests
{
    // A guide that gives the answer away and points that contain the neutral probes' own words.
    private static readonly InterviewQuestion Leaky = new(
        "q-leaky",
        "How would you make a payment endpoint safe to call more than once?",
        "api_design",
        QuestionKind.Technical,
        Difficulty.Medium,
        [
            "Idempotency keys stored with the result",
            "Trade-offs of key expiry and storage cost",
            "Failure modes when the first request times out",
            "Verify with a concurrency test",
        ],
        "Would you use idempotency keys? Ask about trade-offs.",
        ["REST"]);

    public static TheoryData<string, string[]> Conversations => new()
    {
        { Leaky.Key, ["Retry it.", "I would make the handler check first.", "Not sure."] },
        { Leaky.Key, ["I would check whether the payment already exists before charging, and return the existing payment instead of charging again, because double charges are the worst outcome for a customer."] },
        { Leaky.Key, ["", "", ""] },
        { Fixtures.SlowQuery.Key, [Fixtures.AverageSlowQuery, "I would look at it again.", "Maybe."] },
        { Fixtures.SlowQuery.Key, ["Add an index.", "Check locks.", "Restart it."] },
        { Fixtures.ApiDesign.Key, ["I'd use REST with JSON and return 201 with the order.", "Errors get 400.", "That is all."] },
        { Fixtures.Priorities.Key, ["Talk to them.", "Pick one.", "Ask my manager."] },
    };

    [Theory]
    [MemberData(nameof(Conversations))]
    public void No_follow_up_contains_an_unsaid_rubric_term(string key, string[] answers)
    {
        var plan = new[] { Leaky, Fixtures.SlowQuery, Fixtures.ApiDesign, Fixtures.Priorities };
        var question = plan.Single(q => q.Key == key);
        for (var maxFollowUps = 1; maxFollowUps <= 3; maxFollowUps++)
        {
            foreach (var tier in new[] { Difficulty.Easy, Difficulty.Medium, Difficulty.Hard })
            {
                var run = new InterviewRun([question], new InterviewPolicyOptions { MaxFollowUpsPerQuestion = maxFollowUps }, tier);
                run.Step("Hello, I'm a software engineer.");
                run.Step(answers[0]);
                var saidSoFar = new List<string> { answers[0] };
                foreach (var answer in answers.Skip(1).Append("Done."))
                {
                    var move = run.Decide();
                    if (move.Kind != MoveKind.FollowUp)
                    {
                        break;
                    }

                    var forbidden = Terms.TermSet(question.ExpectedPoints);
                    forbidden.ExceptWith(Terms.TermSet(question.Text));
                    forbidden.ExceptWith(Terms.TermSet(saidSoFar));
                    Terms.ContentTerms(move.Text).Where(forbidden.Contains).ShouldBeEmpty(move.Text);
                    run.Record(move, answer);
                    saidSoFar.Add(answer);
                }
            }
        }
    }

    [Fact]
    public void A_guide_that_names_a_rubric_term_is_not_used()
    {
        var run = new InterviewRun([Leaky]);
        run.Step("Hello.");
        run.Step("I would make the handler check first whether the same payment was already processed, and return the stored response instead of charging again for that customer.");
        var move = run.Decide();
        move.Reason.ShouldBe(FollowUpReason.UncoveredPoint);
        move.Text.ShouldNotContain("idempotency", Case.Insensitive);
        move.Text.ShouldNotContain("trade-off", Case.Insensitive);
    }

    [Fact]
    public void A_guide_phrased_as_a_note_to_the_interviewer_is_not_read_out()
    {
        var run = new InterviewRun([Fixtures.Priorities]);
        run.Step("Hello.");
        run.Step("I would talk to both of them, explain the capacity we have for the sprint, and then make a call with the team about which one goes first and why.");
        var move = run.Decide();
        move.Kind.ShouldBe(MoveKind.FollowUp);
        move.Text.ShouldNotBe(Fixtures.Priorities.FollowUpGuide);
    }
}
