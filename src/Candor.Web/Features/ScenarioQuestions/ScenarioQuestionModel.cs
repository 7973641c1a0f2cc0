using Candor.Engine.Questions;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.ScenarioQuestions;

/// <summary>The kind of exercise a scenario question is (wire names: system_design, api_design, behavioural, sales_marketing).</summary>
public enum ScenarioType { SystemDesign, ApiDesign, Behavioural, SalesMarketing }

/// <summary>Where a question comes from: shipped with Candor, or written by the organisation.</summary>
public enum ScenarioSource { System, Custom }

/// <summary>
/// The interview stages a scenario suits, by the stage types' wire names (technical_ai_assisted, ai_conversational,
/// behavioural). Its own enum rather than the job settings' <see cref="StageType"/>: the library's wire names are fixed
/// by the public contract whatever that enum's members are called, and the short names jobs use are accepted as aliases.
/// </summary>
public enum ScenarioStageType { TechnicalAiAssisted, AiConversational, Behavioural }

public static class ScenarioStageTypes
{
    /// <summary>What the filter and the request accept: the wire names, plus the short names jobs' settings use.</summary>
    private static readonly Dictionary<string, ScenarioStageType> Accepted = new(StringComparer.Ordinal)
    {
        ["technical_ai_assisted"] = ScenarioStageType.TechnicalAiAssisted,
        ["technical"] = ScenarioStageType.TechnicalAiAssisted,
        ["ai_conversational"] = ScenarioStageType.AiConversational,
        ["conversational"] = ScenarioStageType.AiConversational,
        ["behavioural"] = ScenarioStageType.Behavioural,
    };

    public const string Allowed = "technical_ai_assisted (or technical), ai_conversational (or conversational), behavioural";

    public static ScenarioStageType? TryParse(string? name) =>
        name is not null && Accepted.TryGetValue(name.Trim(), out var stage) ? stage : null;

    public static string Name(ScenarioStageType stage) => CandorJson.EnumName(stage);
}

/// <summary>
/// A scenario question as the API shows it, system or custom. Rubric points are the recruiter's (and the AI
/// interviewer's) material: the endpoints serving this take an organisation's API key, never a candidate's token.
/// </summary>
public sealed record ScenarioQuestion(
    string Id,
    ScenarioSource Source,
    string Title,
    string Prompt,
    ScenarioType ScenarioType,
    Difficulty Difficulty,
    IReadOnlyList<ScenarioStageType> ApplicableStageTypes,
    IReadOnlyList<string> RubricPoints,
    IReadOnlyList<string> FollowUpProbes,
    DateTimeOffset? CreatedAt)
{
    public bool AppliesToAny(IReadOnlyCollection<ScenarioStageType> stages) => stages.Count == 0 || ApplicableStageTypes.Any(stages.Contains);
}

/// <summary>An organisation's own scenario question (table custom_scenario_questions, migration 0025).</summary>
public sealed class CustomScenarioQuestion : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public required string Title { get; set; }
    public required string Prompt { get; set; }
    public ScenarioType ScenarioType { get; set; }
    public Difficulty Difficulty { get; set; }
    /// <summary>Wire names (text[]), so a stage-type filter is one array-overlap condition in SQL.</summary>
    public string[] ApplicableStageTypes { get; set; } = [];
    public IReadOnlyList<string> RubricPoints { get; set; } = [];
    public IReadOnlyList<string> FollowUpProbes { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }

    public ScenarioQuestion ToQuestion() => new(
        Id.ToString(), ScenarioSource.Custom, Title, Prompt, ScenarioType, Difficulty,
        ApplicableStageTypes.Select(s => ScenarioStageTypes.TryParse(s)!.Value).ToList(),
        RubricPoints, FollowUpProbes, CreatedAt);
}

public static class ScenarioQuestionsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        var question = modelBuilder.Entity<CustomScenarioQuestion>().ToTable("custom_scenario_questions");
        question.Property(q => q.ApplicableStageTypes).HasColumnType("text[]");
        question.Property(q => q.RubricPoints).HasJsonConversion();
        question.Property(q => q.FollowUpProbes).HasJsonConversion();
    }
}
