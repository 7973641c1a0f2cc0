using Candor.Web.Data;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Candor.Web.Features.ScenarioQuestions;

/// <summary>
/// POST /api/v1/scenario-questions: an organisation's own scenario question. Enum-valued fields arrive as strings so
/// a wrong value is a 400 naming the field and the values allowed, not a bare "malformed JSON".
/// </summary>
/// <param name="ApplicableStageTypes">technical_ai_assisted, ai_conversational, behavioural (technical / conversational accepted).</param>
/// <param name="RubricPoints">What a strong answer covers (1-20). Never shown to candidates.</param>
/// <param name="FollowUpProbes">Questions to dig deeper with (0-20).</param>
public sealed record CreateScenarioQuestionRequest(
    string? Title,
    string? Prompt,
    string? ScenarioType,
    string? Difficulty,
    IReadOnlyList<string?>? ApplicableStageTypes,
    IReadOnlyList<string?>? RubricPoints,
    IReadOnlyList<string?>? FollowUpProbes);

public static class ScenarioQuestionsApi
{
    public static RouteGroupBuilder MapScenarioQuestionsApi(this RouteGroupBuilder api)
    {
        var questions = api.MapGroup("/scenario-questions").WithTags("Scenario questions");
        questions.MapGet("/", List).RequireScope("interviews:read")
            .WithDescription("Lists the system scenario questions shipped with Candor, then the organisation's own (paged with page and page_size). "
                + "applicable_stage_types is comma-separated (technical_ai_assisted, ai_conversational, behavioural; technical and conversational are aliases) "
                + "and matches a question suiting any of them; scenario_type is system_design, api_design, behavioural or sales_marketing; difficulty is easy, medium or hard. "
                + "An invalid value is a 400 naming the field.")
            .ProducesValidationProblem();
        questions.MapGet("/{id}", Get).RequireScope("interviews:read")
            .WithDescription("One scenario question: a system question by its id (e.g. sd-url-shortener) or one of the organisation's own by its uuid. Another organisation's question is 404.")
            .ProducesProblem(StatusCodes.Status404NotFound);
        // jobs:write, like editing a job's questions and stage settings: this is authoring what interviews ask.
        questions.MapPost("/", Create).RequireScope("jobs:write")
            .WithDescription("Creates a custom scenario question for the organisation (201 with Location). Supports Idempotency-Key.")
            .ProducesValidationProblem();
        questions.MapDelete("/{id}", Delete).RequireScope("jobs:write")
            .WithDescription("Deletes one of the organisation's own scenario questions (204). System questions cannot be deleted (409 system_scenario_question).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);
        return api;
    }

    /// <summary>
    /// The system library and the organisation's own questions, system first. A question matches
    /// applicable_stage_types when it suits any of the (comma-separated) stage types given.
    /// </summary>
    private static async Task<Ok<PagedList<ScenarioQuestion>>> List(
        ScenarioQuestionCatalog catalog,
        [FromQuery(Name = "applicable_stage_types")] string? applicableStageTypes,
        [FromQuery(Name = "scenario_type")] string? scenarioType,
        string? difficulty,
        int? page,
        [FromQuery(Name = "page_size")] int? pageSize,
        CancellationToken cancellationToken)
    {
        var errors = new FieldErrors();
        var stages = ScenarioQuestionRules.StageTypesOf(errors, "applicable_stage_types",
            (applicableStageTypes ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries));
        var type = ScenarioQuestionRules.ScenarioTypeOf(errors, "scenario_type", scenarioType, required: false);
        var wantedDifficulty = ScenarioQuestionRules.DifficultyOf(errors, "difficulty", difficulty, required: false);
        errors.ThrowIfAny();
        var paging = Paging.From(page, pageSize);
        return TypedResults.Ok(await catalog.ListAsync(new ScenarioFilter(stages, type, wantedDifficulty), paging, cancellationToken));
    }

    /// <summary>A system question by its slug, or one of the organisation's own by its id; anything else (another organisation's included) is 404.</summary>
    private static async Task<Ok<ScenarioQuestion>> Get(string id, ScenarioQuestionCatalog catalog, CancellationToken cancellationToken) =>
        TypedResults.Ok(await catalog.FindAsync(id, cancellationToken) ?? throw ApiProblemException.NotFound($"Scenario question {id}"));

    private static async Task<Created<ScenarioQuestion>> Create(CreateScenarioQuestionRequest request, CandorDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = ScenarioQuestionRules.Check(request.Title, request.Prompt, request.RubricPoints, request.FollowUpProbes);
        var type = ScenarioQuestionRules.ScenarioTypeOf(errors, "scenario_type", request.ScenarioType, required: true);
        var difficulty = ScenarioQuestionRules.DifficultyOf(errors, "difficulty", request.Difficulty, required: true);
        var stages = new List<ScenarioStageType>();
        if (request.ApplicableStageTypes is not { Count: > 0 } stageNames)
        {
            errors.Add("applicable_stage_types", "The field 'applicable_stage_types' must list at least one stage type.");
        }
        else
        {
            stages = ScenarioQuestionRules.StageTypesOf(errors, "applicable_stage_types", stageNames);
        }
        errors.ThrowIfAny();

        var question = new CustomScenarioQuestion
        {
            Id = Guid.CreateVersion7(),
            Title = request.Title!.Trim(),
            Prompt = request.Prompt!.Trim(),
            ScenarioType = type!.Value,
            Difficulty = difficulty!.Value,
            ApplicableStageTypes = stages.Select(ScenarioStageTypes.Name).ToArray(),
            RubricPoints = request.RubricPoints!.Select(p => p!.Trim()).ToList(),
            FollowUpProbes = (request.FollowUpProbes ?? []).Select(p => p!.Trim()).ToList(),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Add(question);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/scenario-questions/{question.Id}", question.ToQuestion());
    }

    /// <summary>Removes one of the organisation's own questions; the shipped library cannot be changed (409).</summary>
    private static async Task<NoContent> Delete(string id, ScenarioQuestionCatalog catalog, CandorDbContext db, CancellationToken cancellationToken)
    {
        if (ScenarioLibrary.Find(id) is not null)
        {
            throw ApiProblemException.Conflict("System scenario questions ship with Candor and cannot be deleted.", "system_scenario_question");
        }
        var question = await catalog.FindCustomAsync(id, cancellationToken) ?? throw ApiProblemException.NotFound($"Scenario question {id}");
        db.Remove(question);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }
}
