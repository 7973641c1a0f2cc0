using System.Text.RegularExpressions;

namespace Candor.Engine.Technical;

/// <summary>Wire names: correctness, edge_cases, complexity, readability, structure, testing.</summary>
public enum ReviewCategoryName { Correctness, EdgeCases, Complexity, Readability, Structure, Testing }

/// <summary>Wire names: info, warning, error.</summary>
public enum SuggestionSeverity { Info, Warning, Error }

/// <summary>One piece of evidence for a category's score; <paramref name="Line"/> is the 1-based line it is about.</summary>
public sealed record ReviewEvidence(int Line, string Note);

public sealed record ReviewCategory(int Score, IReadOnlyList<ReviewEvidence> Evidence);

public sealed record ReviewSuggestion(int Line, SuggestionSeverity Severity, string Message);

/// <summary>A structured review: the score 0–100, six typed categories, line-cited suggestions and a summary.</summary>
public sealed record CodeReview(
    int Score,
    IReadOnlyDictionary<ReviewCategoryName, ReviewCategory> Categories,
    IReadOnlyList<ReviewSuggestion> Suggestions,
    string Summary);

/// <summary>A review plus the weakness signals it found: the signals are internal, never returned to the candidate.</summary>
public sealed record ReviewOutcome(CodeReview Review, IReadOnlyList<WeaknessSignal> Weaknesses);

/// <summary>
/// The offline code reviewer: static analysis (<see cref="CodeMetrics"/>), the latest run's test results and the
/// problem's reference complexity. Every category's evidence cites a line, so a recruiter can check the claim.
/// </summary>
public static partial class CodeReviewer
{
    public const int ComplexityBudget = 10;
    public const int NestingBudget = 3;

