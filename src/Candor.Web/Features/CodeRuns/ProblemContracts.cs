using Candor.Engine.Technical;

namespace Candor.Web.Features.CodeRuns;

/// <summary>A problem as a candidate or recruiter sees it in a list.</summary>
public sealed record ProblemListItem(string Id, string Title, string Difficulty, IReadOnlyList<string> Topics, IReadOnlyList<string> Languages, bool Custom)
{
    public static ProblemListItem From(Problem problem) => new(problem.Id, problem.Title, LanguageNames.Of(problem.Difficulty), problem.Topics,
        problem.Languages.Select(LanguageNames.Of).ToList(), ProblemBank.Find(problem.Id) is null);
}

public sealed record ProblemListResponse(IReadOnlyList<ProblemListItem> Items, int Total);

public sealed record ProblemExampleResponse(string Name, string Input, string Output, string? Explanation);

/// <summary>
/// A problem for solving: statement, visible examples and starter code. Never the hidden tests or the reference
/// solutions (their count is given, so a Submit's total makes sense); hints come one at a time from the rooms' hint API.
/// </summary>
public sealed record ProblemResponse(
    string Id,
    string Title,
    string Difficulty,
    IReadOnlyList<string> Topics,
    string Statement,
    IReadOnlyList<ProblemExampleResponse> Examples,
    IReadOnlyDictionary<string, string> StarterCode,
    IReadOnlyList<string> Languages,
    int HiddenTestCount,
    string ReferenceComplexity,
    bool Custom)
{
    public static ProblemResponse From(Problem problem) => new(
        problem.Id, problem.Title, LanguageNames.Of(problem.Difficulty), problem.Topics, problem.Statement,
        problem.Examples.Select(e => new ProblemExampleResponse(e.Name, e.Input, e.Output, e.Explanation)).ToList(),
        problem.StarterCode.ToDictionary(s => LanguageNames.Of(s.Key), s => s.Value),
        problem.Languages.Select(LanguageNames.Of).ToList(),
        problem.HiddenTests.Count, problem.ReferenceComplexity, ProblemBank.Find(problem.Id) is null);
}

public sealed record ProblemCaseRequest(string? Name, string? Input, string? Output, string? Explanation);

/// <summary>
/// POST /api/v1/problems: an organisation's own problem. Programs read a test's input on stdin and print the
/// expected output (compared line by line, JSON by value); SQL tests give setup SQL as input and the rows
/// ("a|b" per line) as output.
/// </summary>
public sealed record CreateProblemRequest(
    string? Id,
    string? Title,
    string? Difficulty,
    IReadOnlyList<string>? Topics,
    string? Statement,
    IReadOnlyDictionary<string, string>? StarterCode,
    IReadOnlyList<ProblemCaseRequest>? Examples,
    IReadOnlyList<ProblemCaseRequest>? HiddenTests,
    IReadOnlyList<string>? Hints,
    string? ReferenceComplexity,
    IReadOnlyDictionary<string, string>? ReferenceSolutions);
