using Candor.Engine.Interviews;
using Candor.Engine.Questions;
using Candor.Engine.Scoring;
using Candor.Engine.Scoring.Injection;

namespace Candor.Web.Tests.Simulation;

/// <summary>
/// What a good interviewer does in every interview, whoever the candidate: closes within budget, asks each
/// question once, follows up for a reason the answer shows, never hints at the rubric, never repeats abuse or
/// injected text back. Each check returns the violations it found, worded for a failing test's message.
/// </summary>
public static class BehaviourChecks
{
    private static readonly AnswerScorer Scorer = new();

    public static IEnumerable<string> All(SimulationResult result, InterviewPolicyOptions policy) =>
        Budget(result, policy)
            .Concat(FollowUpsFitTheAnswers(result, policy))
            .Concat(NoRubricLeak(result))
            .Concat(NoEcho(result))
            .Concat(StreamMatchesMove(result))
            .Concat(EveryAnswerScored(result))
            .Select(v => $"{result.Label}: {v}");

    /// <summary>Closes, within the turn budget, asking each plan question at most once and following up within limits.</summary>
    public static IEnumerable<string> Budget(SimulationResult result, InterviewPolicyOptions policy)
    {
        var turns = result.Transcript.Select(t => t.Turn).ToList();
        if (result.Aborted is not null)
        {
            yield return $"the interview never closed ({result.Aborted})";
        }
        if (turns.Count == 0 || turns[^1].Kind != TurnKind.Closing)
        {
            yield return "the last turn is not a closing";
        }
        if (turns.Count > policy.MaxTurns)
        {
            yield return $"{turns.Count} turns, over the budget of {policy.MaxTurns}";
        }
        foreach (var key in turns.Where(t => t.Kind == TurnKind.Question).GroupBy(t => t.QuestionKey).Where(g => g.Count() > 1).Select(g => g.Key))
        {
            yield return $"question {key} was asked more than once";
        }
        // Adaptive difficulty may pass over hard questions for a candidate at the easy tier (the transcript says so);
        // any other plan question left unasked at "plan complete" is a defect.
        var asked = turns.Where(t => t.Kind == TurnKind.Question).Select(t => t.QuestionKey).ToHashSet();
        if (result.Transcript[^1].Move.CloseReason == CloseReason.PlanComplete
            && result.Plan.Questions.Any(q => !asked.Contains(q.Key) && q.Difficulty != Difficulty.Hard))
        {
            yield return "closed as plan complete with plan questions never asked";
        }

        string? current = null;
        foreach (var turn in turns)
        {
            current = turn.Kind == TurnKind.Question ? turn.QuestionKey : current;
            if (turn.Kind == TurnKind.FollowUp && turn.QuestionKey != current)
            {
                yield return $"turn {turn.Sequence} follows up on {turn.QuestionKey} while {current} is the current question";
            }
        }
        foreach (var group in turns.Where(t => t.Kind == TurnKind.FollowUp).GroupBy(t => t.QuestionKey))
        {
            if (group.Count() > policy.MaxFollowUpsPerQuestion)
            {
                yield return $"{group.Count()} follow-ups on {group.Key}, over the limit of {policy.MaxFollowUpsPerQuestion}";
            }
            if (group.Select(t => t.Reason).Distinct().Count() != group.Count())
            {
                yield return $"a follow-up reason was used twice on {group.Key}";
            }
        }
    }

    /// <summary>
    /// A follow-up's reason must be visible in what the candidate said on the question so far: TooShort only
    /// after a short or blank answer, MissingStar only on a behavioural story missing a part, UncoveredPoint only
    /// on a non-behavioural question with a point left uncovered, Vague only when there are no specifics.
    /// </summary>
    public static IEnumerable<string> FollowUpsFitTheAnswers(SimulationResult result, InterviewPolicyOptions policy)
    {
        var questions = result.Plan.Questions.ToDictionary(q => q.Key, StringComparer.Ordinal);
        foreach (var followUp in result.FollowUps)
        {
            var question = questions[followUp.Turn.QuestionKey!];
            var said = SaidBefore(result, followUp.Turn);
            var analysis = Scorer.Analyze(new EvaluationRequest(question, said));
            var fits = followUp.Turn.Reason switch
            {
                FollowUpReason.TooShort => analysis.WordCount < policy.MinAnswerWords || analysis.IsSilent,
                FollowUpReason.MissingStar => Personas.IsBehavioural(question) && analysis.Star.Missing.Count > 0,
                FollowUpReason.UncoveredPoint => question.Kind != QuestionKind.Behavioural && analysis.Coverage.Any(c => !c.Covered),
                FollowUpReason.Vague => !analysis.Specifics.Any,
                _ => false,
            };
            if (!fits)
            {
                yield return $"follow-up {followUp.Turn.Sequence} ({followUp.Turn.Reason?.ToString() ?? "no reason"}) does not fit the answer \"{Clip(said)}\"";
            }
        }
    }