    public static ReviewOutcome Review(string code, CodeLanguage language, Problem? problem, RunSummary? lastRun)
    {
        var metrics = CodeMetrics.Analyze(code, language);
        var suggestions = new List<ReviewSuggestion>();
        var weaknesses = new List<WeaknessSignal>();
        var firstLine = Math.Max(1, FirstCodeLine(code));

        // Correctness: what the tests say, else only that nothing was run.
        var correctness = new List<ReviewEvidence>();
        int correctnessScore;
        if (lastRun is null)
        {
            correctnessScore = 50;
            correctness.Add(new ReviewEvidence(firstLine, "The code has not been run against the tests yet, so correctness is unproven."));
        }
        else if (lastRun.Verdict != "ok")
        {
            correctnessScore = lastRun.Verdict == "compile_error" ? 0 : 20;
            correctness.Add(new ReviewEvidence(firstLine, $"The last {(lastRun.Submitted ? "submission" : "run")} ended with {lastRun.Verdict.Replace('_', ' ')}."));
        }
        else
        {
            correctnessScore = (int)Math.Round(100 * lastRun.PassRate);
            correctness.Add(new ReviewEvidence(firstLine, $"{lastRun.Passed} of {lastRun.Total} {(lastRun.Submitted ? "hidden tests" : "examples")} pass."));
            foreach (var failed in lastRun.FailedTests.Take(3))
            {
                correctness.Add(new ReviewEvidence(firstLine, $"Fails \"{failed}\"."));
            }
        }

        // Edge cases: explicit guards for empty or degenerate input, and suspicious index arithmetic.
        var edge = new List<ReviewEvidence>();
        var edgeScore = 100;
        if (metrics.EmptyInputGuardLines.Count > 0)
        {
            edge.Add(new ReviewEvidence(metrics.EmptyInputGuardLines[0], "Handles empty or minimal input explicitly."));
        }
        else
        {
            edgeScore -= 40;
            edge.Add(new ReviewEvidence(firstLine, "No explicit check for empty or minimal input."));
            suggestions.Add(new ReviewSuggestion(firstLine, SuggestionSeverity.Warning, "Say what happens with an empty input (or a single element) before the main logic."));
            weaknesses.Add(new WeaknessSignal(WeaknessCategory.EdgeCases, WeaknessSource.Review, $"No check for empty or minimal input (from line {firstLine}).", firstLine));
        }
        foreach (var line in metrics.OffByOneSuspectLines.Take(2))
        {
            edgeScore -= 25;
            edge.Add(new ReviewEvidence(line, "Indexes up to the length itself: one past the last element."));
            suggestions.Add(new ReviewSuggestion(line, SuggestionSeverity.Error, "This reaches index len, one past the end; use < rather than <=, or drop the + 1."));
            weaknesses.Add(new WeaknessSignal(WeaknessCategory.OffByOne, WeaknessSource.Review, $"Line {line} indexes one past the end.", line));
        }
        if (metrics.ValidationLines.Count == 0 && problem is not null && ExpectsValidation().IsMatch(problem.Statement))
        {
            edgeScore -= 15;
            edge.Add(new ReviewEvidence(firstLine, "The statement mentions invalid input, and the code never checks for it."));
            weaknesses.Add(new WeaknessSignal(WeaknessCategory.InputValidation, WeaknessSource.Review, "Invalid input the problem mentions is never checked.", firstLine));
        }
        else if (metrics.ValidationLines.Count > 0)
        {
            edge.Add(new ReviewEvidence(metrics.ValidationLines[0], "Refuses invalid input explicitly."));
        }

        // Complexity: cyclomatic complexity, nesting, and loops nested deeper than the reference needs.
        var complexity = new List<ReviewEvidence>();
        var complexityScore = 100;
        complexity.Add(new ReviewEvidence(firstLine, $"Cyclomatic complexity {metrics.CyclomaticComplexity}, deepest nesting {metrics.MaxNesting}."));
        if (metrics.CyclomaticComplexity > ComplexityBudget)
        {
            complexityScore -= Math.Min(40, 5 * (metrics.CyclomaticComplexity - ComplexityBudget));
            suggestions.Add(new ReviewSuggestion(firstLine, SuggestionSeverity.Warning,
                $"{metrics.CyclomaticComplexity} decision points is a lot to follow; split out a helper or merge conditions."));
        }
        if (metrics.MaxNesting > NestingBudget)
        {
            complexityScore -= 15;
            complexity.Add(new ReviewEvidence(metrics.MaxNestingLine, $"Nested {metrics.MaxNesting} blocks deep here."));
            suggestions.Add(new ReviewSuggestion(metrics.MaxNestingLine, SuggestionSeverity.Info, "Return early to flatten this nesting."));
            weaknesses.Add(new WeaknessSignal(WeaknessCategory.CodeStructure, WeaknessSource.Review, $"Nested {metrics.MaxNesting} blocks deep at line {metrics.MaxNestingLine}.", metrics.MaxNestingLine));
        }
        var referenceDepth = ReferenceLoopDepth(problem?.ReferenceComplexity);
        var deepLoop = metrics.Loops.FirstOrDefault(l => l.Depth > referenceDepth);
        if (deepLoop is not null && referenceDepth > 0)
        {
            complexityScore -= 35;
            complexity.Add(new ReviewEvidence(deepLoop.Line,
                $"A loop nested {deepLoop.Depth} deep: about O(n^{deepLoop.Depth}) where the reference reaches {problem!.ReferenceComplexity}."));
            suggestions.Add(new ReviewSuggestion(deepLoop.Line, SuggestionSeverity.Warning,
                "This nested loop makes the solution quadratic or worse; a hash map or a sort usually removes it."));
            weaknesses.Add(new WeaknessSignal(WeaknessCategory.TimeComplexity, WeaknessSource.Review,
                $"Nested loop at line {deepLoop.Line} (O(n^{deepLoop.Depth})) against a reference of {problem.ReferenceComplexity}.", deepLoop.Line));
        }
        foreach (var line in metrics.CopyInLoopLines.Take(1))
        {
            complexityScore -= 15;
            complexity.Add(new ReviewEvidence(line, "Copies a collection inside a loop."));
            suggestions.Add(new ReviewSuggestion(line, SuggestionSeverity.Info, "Copying here costs extra memory on every iteration; index into the original instead."));
            weaknesses.Add(new WeaknessSignal(WeaknessCategory.SpaceComplexity, WeaknessSource.Review, $"Copies a collection inside a loop at line {line}.", line));
        }

        // Readability: names.
        var readability = new List<ReviewEvidence>();
        var readabilityScore = 100 - Math.Min(60, 20 * metrics.UnclearNames.Count);
        if (metrics.UnclearNames.Count == 0)
        {
            readability.Add(new ReviewEvidence(metrics.Declared.Count > 0 ? metrics.Declared[0].Line : firstLine,
                metrics.Declared.Count > 0 ? "Names say what they hold." : "Few names declared; nothing unclear."));
        }
        foreach (var name in metrics.UnclearNames.Take(3))
        {
            readability.Add(new ReviewEvidence(name.Line, $"\"{name.Name}\" does not say what it holds."));
            suggestions.Add(new ReviewSuggestion(name.Line, SuggestionSeverity.Info, $"Rename \"{name.Name}\" after what it holds."));
        }
        if (metrics.UnclearNames.Count > 0)
        {
            var first = metrics.UnclearNames[0];
            weaknesses.Add(new WeaknessSignal(WeaknessCategory.VariableNaming, WeaknessSource.Review,
                $"Unclear name{(metrics.UnclearNames.Count == 1 ? "" : "s")}: {string.Join(", ", metrics.UnclearNames.Take(3).Select(n => $"\"{n.Name}\" (line {n.Line})"))}.", first.Line));
        }

