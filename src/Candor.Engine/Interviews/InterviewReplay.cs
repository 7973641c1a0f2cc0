using Candor.Engine.Questions;
using Candor.Engine.Scoring;

namespace Candor.Engine.Interviews;

/// <summary>How one plan question has gone so far, rebuilt from the transcript.</summary>
/// <param name="Answers">Every answer given on this question (main answer, then follow-up answers), in order.</param>
public sealed record QuestionProgress(
    InterviewQuestion Question,
    int FollowUps,
    IReadOnlyList<FollowUpReason> ReasonsUsed,
    IReadOnlyList<string> Answers)
{
    /// <summary>Everything said on this question, as the evaluator sees it.</summary>
    public string CumulativeAnswer => string.Join("\n\n", Answers.Where(a => !string.IsNullOrWhiteSpace(a)));

    /// <summary>Answers that were blank or declined ("I don't know", "pass").</summary>
    public int SilentAnswers => Answers.Count(a => string.IsNullOrWhiteSpace(a) || EvasiveAnswerDetector.IsEvasive(a));

    public bool LastAnswerSilent => Answers.Count > 0 && (string.IsNullOrWhiteSpace(Answers[^1]) || EvasiveAnswerDetector.IsEvasive(Answers[^1]));
}

/// <summary>
/// The interview's state, derived only from the transcript so the policy has no hidden state: the same
/// transcript always replays to the same questions, scores and tier.
/// </summary>
/// <param name="Asked">Plan questions asked so far, in the order they were asked.</param>
/// <param name="Current">The question the last turn belongs to, if any.</param>
/// <param name="Scores">Score of each asked question's cumulative answer, by key.</param>
/// <param name="TierBeforeCurrent">The tier after every question before the current one was completed.</param>
public sealed record InterviewReplay(
    IReadOnlyList<QuestionProgress> Asked,
    QuestionProgress? Current,
    IReadOnlyDictionary<string, int> Scores,
    Difficulty TierBeforeCurrent)
{
    /// <summary>Mean score of the answered plan questions so far; null before the first answer.</summary>
    public double? RunningScore
    {
        get
        {
            var answered = Asked.Where(p => p.Answers.Any(a => !string.IsNullOrWhiteSpace(a))).Select(p => Scores[p.Question.Key]).ToList();
            return answered.Count == 0 ? null : answered.Average();
        }
    }

    public static InterviewReplay From(InterviewContext context, AnswerScorer scorer)
    {
        var byKey = context.Plan.ToDictionary(q => q.Key, StringComparer.Ordinal);
        var order = new List<string>();
        var answers = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var reasons = new Dictionary<string, List<FollowUpReason>>(StringComparer.Ordinal);
        var followUps = new Dictionary<string, int>(StringComparer.Ordinal);

        foreach (var turn in context.Turns)
        {
            if (turn.Kind is not (TurnKind.Question or TurnKind.FollowUp) || turn.QuestionKey is null)
            {
                continue;
            }

            if (!byKey.ContainsKey(turn.QuestionKey))
            {
                throw new InvalidOperationException($"Turn {turn.Sequence} refers to question '{turn.QuestionKey}', which is not in the plan.");
            }

            if (answers.TryAdd(turn.QuestionKey, []))
            {
                order.Add(turn.QuestionKey);
                reasons[turn.QuestionKey] = [];
                followUps[turn.QuestionKey] = 0;
            }

            if (turn.Kind == TurnKind.FollowUp)
            {
                followUps[turn.QuestionKey]++;
                if (turn.Reason is { } reason)
                {
                    reasons[turn.QuestionKey].Add(reason);
                }
            }

            if (turn.Answer is not null)
            {
                answers[turn.QuestionKey].Add(turn.Answer);
            }
        }

        var asked = order.Select(k => new QuestionProgress(byKey[k], followUps[k], reasons[k], answers[k])).ToList();
        var scores = asked.ToDictionary(
            p => p.Question.Key,
            p => scorer.Score(new EvaluationRequest(p.Question, p.CumulativeAnswer, context.Mode)).Score,
            StringComparer.Ordinal);

        var lastKey = context.Turns.Count > 0 && context.Turns[^1].Kind is TurnKind.Question or TurnKind.FollowUp ? context.Turns[^1].QuestionKey : null;
        var current = asked.FirstOrDefault(p => p.Question.Key == lastKey);
        var tier = context.StartingTier;
        foreach (var progress in asked.Where(p => p != current))
        {
            tier = DifficultyTracker.Step(tier, scores[progress.Question.Key], context.Options);
        }

        return new InterviewReplay(asked, current, scores, tier);
    }
}
