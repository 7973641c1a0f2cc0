using Candor.Engine.Questions;
using Candor.Engine.Scoring;

namespace Candor.Engine.Interviews;

/// <summary>
/// The rule-based interviewer: decides the next move as a pure function of the context. It replays the
/// transcript every time (no hidden state), and candidate text is only ever data: the sole thing a candidate
/// can do to change the flow besides answering is the explicit EndRequested flag.
/// </summary>
public sealed class InterviewPolicy(AnswerScorer scorer)
{
    public InterviewPolicy()
        : this(new AnswerScorer())
    {
    }

    public NextMove Decide(InterviewContext context)
    {
        if (context.Turns.Count == 0)
        {
            // Ending before the first answer: the introduction may already stand unanswered (turns here are the
            // answered ones), so close rather than introduce a second time.
            if (context.EndRequested)
            {
                return Close(context, CloseReason.EndedByCandidate, context.StartingTier);
            }
            var intro = InterviewScript.Introduction(context.CandidateName, context.JobTitle, context.OrganizationName, context.Plan.Count);
            return new NextMove(MoveKind.Introduce, intro, null, context.StartingTier);
        }

        var last = context.Turns[^1];
        if (last.Kind == TurnKind.Closing)
        {
            throw new InvalidOperationException("The interview has already been closed.");
        }

        var replay = InterviewReplay.From(context, scorer);
        var tierAfterCurrent = replay.Current is null
            ? replay.TierBeforeCurrent
            : DifficultyTracker.Step(replay.TierBeforeCurrent, replay.Scores[replay.Current.Question.Key], context.Options);

        // Ending early is allowed with a question still open: the candidate should not have to answer to leave.
        if (context.EndRequested)
        {
            return Close(context, CloseReason.EndedByCandidate, tierAfterCurrent);
        }

        if (last.Answer is null)
        {
            throw new InvalidOperationException($"Turn {last.Sequence} has not been answered yet.");
        }

        var move = last.Kind == TurnKind.Intro || replay.Current is null
            ? AskNext(context, replay, context.StartingTier)
            : AfterAnswer(context, replay, replay.Current, tierAfterCurrent);

        if (move.Kind == MoveKind.Close)
        {
            return move;
        }

        if (context.Now - context.Turns[0].AskedAt >= context.Options.TimeBudget)
        {
            return Close(context, CloseReason.TimeBudget, tierAfterCurrent);
        }

        // This move adds a turn and the closing needs one more; both must fit in MaxTurns.
        if (context.Turns.Count + 2 > context.Options.MaxTurns)
        {
            return Close(context, CloseReason.TurnBudget, tierAfterCurrent);
        }

        return move;
    }

    private NextMove AfterAnswer(InterviewContext context, InterviewReplay replay, QuestionProgress current, Difficulty tierAfterCurrent)
    {
        if (current.FollowUps < context.Options.MaxFollowUpsPerQuestion)
        {
            var analysis = scorer.Analyze(new EvaluationRequest(current.Question, current.CumulativeAnswer, context.Mode));
            if (FollowUpPlanner.Choose(current, analysis, context.Options, context.Turns.Count) is { } followUp)
            {
                return new NextMove(MoveKind.FollowUp, followUp.Text, current.Question.Key, replay.TierBeforeCurrent, followUp.Reason);
            }
        }

        return AskNext(context, replay, tierAfterCurrent);
    }

    private static NextMove AskNext(InterviewContext context, InterviewReplay replay, Difficulty tier)
    {
        var askedKeys = replay.Asked.Select(p => p.Question.Key).ToHashSet(StringComparer.Ordinal);
        // The plan opens with its warm-up question whatever the tier; adapting starts from the first answer.
        var next = askedKeys.Count == 0 && context.Plan.Count > 0
            ? context.Plan[0]
            : DifficultyTracker.Pick(context.Plan, askedKeys, tier);
        if (next is null)
        {
            return Close(context, CloseReason.PlanComplete, tier);
        }

        var lead = askedKeys.Count == 0 ? InterviewScript.FirstQuestionLead : InterviewScript.Acknowledge(context.Turns.Count);
        return new NextMove(MoveKind.AskQuestion, $"{lead} {next.Text}", next.Key, tier);
    }

    private static NextMove Close(InterviewContext context, CloseReason reason, Difficulty tier) =>
        new(MoveKind.Close, InterviewScript.Closing(reason, context.CandidateName, context.OrganizationName), null, tier, CloseReason: reason);
}
