using System.Text.RegularExpressions;

namespace Candor.Engine.Technical;

/// <summary>Wire names: edge_cases, time_complexity, space_complexity, variable_naming, code_structure, off_by_one, input_validation, communication.</summary>
public enum WeaknessCategory { EdgeCases, TimeComplexity, SpaceComplexity, VariableNaming, CodeStructure, OffByOne, InputValidation, Communication }

/// <summary>Where a weakness was seen. Wire names: review, run, conversation.</summary>
public enum WeaknessSource { Review, Run, Conversation }

/// <summary>One observation of a weakness, with the evidence a recruiter can check (it cites the line when there is one).</summary>
public sealed record WeaknessSignal(WeaknessCategory Category, WeaknessSource Source, string Evidence, int? Line = null);

/// <summary>The outcome of one run or submission, as the engine needs it (the web app maps its sandbox result to this).</summary>
/// <param name="Verdict">ok, compile_error, runtime_error, timeout, memory_limit, output_limit, forbidden.</param>
/// <param name="FailedTests">Names of the tests that failed.</param>
public sealed record RunSummary(string Verdict, int Passed, int Total, IReadOnlyList<string> FailedTests, string Stderr, bool Submitted)
{
    public double PassRate => Total == 0 ? 0 : (double)Passed / Total;
}

/// <summary>
/// Turns runs and conversation into weakness signals (reviews produce their own, see <see cref="CodeReviewer"/>).
/// Pure rules: the same run or message always gives the same signals.
/// </summary>
public static partial class WeaknessDetector
{
    public static IReadOnlyList<WeaknessSignal> FromRun(RunSummary run, string code, CodeLanguage language)
    {
        var signals = new List<WeaknessSignal>();
        if (run.Verdict == "timeout")
        {
            var metrics = CodeMetrics.Analyze(code, language);
            var nested = metrics.Loops.FirstOrDefault(l => l.Depth >= 2);
            signals.Add(new WeaknessSignal(WeaknessCategory.TimeComplexity, WeaknessSource.Run,
                nested is null
                    ? "The code ran out of time on the tests."
                    : $"The code ran out of time; the loop on line {nested.Line} is nested inside another.", nested?.Line));
        }
        else if (run.Verdict == "memory_limit")
        {
            signals.Add(new WeaknessSignal(WeaknessCategory.SpaceComplexity, WeaknessSource.Run, "The code hit the memory limit."));
        }
        if (IndexError().IsMatch(run.Stderr))
        {
            var metrics = CodeMetrics.Analyze(code, language);
            var line = metrics.OffByOneSuspectLines.Count > 0 ? metrics.OffByOneSuspectLines[0] : (int?)null;
            signals.Add(new WeaknessSignal(WeaknessCategory.OffByOne, WeaknessSource.Run,
                line is null ? "A run failed reading past the end of a list." : $"A run failed reading past the end of a list; see line {line}.", line));
        }
        var edgeTests = run.FailedTests.Where(t => EdgeCaseTestName().IsMatch(t)).ToList();
        if (edgeTests.Count > 0)
        {
            signals.Add(new WeaknessSignal(WeaknessCategory.EdgeCases, WeaknessSource.Run,
                $"Failed edge-case test{(edgeTests.Count == 1 ? "" : "s")}: {string.Join(", ", edgeTests.Take(3))}."));
        }
        return signals;
    }

    /// <summary>A reply that explains nothing: a handful of words, or only code, in answer to the interviewer.</summary>
    public static IReadOnlyList<WeaknessSignal> FromConversation(string candidateText, bool answeringAQuestion)
    {
        var words = candidateText.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Length;
        if (answeringAQuestion && words < 4)
        {
            var quoted = candidateText.Length > 60 ? candidateText[..60] + "…" : candidateText;
            return [new WeaknessSignal(WeaknessCategory.Communication, WeaknessSource.Conversation,
                $"Answered the interviewer's question in {words} word{(words == 1 ? "" : "s")}: \"{quoted.Trim()}\".")];
        }
        return [];
    }

    [GeneratedRegex(@"IndexError|IndexOutOfRange|index out of range|ArgumentOutOfRange|Cannot read propert(?:y|ies) of undefined|out of bounds", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex IndexError();

    [GeneratedRegex(@"empty|single|one[_\s-]?element|zero|null|none|negative|duplicate|edge|boundary|large|max|min", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex EdgeCaseTestName();
}