    /// <summary>
    /// No follow-up, and no transition into a question, contains an expected-point term that is neither in the
    /// question nor in anything the candidate has said on it (the engine's own definition of a leak).
    /// </summary>
    public static IEnumerable<string> NoRubricLeak(SimulationResult result)
    {
        var questions = result.Plan.Questions.ToDictionary(q => q.Key, StringComparer.Ordinal);
        InterviewQuestion? previous = null;
        foreach (var entry in result.Transcript)
        {
            var turn = entry.Turn;
            if (turn.QuestionKey is null || !questions.TryGetValue(turn.QuestionKey, out var question))
            {
                continue;
            }

            if (turn.Kind == TurnKind.FollowUp)
            {
                var forbidden = FollowUpPlanner.ForbiddenTerms(question, SaidBefore(result, turn));
                if (!FollowUpPlanner.IsLeakFree(turn.Prompt, forbidden))
                {
                    yield return $"follow-up {turn.Sequence} hints at the rubric: \"{turn.Prompt}\"";
                }
            }
            else if (turn.Kind == TurnKind.Question)
            {
                // The transition (everything but the question's own words) must not hint at this question's rubric,
                // nor at what the candidate missed on the previous one.
                var transition = turn.Prompt.Replace(question.Text, " ", StringComparison.Ordinal);
                var forbidden = new HashSet<string>(FollowUpPlanner.ForbiddenTerms(question, string.Empty), StringComparer.Ordinal);
                if (previous is not null)
                {
                    forbidden.UnionWith(FollowUpPlanner.ForbiddenTerms(previous, SaidBefore(result, turn, previous.Key)));
                    forbidden.ExceptWith(Engine.Text.Terms.TermSet(question.Text));
                }
                // The scripted leads are the same before every question, so they cannot hint at any one rubric.
                var scripted = InterviewScript.Acknowledgements.Append(InterviewScript.FirstQuestionLead).Contains(transition.Trim());
                if (!scripted && !FollowUpPlanner.IsLeakFree(transition, forbidden))
                {
                    yield return $"the transition into {question.Key} hints at a rubric: \"{transition.Trim()}\"";
                }
                previous = question;
            }
        }
    }

    /// <summary>The interviewer never repeats abusive or injected text, and never produces any of its own.</summary>
    public static IEnumerable<string> NoEcho(SimulationResult result)
    {
        var poison = new List<string>();
        foreach (var entry in result.Transcript)
        {
            var prompt = entry.Turn.Prompt;
            if (poison.FirstOrDefault(p => prompt.Contains(p, StringComparison.OrdinalIgnoreCase)) is { } echoed)
            {
                yield return $"turn {entry.Turn.Sequence} repeats the candidate's \"{echoed}\"";
            }
            if (HostileLanguageDetector.Contains(prompt))
            {
                yield return $"turn {entry.Turn.Sequence} is abusive: \"{prompt}\"";
            }
            if (InjectionDetector.Contains(prompt))
            {
                yield return $"turn {entry.Turn.Sequence} carries instruction-like text: \"{prompt}\"";
            }

            var answer = entry.Turn.Answer;
            poison.AddRange(HostileLanguageDetector.FindSentences(answer).Select(s => s.Text));
            poison.AddRange(InjectionDetector.FindSentences(answer).Select(s => s.Text));
        }
    }

    /// <summary>What the candidate saw streamed is the turn's text, unless the stream said to replace it.</summary>
    public static IEnumerable<string> StreamMatchesMove(SimulationResult result) =>
        result.Transcript
            .Where(t => !t.Replaced && t.Streamed != t.Move.Text)
            .Select(t => $"turn {t.Turn.Sequence} streamed \"{Clip(t.Streamed)}\" but recorded \"{Clip(t.Move.Text)}\"");

    /// <summary>Every answered question turn has an evaluation, and the report counts the questions asked.</summary>
    public static IEnumerable<string> EveryAnswerScored(SimulationResult result)
    {
        foreach (var turn in result.Transcript.Where(t => t.Turn.QuestionKey is not null && t.Turn.Answer is not null && t.Evaluation is null))
        {
            yield return $"turn {turn.Turn.Sequence} was answered but never scored";
        }
        var asked = result.Transcript.Select(t => t.Turn.QuestionKey).OfType<string>().Distinct().Count();
        if (result.Report.QuestionsAsked != asked)
        {
            yield return $"the report counts {result.Report.QuestionsAsked} questions asked, the transcript {asked}";
        }
    }

    /// <summary>Everything the candidate said on a question before the given turn.</summary>
    private static string SaidBefore(SimulationResult result, Turn before, string? questionKey = null)
    {
        var key = questionKey ?? before.QuestionKey;
        return string.Join("\n\n", result.Transcript
            .Select(t => t.Turn)
            .Where(t => t.Sequence < before.Sequence && t.QuestionKey == key && !string.IsNullOrWhiteSpace(t.Answer))
            .Select(t => t.Answer));
    }

    private static string Clip(string text) => text.Length <= 120 ? text : text[..117] + "...";
}
