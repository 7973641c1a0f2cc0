namespace Candor.Engine.Technical;

// The technical round's problems (issue 12). Pure data: the bank, the offline hint giver and reviewer read it;
// the web app stores an organisation's own problems in the same shape and runs code against the tests.

public enum ProblemDifficulty { Easy, Medium, Hard }

/// <summary>Languages a candidate can write in. Wire names: python, javascript, typescript, csharp, sql.</summary>
public enum CodeLanguage { Python, JavaScript, TypeScript, CSharp, Sql }

/// <summary>A visible example: shown to the candidate, run by "Run", and its expected/actual output is shown.</summary>
public sealed record ProblemExample(string Name, string Input, string Output, string? Explanation = null);

/// <summary>A hidden test: run by "Submit"; its name is shown, never its input or expected output.</summary>
public sealed record ProblemTest(string Name, string Input, string Output);

/// <param name="Id">Stable slug, e.g. "two-sum"; an organisation's own problems get their own ids.</param>
/// <param name="Hints">The hint ladder, in order: a nudge, the approach, a near-solution (never the full solution).</param>
/// <param name="ReferenceComplexity">e.g. "O(n) time, O(n) space": what a good solution reaches.</param>
/// <param name="ReferenceSolutions">Per language; never sent to a candidate.</param>
public sealed record Problem(
    string Id,
    string Title,
    ProblemDifficulty Difficulty,
    IReadOnlyList<string> Topics,
    string Statement,
    IReadOnlyList<ProblemExample> Examples,
    IReadOnlyList<ProblemTest> HiddenTests,
    IReadOnlyDictionary<CodeLanguage, string> StarterCode,
    IReadOnlyList<string> Hints,
    string ReferenceComplexity,
    IReadOnlyDictionary<CodeLanguage, string> ReferenceSolutions)
{
    public IEnumerable<CodeLanguage> Languages => StarterCode.Keys;
}
