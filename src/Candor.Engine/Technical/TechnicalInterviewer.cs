using System.Text.RegularExpressions;

namespace Candor.Engine.Technical;

/// <summary>Wire names: question, evaluation, hint, encouragement.</summary>
public enum FollowUpType { Question, Evaluation, Hint, Encouragement }

/// <summary>Everything the interviewer sees at one turn of an AI-mode room.</summary>
/// <param name="HistoricalWeaknesses">The candidate's weaknesses from earlier sessions, most frequent first: probed in turn.</param>
/// <param name="ProbedWeaknesses">Weaknesses already probed in this room, so each is asked about once.</param>
public sealed record TechnicalTurn(
    Problem? Problem,
    string CandidateText,
    string? Code,
    CodeLanguage? Language,
    RunSummary? LastRun,
    int HintsUsed,
    int UnresolvedFollowUps,
    double? SecondsSinceLastMessage,
    ProblemDifficulty CurrentDifficulty,
    IReadOnlyList<WeaknessCategory> HistoricalWeaknesses,
    IReadOnlySet<WeaknessCategory> ProbedWeaknesses);

/// <param name="Probed">The historical weakness this reply asks about, if any.</param>
public sealed record TechnicalReply(string Reply, FollowUpType FollowUpType, ProblemDifficulty Difficulty, DifficultyDecision Decision, WeaknessCategory? Probed);

/// <summary>
/// The offline interviewer of an AI-mode room: reads the candidate's message, their code and the latest run,
/// decides the next difficulty, and answers with a follow-up about their own code (citing its lines), an
/// evaluation, a hint or encouragement. It probes the candidate's historical weaknesses one at a time.
/// The candidate's text is only ever matched against patterns, never followed as an instruction.
/// </summary>
public static partial class TechnicalInterviewer
{
    public static TechnicalReply Reply(TechnicalTurn turn)
    {
        var metrics = turn.Code is { Length: > 0 } code && turn.Language is { } language ? CodeMetrics.Analyze(code, language) : null;
        var decision = AdaptiveDifficulty.Decide(new DifficultySignals(
            turn.CurrentDifficulty, turn.LastRun?.PassRate, turn.SecondsSinceLastMessage, turn.HintsUsed, turn.UnresolvedFollowUps,
            metrics?.CyclomaticComplexity ?? 1, metrics?.MaxNesting ?? 0));
        var next = decision.Next;

        if (decision.Struggling || AsksForHelp().IsMatch(turn.CandidateText))
        {
            var step = turn.Problem is { } problem && problem.Examples.Count > 0
                ? $"Let's make it smaller: get the first example ({problem.Examples[0].Name}) passing before the general case."
                : "Let's make it smaller: solve it for a list of two elements first, then generalise.";
            return new TechnicalReply(
                decision.Struggling
                    ? $"This one is tricky, and you're making progress. {step} You can also ask for a hint."
                    : $"{step} If you're still stuck after that, the hint button gives you a nudge.",
                decision.Struggling ? FollowUpType.Encouragement : FollowUpType.Hint, next, decision, null);
        }

        var probe = turn.HistoricalWeaknesses.FirstOrDefault(w => !turn.ProbedWeaknesses.Contains(w) && ProbeFor(w, metrics) is not null);
        var probeQuestion = turn.HistoricalWeaknesses.Contains(probe) && !turn.ProbedWeaknesses.Contains(probe) ? ProbeFor(probe, metrics) : null;

        if (turn.LastRun is { } run && run.Verdict == "ok" && run.Total > 0 && run.Passed == run.Total)
        {
            var complexityQuestion = turn.Problem is null
                ? "What is the time and space complexity of your solution?"
                : $"What is the time and space complexity of your solution, and could it reach {turn.Problem.ReferenceComplexity}?";
            return new TechnicalReply(
                $"{AllPass(run.Total, run.Submitted ? "hidden tests" : "examples")} {probeQuestion ?? complexityQuestion}",
                FollowUpType.Evaluation, next, decision, probeQuestion is null ? null : probe);
        }

        if (probeQuestion is not null)
        {
            return new TechnicalReply(probeQuestion, FollowUpType.Question, next, decision, probe);
        }

        if (metrics is not null && turn.Problem is { } current)
        {
            var referenceDepth = CodeReviewer.ReferenceLoopDepth(current.ReferenceComplexity);
            var nested = metrics.Loops.FirstOrDefault(l => l.Depth > referenceDepth);
            if (nested is not null && referenceDepth > 0)
            {
                return new TechnicalReply(
                    $"The loop on line {nested.Line} runs inside another one. What does that cost for a large input, and what could you remember to avoid it?",
                    FollowUpType.Question, next, decision, null);
            }
            if (metrics.OffByOneSuspectLines.Count > 0)
            {
                return new TechnicalReply(
                    $"Walk me through the bound on line {metrics.OffByOneSuspectLines[0]}: which is the last index it touches?",
                    FollowUpType.Question, next, decision, null);
            }
        }

        if (turn.LastRun is { } failing && failing.Verdict != "ok")
        {
            return new TechnicalReply(
                $"Your last run ended with {failing.Verdict.Replace('_', ' ')}. What do you think caused it?",
                FollowUpType.Question, next, decision, null);
        }
        if (turn.LastRun is { } partial && partial.Passed < partial.Total)
        {
            var name = partial.FailedTests.Count > 0 ? $" \"{partial.FailedTests[0]}\"" : "";
            return new TechnicalReply(
                $"{partial.Passed} of {partial.Total} pass. What is different about the failing case{name}?",
                FollowUpType.Question, next, decision, null);
        }

        return new TechnicalReply(
            metrics is null
                ? "Before you write code, how would you approach this? Talk me through your plan and the data structure you'd use."
                : "Talk me through your approach so far. What will you check once it runs?",
            FollowUpType.Question, next, decision, null);
    }

    /// <summary>The question that tests a weakness again, or null when the current code gives nothing to ask about.</summary>
    private static string? ProbeFor(WeaknessCategory weakness, CodeMetrics? metrics) => weakness switch
    {
        WeaknessCategory.EdgeCases => "What does your code do with an empty input, or a single element?",
        WeaknessCategory.OffByOne => "Which is the first and the last index your loop touches, and why those?",
        WeaknessCategory.TimeComplexity => "What is the time complexity of this, and where does most of the work happen?",
        WeaknessCategory.SpaceComplexity => "How much extra memory does this use as the input grows?",
        WeaknessCategory.InputValidation => "What should happen if the input is invalid, say a negative or missing value?",
        WeaknessCategory.VariableNaming when metrics is { UnclearNames.Count: > 0 } =>
            $"If a colleague read \"{metrics.UnclearNames[0].Name}\" on line {metrics.UnclearNames[0].Line}, would they know what it holds?",
        WeaknessCategory.CodeStructure when metrics is { MaxNesting: > CodeReviewer.NestingBudget } =>
            $"Line {metrics.MaxNestingLine} is {metrics.MaxNesting} blocks deep. How could you flatten it?",
        WeaknessCategory.Communication => "Before the next change, explain in a few sentences why your approach is correct.",
        _ => null,
    };

    /// <summary>"The example passes.", "Both examples pass.", "All 5 hidden tests pass."</summary>
    private static string AllPass(int total, string noun) => total switch
    {
        1 => $"The {noun.TrimEnd('s')} passes.",
        2 => $"Both {noun} pass.",
        _ => $"All {total} {noun} pass.",
    };

    [GeneratedRegex(@"\b(?:stuck|no idea|don'?t know|help|lost|confused|hint)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AsksForHelp();
}