        // Structure: function size and count.
        var structure = new List<ReviewEvidence>();
        var structureScore = 100;
        if (metrics.LongestFunctionLines > 40)
        {
            structureScore -= 30;
            structure.Add(new ReviewEvidence(firstLine, $"The longest function runs {metrics.LongestFunctionLines} lines."));
            suggestions.Add(new ReviewSuggestion(firstLine, SuggestionSeverity.Info, "Split the long function into named steps."));
        }
        else
        {
            structure.Add(new ReviewEvidence(firstLine, metrics.Functions == 0
                ? "Written as one block without functions."
                : $"{metrics.Functions} function{(metrics.Functions == 1 ? "" : "s")}, the longest {metrics.LongestFunctionLines} lines."));
        }
        if (metrics.MaxNesting > NestingBudget)
        {
            structureScore -= 20;
        }

        // Testing: whether the candidate ran the tests and submitted.
        var testing = new List<ReviewEvidence>();
        int testingScore;
        if (lastRun is null)
        {
            testingScore = 30;
            testing.Add(new ReviewEvidence(firstLine, "Never ran the examples before asking for a review."));
            suggestions.Add(new ReviewSuggestion(firstLine, SuggestionSeverity.Info, "Run the examples before asking for a review."));
        }
        else
        {
            testingScore = lastRun.Submitted ? 60 + (int)Math.Round(40 * lastRun.PassRate) : 50 + (int)Math.Round(30 * lastRun.PassRate);
            testing.Add(new ReviewEvidence(firstLine, lastRun.Submitted ? "Submitted against the hidden tests." : "Ran the visible examples; not submitted yet."));
        }

        var categories = new Dictionary<ReviewCategoryName, ReviewCategory>
        {
            [ReviewCategoryName.Correctness] = new(Clamp(correctnessScore), correctness),
            [ReviewCategoryName.EdgeCases] = new(Clamp(edgeScore), edge),
            [ReviewCategoryName.Complexity] = new(Clamp(complexityScore), complexity),
            [ReviewCategoryName.Readability] = new(Clamp(readabilityScore), readability),
            [ReviewCategoryName.Structure] = new(Clamp(structureScore), structure),
            [ReviewCategoryName.Testing] = new(Clamp(testingScore), testing),
        };
        // Correctness weighs most: clean code that fails the tests is not a good solution.
        var score = Clamp((int)Math.Round(
            0.35 * categories[ReviewCategoryName.Correctness].Score
            + 0.15 * categories[ReviewCategoryName.EdgeCases].Score
            + 0.15 * categories[ReviewCategoryName.Complexity].Score
            + 0.12 * categories[ReviewCategoryName.Readability].Score
            + 0.11 * categories[ReviewCategoryName.Structure].Score
            + 0.12 * categories[ReviewCategoryName.Testing].Score));

        var ordered = suggestions.OrderByDescending(s => s.Severity).ThenBy(s => s.Line).ToList();
        return new ReviewOutcome(new CodeReview(score, categories, ordered, Summarize(score, categories, ordered)), weaknesses);
    }

    private static string Summarize(int score, Dictionary<ReviewCategoryName, ReviewCategory> categories, List<ReviewSuggestion> suggestions)
    {
        var best = categories.MaxBy(c => c.Value.Score);
        var worst = categories.MinBy(c => c.Value.Score);
        var verdict = score switch
        {
            >= 85 => "A strong solution.",
            >= 65 => "A workable solution with room to improve.",
            >= 40 => "A partial solution.",
            _ => "The solution is not there yet.",
        };
        var focus = worst.Value.Score >= 85
            ? "Nothing stands out to fix."
            : $"Work on {Words(worst.Key)} first{(suggestions.Count > 0 ? $" (line {suggestions[0].Line}: {suggestions[0].Message})" : ".")}";
        return $"{verdict} Strongest on {Words(best.Key)}. {focus}";
    }

    private static string Words(ReviewCategoryName name) => name switch
    {
        ReviewCategoryName.EdgeCases => "edge cases",
        _ => name.ToString().ToLowerInvariant(),
    };

    /// <summary>How deep loops may nest for the reference complexity: O(n) and O(n log n) → 1, O(n^2) → 2; 0 when unknown.</summary>
    internal static int ReferenceLoopDepth(string? referenceComplexity)
    {
        if (string.IsNullOrWhiteSpace(referenceComplexity))
        {
            return 0;
        }
        var time = referenceComplexity.Split(',')[0];
        if (time.Contains("n²", StringComparison.Ordinal))
        {
            return 2;
        }
        var power = Power().Match(time);
        return power.Success ? int.Parse(power.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 1;
    }

    private static int FirstCodeLine(string code)
    {
        var lines = code.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            if (lines[i].Trim().Length > 0)
            {
                return i + 1;
            }
        }
        return 1;
    }

    private static int Clamp(int score) => Math.Clamp(score, 0, 100);

    [GeneratedRegex(@"n\s*(?:\^|\*\*)\s*(\d)", RegexOptions.CultureInvariant)]
    private static partial Regex Power();

    [GeneratedRegex(@"\binvalid\b|\braise\b|\bthrow\b|\berror\b|\bnegative\b|\bnot a number\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ExpectsValidation();
}
