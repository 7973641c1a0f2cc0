using Candor.Engine.Questions;
using Candor.Engine.Scoring;
using Candor.Engine.Text;

namespace Candor.Engine.Interviews;

/// <summary>A chosen follow-up: why, and the words to say.</summary>
public sealed record FollowUp(FollowUpReason Reason, string Text);

/// <summary>
/// Chooses whether and how to probe further on the current question, from everything the candidate has said
/// on it. Follow-ups never reveal the rubric: no wording may contain an expected-point term that is not
/// already in the question or the candidate's own answer.
/// </summary>
public static class FollowUpPlanner
{
    /// <summary>Last resort when every other wording would leak: made only of stop words.</summary>
    internal const string NeutralFallback = "Is there anything else?";

    private static readonly string[] SilentPrompts =
    [
        "Take your time. Whenever you are ready, could you share your thoughts on this, even briefly? If you would prefer, we can also move on.",
        "Take your time; even a short answer is fine. If you would prefer, we can also move on.",
    ];

    private static readonly string[] TooShortPrompts =
    [
        "Could you tell me a bit more about that?",
        "Could you expand on that a little?",
    ];

    private static readonly string[] AnglePrompts =
    [
        "What trade-offs would you weigh with that approach?",
        "How could that approach fail, and what would you do about it?",
        "How would you check that it actually worked?",
        "What would you watch out for when putting that into practice?",
        "Is there anything you would do differently with more time?",
    ];

    private static readonly string[] VaguePrompts =
    [
        "Could you give a specific example, with any numbers or details you remember?",
        "Can you walk me through a concrete case where this came up?",
    ];

    private static readonly (StarPart Part, string[] Prompts)[] StarPrompts =
    [
        (StarPart.Action, ["What did you personally do in that situation?", "What steps did you take yourself?"]),
        (StarPart.Result, ["What was the result in the end?", "How did it turn out?"]),
        (StarPart.Situation, ["Could you set the scene a little: where were you working, and what was going on?", "What was the background to that?"]),
        (StarPart.Task, ["What was your role or responsibility there?", "What were you expected to achieve?"]),
    ];

    /// <param name="sequence">The next turn's sequence number; rotates wording deterministically.</param>
    public static FollowUp? Choose(QuestionProgress progress, AnswerAnalysis analysis, InterviewPolicyOptions options, int sequence)
    {
        var question = progress.Question;
        var used = progress.ReasonsUsed;

        // A candidate who has said nothing twice, or who stays silent after being invited to say more, moves on.
        if (progress.SilentAnswers >= 2 || (progress.LastAnswerSilent && used.Contains(FollowUpReason.TooShort)))
        {
            return null;
        }

        var forbidden = ForbiddenTerms(question, progress.CumulativeAnswer);
        string Word(IEnumerable<string> candidates) => FirstSafe(candidates, forbidden);

        if (analysis.WordCount < options.MinAnswerWords && !used.Contains(FollowUpReason.TooShort))
        {
            var prompts = progress.LastAnswerSilent || analysis.IsSilent ? SilentPrompts : TooShortPrompts;
            return new FollowUp(FollowUpReason.TooShort, Word(Rotate(prompts, sequence)));
        }

        if (QuestionKinds.IsBehavioural(question) && !used.Contains(FollowUpReason.MissingStar) && analysis.Star.Missing.Count > 0)
        {
            var (_, prompts) = StarPrompts.First(p => analysis.Star.Missing.Contains(p.Part));
            return new FollowUp(FollowUpReason.MissingStar, Word(Rotate(prompts, sequence)));
        }

        if (question.Kind is QuestionKind.Technical or QuestionKind.Scenario or QuestionKind.Situational
            && !used.Contains(FollowUpReason.UncoveredPoint)
            && analysis.Coverage.Any(c => !c.Covered))
        {
            // The recruiter's (or bank's) guide words the first probe; later probes take a neutral angle.
            var guide = progress.FollowUps == 0 ? GuideQuestions(question.FollowUpGuide) : [];
            return new FollowUp(FollowUpReason.UncoveredPoint, Word(guide.Concat(Rotate(AnglePrompts, sequence))));
        }

        if (!used.Contains(FollowUpReason.Vague) && !analysis.Specifics.Any)
        {
            return new FollowUp(FollowUpReason.Vague, Word(Rotate(VaguePrompts, sequence)));
        }

        return null;
    }

    /// <summary>
    /// Rubric terms the candidate has not said and the question does not contain: saying any of them would
    /// hint at the expected answer.
    /// </summary>
    public static IReadOnlySet<string> ForbiddenTerms(InterviewQuestion question, string answer)
    {
        var forbidden = Terms.TermSet(question.ExpectedPoints);
        forbidden.ExceptWith(Terms.TermSet(question.Text));
        forbidden.ExceptWith(Terms.TermSet(answer));
        return forbidden;
    }

    /// <summary>True when <paramref name="text"/> contains no forbidden rubric term.</summary>
    public static bool IsLeakFree(string text, IReadOnlySet<string> forbidden) => !Terms.ContentTerms(text).Any(forbidden.Contains);

    private static string FirstSafe(IEnumerable<string> candidates, IReadOnlySet<string> forbidden) =>
        candidates.FirstOrDefault(c => IsLeakFree(c, forbidden)) ?? NeutralFallback;

    // Only candidate-facing questions in the guide are usable as-is; "Ask about X" is a note to the interviewer.
    private static IEnumerable<string> GuideQuestions(string guide) =>
        SentenceSplitter.Split(guide).Select(s => s.Text).Where(s => s.EndsWith('?'));

    private static IEnumerable<string> Rotate(string[] prompts, int sequence)
    {
        var start = sequence % prompts.Length;
        return prompts.Skip(start).Concat(prompts.Take(start));
    }
}
