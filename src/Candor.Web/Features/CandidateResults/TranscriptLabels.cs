using Candor.Engine.Interviews;
using Candor.Engine.Questions;
using Candor.Web.Features.Interviews;

namespace Candor.Web.Features.CandidateResults;

/// <summary>
/// How a transcript turn is labelled for people: "Question 2" is the question's place in the recruiter's plan, the
/// same number the candidate saw ("Question 2 of 10") and the job page shows.
/// </summary>
public static class TranscriptLabels
{
    public static string For(InterviewResultsResponse results, TranscriptTurnResponse turn) => turn.Kind switch
    {
        TurnKind.Intro => "Introduction",
        TurnKind.Question => $"Question {Number(results, turn.QuestionKey)}",
        TurnKind.FollowUp => $"Follow-up on question {Number(results, turn.QuestionKey)}",
        TurnKind.Closing => "Closing",
        _ => ResultsText.Humanize(ResultsText.Code(turn.Kind)),
    };

    /// <summary>
    /// The plan questions adaptive difficulty passed over just before this question turn (the engine asks in plan order
    /// and only ever skips forward), each with why, so the transcript says what happened to them.
    /// </summary>
    public static IReadOnlyList<string> SkippedBefore(InterviewResultsResponse results, TranscriptTurnResponse turn)
    {
        if (turn.Kind != TurnKind.Question)
        {
            return [];
        }

        var plan = results.Questions.ToList();
        var position = plan.FindIndex(q => q.Key == turn.QuestionKey);
        var previous = results.Transcript
            .Where(t => t.Kind == TurnKind.Question && t.Sequence < turn.Sequence)
            .Select(t => plan.FindIndex(q => q.Key == t.QuestionKey))
            .DefaultIfEmpty(-1)
            .Max();
        if (position < 0)
        {
            return [];
        }

        var level = turn.Tier is { } tier ? ResultsText.Humanize(ResultsText.Code(tier)).ToLowerInvariant() : "an easier";
        return [.. Enumerable.Range(previous + 1, Math.Max(0, position - previous - 1))
            .Where(i => !plan[i].Asked)
            .Select(i => $"Question {i + 1} was skipped: it is {Article(plan[i].Difficulty)} question, and the candidate's answers so far put the interview at the {level} level.")];
    }

    private static string Number(InterviewResultsResponse results, string? key)
    {
        var index = results.Questions.ToList().FindIndex(q => q.Key == key);
        return index >= 0 ? (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture) : "?";
    }

    private static string Article(Difficulty difficulty) => difficulty == Difficulty.Easy ? "an easy" : $"a {ResultsText.Code(difficulty)}";
}
