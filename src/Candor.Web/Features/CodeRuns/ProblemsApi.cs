using Candor.Web.Features.ApiKeys;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Candor.Web.Features.CodeRuns;

public static class ProblemsApi
{
    public static RouteGroupBuilder MapProblemsApi(this RouteGroupBuilder api)
    {
        var problems = api.MapGroup("/problems").WithTags("Problems");
        problems.MapGet("/", ListProblems).RequireScope("interviews:read");
        problems.MapGet("/{id}", GetProblem).RequireScope("interviews:read");
        problems.MapPost("/", CreateProblem).RequireScope("interviews:write");
        return api;
    }

    /// <summary>The bank's problems and the organisation's own, filtered by difficulty and language.</summary>
    private static async Task<Ok<ProblemListResponse>> ListProblems(IProblemCatalog catalog, string? difficulty, string? language, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var wantedDifficulty = LanguageNames.TryParseDifficulty(difficulty);
        if (difficulty is not null && wantedDifficulty is null)
        {
            errors.Add("difficulty", "The field 'difficulty' must be one of: easy, medium, hard.");
        }
        var wantedLanguage = LanguageNames.TryParse(language);
        if (language is not null && wantedLanguage is null)
        {
            errors.Add("language", "The field 'language' must be one of: python, javascript, typescript, csharp, sql.");
        }
        errors.ThrowIfAny();
        var problems = await catalog.ListAsync(wantedDifficulty, wantedLanguage, cancellationToken);
        return TypedResults.Ok(new ProblemListResponse(problems.Select(ProblemListItem.From).ToList(), problems.Count));
    }

    private static async Task<Ok<ProblemResponse>> GetProblem(string id, IProblemCatalog catalog, CancellationToken cancellationToken)
    {
        var problem = await catalog.FindAsync(id, cancellationToken) ?? throw ApiProblemException.NotFound($"Problem {id}");
        return TypedResults.Ok(ProblemResponse.From(problem));
    }

    /// <summary>
    /// Adds an organisation's own problem through <see cref="ProblemCreator"/> (shared with the "Add a problem" page):
    /// 400 per invalid field, 422 when a reference solution fails its own tests, 409 for an id already used.
    /// </summary>
    private static async Task<Created<ProblemResponse>> CreateProblem(CreateProblemRequest request, ProblemCreator creator, CancellationToken cancellationToken)
    {
        var problem = await creator.CreateAsync(request, cancellationToken);
        return TypedResults.Created($"/api/v1/problems/{problem.Id}", ProblemResponse.From(problem));
    }
}
