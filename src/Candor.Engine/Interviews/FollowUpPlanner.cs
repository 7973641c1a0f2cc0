using System.Text.RegularExpressions;
using Candor.Engine.Questions;
using Candor.Engine.Scoring;
using Candor.Engine.Text;

namespace Candor.Engine.Interviews;

/// <summary>A chosen follow-up: why, and the words to say.</summary>
public sealed record FollowUp(FollowUpReason Reason, string Text);

/// <summary>
/// Chooses whether and how to probe further on the current question, from everything the candidate has said
/// on it. Follow-ups never reveal the rubric: no wording may contain an expected-point term that is not
/// already in the question or the candidate's own answer. The question's follow-up guide, however it is phrased
/// ("Ask how they would…", "Probe for…"), words the probe for a missed point (see <see cref="GuideProbes"/>); a
/// probe about something the candidate already said is skipped, and a candidate who said nothing is asked again,
/// never "is there anything else?".
/// </summary>
public static partial class FollowUpPlanner
{
    /// <summary>Last resort when every other wording would leak: made only of stop words. Never after no answer.</summary>
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

        // A candidate who has said nothing twice, who stays silent after being invited to say more, or who has no
        // answer to a probe, moves on: pressing a silence with another probe only adds pressure.
        if (progress.SilentAnswers >= 2 || (progress.LastAnswerSilent && (used.Contains(FollowUpReason.TooShort) || progress.FollowUps > 0)))
        {
            return null;
        }

        var forbidden = ForbiddenTerms(question, progress.CumulativeAnswer);
        var nothingSaid = progress.LastAnswerSilent || analysis.IsSilent;
        // After no answer at all the last resort is the question itself (always leak-free), not "anything else?".
        string Word(IEnumerable<string> candidates) => FirstSafe(nothingSaid ? candidates.Concat(AskAgain(question)) : candidates, forbidden);

        if (analysis.WordCount < options.MinAnswerWords && !used.Contains(FollowUpReason.TooShort))
        {
            var prompts = nothingSaid ? SilentPrompts : TooShortPrompts;
            return new FollowUp(FollowUpReason.TooShort, Word(Rotate(prompts, sequence)));
        }

        var said = progress.CumulativeAnswer;
        var starMissing = analysis.Star.Missing.Where(part => !AlreadySaid(part, analysis.Star, said)).ToList();
        if (QuestionKinds.IsBehavioural(question) && !used.Contains(FollowUpReason.MissingStar) && starMissing.Count > 0)
        {
            var (_, prompts) = StarPrompts.First(p => starMissing.Contains(p.Part));
            return new FollowUp(FollowUpReason.MissingStar, Word(Rotate(prompts, sequence)));
        }

        if (!used.Contains(FollowUpReason.UncoveredPoint) && analysis.Coverage.Any(c => !c.Covered))
        {
            // The recruiter's (or bank's) guide words the first probe, aimed at what was missed; later probes, and
            // technical questions whose guide would leak or repeat, take a neutral angle. Behavioural questions have
            // no neutral angle (their STAR probes came first): only their guide can ask for a missed point.
            var guide = progress.FollowUps == 0 ? GuideProbesFor(question, analysis, said) : [];
            var technical = question.Kind is QuestionKind.Technical or QuestionKind.Scenario or QuestionKind.Situational
                && !QuestionKinds.IsBehavioural(question);
            var angles = technical ? Rotate(AnglePrompts, sequence) : [];
            if (guide.Concat(angles).FirstOrDefault(c => IsLeakFree(c, forbidden)) is { } probe)
            {
                return new FollowUp(FollowUpReason.UncoveredPoint, probe);
            }
            if (technical)
            {
                return new FollowUp(FollowUpReason.UncoveredPoint, Word([]));
            }
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

    /// <summary>
    /// The guide's probes as questions to the candidate, those aimed at a missed point first; a probe about what the
    /// answer already gave (a covered point, or the result of a story that has one) is left out.
    /// </summary>
    internal static IReadOnlyList<string> GuideProbesFor(InterviewQuestion question, AnswerAnalysis analysis, string said)
    {
        var questionTerms = Terms.TermSet(question.Text);
        var coveredTerms = Terms.TermSet(analysis.Coverage.Where(c => c.Covered).Select(c => c.Point));
        var missedTerms = Terms.TermSet(analysis.Coverage.Where(c => !c.Covered).Select(c => c.Point));
        coveredTerms.ExceptWith(missedTerms);
        var ranked = new List<(string Probe, int Aim)>();
        foreach (var probe in GuideProbes.Questions(question.FollowUpGuide))
        {
            var terms = Terms.TermSet(probe);
            terms.ExceptWith(questionTerms);
            var aim = terms.Count(missedTerms.Contains);
            var repeats = aim == 0 && terms.Any(coveredTerms.Contains);
            // "What was the result?" after a result was given; "what you did and what the result was" after both were.
            var asksForGivenResult = ResultWords().IsMatch(probe) && AlreadySaid(StarPart.Result, analysis.Star, said)
                && (!ActionWords().IsMatch(probe) || AlreadySaid(StarPart.Action, analysis.Star, said));
            if (!repeats && !asksForGivenResult)
            {
                ranked.Add((probe, aim));
            }
        }
        return [.. ranked.OrderByDescending(r => r.Aim).Select(r => r.Probe)];
    }

    /// <summary>
    /// True when the candidate already gave this STAR part. The detector's cues favour precision, so an outcome told
    /// in plain words ("after that the checkout never timed out again", "the client renewed") is also recognised
    /// here: asking "what was the result?" after a result was given tells the candidate they were not listened to.
    /// </summary>
    internal static bool AlreadySaid(StarPart part, StarAnalysis star, string said) =>
        star.Has(part) || (part == StarPart.Result && PlainOutcome().IsMatch(said));

    /// <summary>After no answer: the question again, which never leaks (its words are not forbidden).</summary>
    private static IEnumerable<string> AskAgain(InterviewQuestion question) =>
        [$"Let me ask that again: {question.Text}", question.Text];

    [GeneratedRegex(@"\b(?:results?|outcomes?|turn(?:ed)?\s+out|end(?:ed)?\s+up|impact)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ResultWords();

    [GeneratedRegex(@"\b(?:personally|did|actions?|steps?|role|decid\w*|handl\w*)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ActionWords();

    [GeneratedRegex(@"\b(?:turned\s+out|ended\s+up|went\s+live|paid\s+off|never\s+(?:\w+\s+){0,2}again|no\s+longer|since\s+then|from\s+then\s+on|(?:we|they|i|it|the\s+\w+)\s+(?:signed|renewed|stayed|agreed|accepted|approved|kept|fixed|solved|resolved|stopped|worked|stuck))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex PlainOutcome();

    private static IEnumerable<string> Rotate(string[] prompts, int sequence)
    {
        var start = sequence % prompts.Length;
        return prompts.Skip(start).Concat(prompts.Take(start));
    }
}
