namespace Candor.Engine.Technical;

/// <summary>A hint at one level of the ladder, with how many the candidate has used and has left.</summary>
public sealed record Hint(int Level, string Text, int HintsUsed, int HintsLeft);

/// <summary>
/// The offline hint giver. Layered from the problem's own hint ladder: level 1 a nudge, level 2 the approach,
/// level 3 a near-solution; never the full solution. Hints reference the candidate's code when the analysis
/// sees something concrete (a nested loop where the reference needs none, a missing empty-input check).
/// </summary>
public static class HintGiver
{
    public const int MaxHints = 3;

    /// <summary>The next hint after <paramref name="hintsUsed"/>, or null when the ladder is used up.</summary>
    public static Hint? Next(Problem problem, int hintsUsed, string? code, CodeLanguage? language)
    {
        if (hintsUsed >= MaxHints)
        {
            return null;
        }
        var level = hintsUsed + 1;
        var ladder = LadderText(problem, level);
        var personal = code is { Length: > 0 } && language is { } lang ? AboutTheirCode(problem, level, code, lang) : null;
        var text = personal is null ? ladder : $"{ladder} {personal}";
        return new Hint(level, NeverTheSolution(problem, text), level, MaxHints - level);
    }

    private static string LadderText(Problem problem, int level)
    {
        if (problem.Hints.Count >= level && !string.IsNullOrWhiteSpace(problem.Hints[level - 1]))
        {
            return problem.Hints[level - 1].Trim();
        }
        // A ladder shorter than three rungs: fall back to what the problem itself says about its shape.
        var topics = problem.Topics.Count > 0 ? string.Join(", ", problem.Topics) : "the input's structure";
        return level switch
        {
            1 => $"Start from the examples: what would you need to know about the input to answer in one pass? Think about {topics}.",
            2 => $"An approach that works: use {topics} so each element is looked at a bounded number of times.",
            _ => $"Aim for {problem.ReferenceComplexity}. Write the loop first, then decide what you must remember from earlier elements to answer for the current one.",
        };
    }

    private static string? AboutTheirCode(Problem problem, int level, string code, CodeLanguage language)
    {
        var metrics = CodeMetrics.Analyze(code, language);
        var referenceDepth = CodeReviewer.ReferenceLoopDepth(problem.ReferenceComplexity);
        var nested = metrics.Loops.FirstOrDefault(l => l.Depth > referenceDepth);
        if (nested is not null && referenceDepth > 0 && level >= 2)
        {
            return $"Your loop on line {nested.Line} sits inside another; the reference reaches {problem.ReferenceComplexity}, so see what you can remember instead of searching again.";
        }
        if (metrics.OffByOneSuspectLines.Count > 0)
        {
            return $"Check the bound on line {metrics.OffByOneSuspectLines[0]}: does it reach one past the end?";
        }
        if (metrics.EmptyInputGuardLines.Count == 0 && level == 1)
        {
            return "Also decide what your code should return for an empty input.";
        }
        return null;
    }

    /// <summary>
    /// Why a hint (a model's, typically) gives the solution away, or null when it does not: it quotes a substantial
    /// line of a reference solution (spacing ignored), or it carries a code block or several lines of code. Level 3
    /// may be near the solution, but in words: the candidate still writes it.
    /// </summary>
    public static string? RevealsSolution(Problem problem, string hint)
    {
        var squeezed = Squeeze(hint);
        if (SolutionLines(problem).Select(Squeeze).Any(line => squeezed.Contains(line, StringComparison.Ordinal)))
        {
            return "it quotes the reference solution.";
        }
        if (hint.Contains("```", StringComparison.Ordinal) || hint.Contains("<code", StringComparison.OrdinalIgnoreCase))
        {
            return "it contains a code block.";
        }
        var codeLike = hint.Split('\n').Count(line => LooksLikeCode(line.Trim()));
        return codeLike >= 2 ? "it contains several lines of code." : null;
    }

    private static bool LooksLikeCode(string line) =>
        line.Length > 0
        && (line.EndsWith(';') || line.EndsWith('{') || line.EndsWith('}')
            || (line.EndsWith(':') && (line.StartsWith("def ", StringComparison.Ordinal) || line.StartsWith("for ", StringComparison.Ordinal)
                || line.StartsWith("if ", StringComparison.Ordinal) || line.StartsWith("while ", StringComparison.Ordinal)))
            || line.StartsWith("return ", StringComparison.Ordinal) || line.StartsWith("function ", StringComparison.Ordinal));

    private static string Squeeze(string text) => new([.. text.Where(c => !char.IsWhiteSpace(c))]);

    /// <summary>The reference solutions' substantial lines, less those the candidate was given anyway (the starter code's signature).</summary>
    private static List<string> SolutionLines(Problem problem)
    {
        var given = problem.StarterCode.Values.SelectMany(s => s.Split('\n')).Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
        return problem.ReferenceSolutions.Values
            .SelectMany(s => s.Split('\n'))
            .Select(l => l.Trim())
            .Where(l => l.Length >= 16 && !given.Contains(l))
            .ToList();
    }

    /// <summary>
    /// A ladder rung written carelessly could paste the reference solution; a hint that quotes any of its
    /// substantial lines is cut back to the lines before the first quoted one.
    /// </summary>
    private static string NeverTheSolution(Problem problem, string hint)
    {
        var solutionLines = SolutionLines(problem);
        var kept = new List<string>();
        foreach (var line in hint.Split('\n'))
        {
            if (solutionLines.Any(s => line.Contains(s, StringComparison.Ordinal)))
            {
                break;
            }
            kept.Add(line);
        }
        var text = string.Join('\n', kept).Trim();
        return text.Length > 0 ? text : "Think about what you need to remember from the elements you have already seen.";
    }
}
