using System.Text.RegularExpressions;
using Candor.Engine.Technical;
using Candor.Web.Data;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Candor.Web.Features.CodeRuns;

/// <summary>
/// Adds an organisation's own problem: the one path behind POST /api/v1/problems and the "Add a problem" page, so
/// both validate alike. Invalid fields throw <see cref="FieldErrorsException"/> (snake_case field names); a reference
/// solution that fails its own tests throws a 422 <c>reference_solution_fails</c>, an id already used a 409
/// <c>problem_exists</c> (<see cref="ApiProblemException"/>).
/// </summary>
public sealed partial class ProblemCreator(CandorDbContext db, ICodeRunner runner, TimeProvider clock)
{
    public const int MaxCases = 100;
    public const int MaxCaseLength = 100_000;
    public const int MaxCodeLength = SandboxCodeRunner.MaxCodeLength;
    public const int HintCount = 3;

    public const string ReferenceSolutionFails = "reference_solution_fails";
    public const string ProblemExists = "problem_exists";

    /// <summary>
    /// Validates and stores the problem. Reference solutions, when given, are run against the examples and hidden
    /// tests in the sandbox first: a problem whose own solution fails is refused.
    /// </summary>
    public async Task<Problem> CreateAsync(CreateProblemRequest request, CancellationToken cancellationToken)
    {
        var (problem, entity) = Validate(request);
        foreach (var (language, code) in problem.ReferenceSolutions)
        {
            foreach (var mode in new[] { RunMode.Run, RunMode.Submit })
            {
                var result = await runner.RunAsync(problem, language, code, mode, cancellationToken);
                if (result.Verdict != RunVerdict.Ok || result.Passed != result.Total)
                {
                    var failed = result.Tests.FirstOrDefault(t => !t.Passed)?.Name;
                    throw new ApiProblemException(StatusCodes.Status422UnprocessableEntity, "Reference solution fails",
                        $"The {LanguageNames.Display(language)} reference solution {(result.Verdict == RunVerdict.Ok ? "gave the wrong output" : $"stopped ({VerdictName(result.Verdict).Replace('_', ' ')})")}"
                        + $"{(failed is null ? "" : $" on {failed}")}: {result.Passed} of {result.Total} tests passed.",
                        ReferenceSolutionFails);
                }
            }
        }
        if (await db.Set<CustomProblem>().AnyAsync(p => p.Slug == entity.Slug, cancellationToken))
        {
            throw ApiProblemException.Conflict($"Your organisation already has a problem with id '{entity.Slug}'.", ProblemExists);
        }
        entity.CreatedAt = clock.GetUtcNow();
        db.Add(entity);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            throw ApiProblemException.Conflict($"Your organisation already has a problem with id '{entity.Slug}'.", ProblemExists);
        }
        return problem;
    }

    private static string VerdictName(RunVerdict verdict) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(verdict.ToString());

    private static (Problem Problem, CustomProblem Entity) Validate(CreateProblemRequest request)
    {
        var errors = new FieldErrors();
        errors.RequireText("title", request.Title, 200);
        errors.RequireText("statement", request.Statement, 20_000);
        errors.OptionalText("reference_complexity", request.ReferenceComplexity, 200);
        var difficulty = LanguageNames.TryParseDifficulty(request.Difficulty);
        if (difficulty is null)
        {
            errors.Add("difficulty", "The field 'difficulty' must be one of: easy, medium, hard.");
        }
        var slug = request.Id ?? Slugify(request.Title ?? "");
        if (!SlugPattern().IsMatch(slug))
        {
            errors.Add("id", "The field 'id' must be 2-64 characters of a-z, 0-9 and '-', starting with a letter or digit.");
        }
        else if (ProblemBank.Find(slug) is not null)
        {
            errors.Add("id", $"'{slug}' is a built-in problem's id; choose another.");
        }
        var topics = request.Topics ?? [];
        if (topics.Count > 20 || topics.Any(t => string.IsNullOrWhiteSpace(t) || t.Length > 50 || !StorableText.IsStorable(t)))
        {
            errors.Add("topics", "The field 'topics' holds at most 20 non-blank topics of at most 50 characters, without control characters.");
        }
        var starter = ParseCode("starter_code", request.StarterCode, errors, required: true);
        var solutions = ParseCode("reference_solutions", request.ReferenceSolutions, errors, required: false);
        foreach (var language in solutions.Keys.Where(l => !starter.ContainsKey(l)))
        {
            errors.Add("reference_solutions", $"A reference solution in {LanguageNames.Of(language)} needs starter code in that language.");
        }
        if (starter.ContainsKey(CodeLanguage.Sql) && starter.Count > 1)
        {
            errors.Add("starter_code", "A SQL problem has SQL starter code only (its tests are setup scripts and rows, not program input).");
        }
        var examples = ParseCases("examples", request.Examples, errors);
        var hidden = ParseCases("hidden_tests", request.HiddenTests, errors);
        var hints = request.Hints ?? [];
        if (hints.Count != HintCount || hints.Any(h => string.IsNullOrWhiteSpace(h) || h.Length > 2000))
        {
            errors.Add("hints", "The field 'hints' must be the 3-step ladder: a nudge, the approach, a near-solution (each 1-2,000 characters).");
        }
        else if (hints.Any(h => !StorableText.IsStorable(h)))
        {
            errors.Add("hints", StorableText.ErrorFor("hints"));
        }
        errors.ThrowIfAny();

        var problem = new Problem(slug, request.Title!.Trim(), difficulty!.Value, topics.Select(t => t.Trim()).ToList(), request.Statement!.Trim(),
            examples.Select(c => new ProblemExample(c.Name, c.Input, c.Output, c.Explanation)).ToList(),
            hidden.Select(c => new ProblemTest(c.Name, c.Input, c.Output)).ToList(),
            starter, hints, request.ReferenceComplexity?.Trim() ?? "", solutions);
        var entity = new CustomProblem
        {
            Id = Guid.NewGuid(),
            Slug = slug,
            Title = problem.Title,
            Difficulty = problem.Difficulty,
            Languages = starter.Keys.Select(LanguageNames.Of).ToArray(),
            Definition = new CustomProblemDefinition(problem.Topics, problem.Statement, problem.Examples, problem.HiddenTests,
                starter.ToDictionary(s => LanguageNames.Of(s.Key), s => s.Value), hints, problem.ReferenceComplexity,
                solutions.ToDictionary(s => LanguageNames.Of(s.Key), s => s.Value)),
        };
        return (problem, entity);
    }

    private sealed record ValidCase(string Name, string Input, string Output, string? Explanation);

    private static List<ValidCase> ParseCases(string field, IReadOnlyList<ProblemCaseRequest>? cases, FieldErrors errors)
    {
        if (cases is null || cases.Count == 0 || cases.Count > MaxCases)
        {
            errors.Add(field, $"The field '{field}' must hold 1-{MaxCases} cases.");
            return [];
        }
        var valid = new List<ValidCase>();
        for (var i = 0; i < cases.Count; i++)
        {
            var item = cases[i];
            var name = string.IsNullOrWhiteSpace(item?.Name) ? $"{(field == "examples" ? "Example" : "Hidden test")} {i + 1}" : item.Name.Trim();
            if (item is null || item.Input is null || item.Output is null)
            {
                errors.Add($"{field}[{i}]", $"Each case needs 'input' and 'output' (either may be empty).");
                continue;
            }
            errors.OptionalText($"{field}[{i}].name", name, 200);
            errors.OptionalText($"{field}[{i}].input", item.Input, MaxCaseLength);
            errors.OptionalText($"{field}[{i}].output", item.Output, MaxCaseLength);
            errors.OptionalText($"{field}[{i}].explanation", item.Explanation, 2000);
            valid.Add(new ValidCase(name, item.Input, item.Output, item.Explanation));
        }
        return valid;
    }

    private static Dictionary<CodeLanguage, string> ParseCode(string field, IReadOnlyDictionary<string, string>? code, FieldErrors errors, bool required)
    {
        var parsed = new Dictionary<CodeLanguage, string>();
        if (code is null || code.Count == 0)
        {
            if (required)
            {
                errors.Add(field, $"The field '{field}' needs code for at least one language (python, javascript, typescript, csharp, sql).");
            }
            return parsed;
        }
        foreach (var (name, text) in code)
        {
            if (LanguageNames.TryParse(name) is not { } language || !string.Equals(name, LanguageNames.Of(language), StringComparison.Ordinal))
            {
                errors.Add(field, $"Unknown language '{name}': use python, javascript, typescript, csharp or sql.");
                continue;
            }
            errors.OptionalText($"{field}.{name}", text, MaxCodeLength);
            parsed[language] = text ?? "";
        }
        return parsed;
    }

    private static string Slugify(string title)
    {
        var slug = SlugCleanup().Replace(title.Trim().ToLowerInvariant(), "-").Trim('-');
        return slug.Length > 64 ? slug[..64].Trim('-') : slug;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex SlugPattern();

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex SlugCleanup();
}
