using Candor.Engine.Interviews;
using Candor.Engine.Questions;

namespace Candor.Engine.Tests.Interviews;

/// <summary>
/// The guide drives the probe for a missed point, however it is phrased; nothing already said is asked for again; and
/// a candidate who said nothing is asked again, never "is there anything else?".
/// </summary>
public class FollowUpFromGuideTests
{
    private static readonly InterviewQuestion Deploy = new(
        "q-deploy",
        "You are releasing a risky change to the checkout service. How would you release it safely?",
        "delivery",
        QuestionKind.Technical,
        Difficulty.Medium,
        ["Measure error rates before and after to confirm the improvement", "Keep a rollback plan ready"],
        // Notes to the interviewer, not questions; the first is about what the answer below already covers.
        "Ask how they would measure the improvement. Ask how they would undo it within minutes if customers complained.",
        []);

    private static readonly InterviewQuestion Handover = new(
        "q-handover",
        "Tell me about a time you took over a project that was in trouble.",
        "ownership",
        QuestionKind.Behavioural,
        Difficulty.Medium,
        ["Took ownership of the plan", "Communicated with stakeholders"],
        "Probe what they personally did and what the result was, if missing.",
        []);

    // A rubric made of the words of the "take your time" invitations: they would all hint at it.
    private static readonly InterviewQuestion Timing = new(
        "q-timing",
        "How do you plan a database migration for a busy online shop?",
        "databases",
        QuestionKind.Technical,
        Difficulty.Medium,
        ["Take the time to pick a short, quiet window", "Share the thoughts behind the plan briefly; prefer to move in small steps when ready"],
        "",
        []);

    private const string Intro = "Hello, I'm a backend engineer.";

    private static InterviewRun Asked(InterviewQuestion question, params InterviewQuestion[] more)
    {
        var run = new InterviewRun([question, .. more]);
        run.Step(Intro);
        return run;
    }

    [Fact]
    public void A_guide_written_as_a_note_drives_the_probe_as_a_natural_question_for_the_missed_point()
    {
        var run = Asked(Deploy);
        run.Step("I would put the change behind a feature flag, turn it on for one percent of traffic first, and measure the error rates before and after so I can confirm the improvement is real before going wider.");

        var move = run.Decide();

        move.Kind.ShouldBe(MoveKind.FollowUp);
        move.Reason.ShouldBe(FollowUpReason.UncoveredPoint);
        // Not "Ask how they would measure the improvement": that was said, and the note is not read out.
        move.Text.ShouldBe("How would you undo it within minutes if customers complained?");
    }

    [Fact]
    public void Without_a_usable_guide_a_technical_probe_takes_a_neutral_angle()
    {
        var question = Deploy with { FollowUpGuide = "Threaten to cancel the release and see how they react." };
        var run = Asked(question);
        run.Step("I would put the change behind a feature flag, turn it on for one percent of traffic first, and measure the error rates before and after so I can confirm the improvement is real before going wider.");

        var move = run.Decide();

        move.Reason.ShouldBe(FollowUpReason.UncoveredPoint);
        move.Text.ShouldNotContain("Threaten");
        move.Text.ShouldNotContain("they");
    }

    [Fact]
    public void A_story_that_told_its_outcome_in_plain_words_is_not_asked_for_the_result()
    {
        var run = Asked(Handover);
        run.Step("Last spring I inherited our billing migration two weeks before the deadline, with half the team gone. "
            + "My job was to get it live without losing invoices. I rewrote the plan into daily milestones, met the finance lead every morning "
            + "and moved two engineers from support onto the data checks. It went live on the Friday and we never lost an invoice again.");

        var move = run.Decide();

        move.Text.ShouldNotBe("What was the result in the end?");
        move.Text.ShouldNotBe("How did it turn out?");
        move.Text.ShouldNotContain("the result was");
    }

    [Fact]
    public void A_behavioural_guide_probes_for_what_is_missing_and_skips_what_was_given()
    {
        var planner = Handover with { FollowUpGuide = "Probe what the result was. Ask what they would do differently next time." };
        var run = Asked(planner);
        run.Step("At my last company we had a billing migration in trouble: last spring I inherited it two weeks before the deadline, with half the team gone. "
            + "My job was to get it live without losing invoices. I rewrote the plan into daily milestones and moved two engineers onto the data checks. "
            + "As a result it went live on the Friday, and no invoice was lost.");

        var move = run.Decide();

        move.Kind.ShouldBe(MoveKind.FollowUp);
        move.Text.ShouldBe("What would you do differently next time?");
    }

    [Fact]
    public void No_answer_at_all_is_met_with_the_question_again_never_anything_else()
    {
        var run = Asked(Timing);
        run.Step("");

        var move = run.Decide();

        move.Kind.ShouldBe(MoveKind.FollowUp);
        move.Reason.ShouldBe(FollowUpReason.TooShort);
        move.Text.ShouldNotBe(FollowUpPlanner.NeutralFallback);
        move.Text.ShouldContain(Timing.Text);
    }

    [Fact]
    public void Silence_after_a_probe_moves_on_rather_than_pressing_with_another()
    {
        var run = Asked(Deploy, Timing);
        run.Step("I would put the change behind a feature flag, turn it on for one percent of traffic first, and measure the error rates before and after so I can confirm the improvement is real before going wider.");
        run.Step("").Kind.ShouldBe(MoveKind.FollowUp);

        var move = run.Decide();

        move.Kind.ShouldBe(MoveKind.AskQuestion);
        move.QuestionKey.ShouldBe(Timing.Key);
    }
}
