using Candor.Engine.Ai;
using Candor.Engine.Questions;
using Candor.Web.Data.Entities;

namespace Candor.Web.Features.Jobs;

public sealed record CreateJobRequest(
    string? Title, string? Description, string? Industry, Seniority? Seniority, int? QuestionCount, string? StageType = null, ToolsInput? Tools = null);

public sealed record UpdateQuestionsRequest(List<QuestionInput>? Questions);

/// <summary>A question in a PUT: with an id it edits that question, without one it adds a custom question.</summary>
public sealed record QuestionInput(Guid? Id, string? Text, string? Competency, QuestionKind? Kind, Difficulty? Difficulty, RubricInput? Rubric);

public sealed record RubricInput(List<string>? ExpectedPoints, string? FollowUpGuide);

public sealed record RubricResponse(IReadOnlyList<string> ExpectedPoints, string FollowUpGuide);

public sealed record QuestionResponse(
    Guid Id, int Position, string Text, string Competency, QuestionKind Kind, Difficulty Difficulty,
    RubricResponse Rubric, IReadOnlyList<string> Skills, string? ScenarioType, QuestionSource Source, string? BankId)
{
    public static QuestionResponse From(JobQuestion q) => new(
        q.Id, q.Position, q.Text, q.Competency, q.Kind, q.Difficulty,
        new RubricResponse(q.ExpectedPoints, q.FollowUpGuide), q.Skills, q.ScenarioType, q.Source, q.BankId);
}

public sealed record JobResponse(
    Guid Id, string Title, string Description, string? Industry, Seniority Seniority, RoleFamily RoleFamily,
    IReadOnlyList<SkillMatch> Skills, IReadOnlyList<QuestionResponse> Questions, Provenance Provenance,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, StageType StageType, ToolsResponse Tools)
{
    public static JobResponse From(Job job) => new(
        job.Id, job.Title, job.Description, job.Industry, job.Seniority, job.RoleFamily, job.Skills,
        job.Questions.OrderBy(q => q.Position).Select(QuestionResponse.From).ToList(), job.Provenance, job.CreatedAt, job.UpdatedAt,
        job.StageType, ToolsResponse.From(job.Tools));
}

public sealed record JobListItem(Guid Id, string Title, Seniority Seniority, RoleFamily RoleFamily, int QuestionCount, DateTimeOffset CreatedAt);

