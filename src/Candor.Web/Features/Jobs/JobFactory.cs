using Candor.Engine.Ai;
using Candor.Web.Data.Entities;

namespace Candor.Web.Features.Jobs;

public static class JobFactory
{
    /// <summary>
    /// A new job holding the question writer's draft, questions numbered from 1, with the stage (and that stage's tools)
    /// its role family calls for; the caller's explicit settings replace them.
    /// </summary>
    public static Job FromDraft(string title, string description, string? industry, QuestionDraft draft, DateTimeOffset now) => new()
    {
        StageType = StageTypes.DefaultFor(draft.Analysis.Family),
        Tools = StageTypes.DefaultTools(StageTypes.DefaultFor(draft.Analysis.Family)),
        Id = Guid.CreateVersion7(),
        Title = title,
        Description = description,
        Industry = industry,
        Seniority = draft.Analysis.Seniority,
        RoleFamily = draft.Analysis.Family,
        Skills = draft.Analysis.Skills.ToList(),
        Provenance = draft.Provenance,
        CreatedAt = now,
        UpdatedAt = now,
        Questions = draft.Questions.Select((q, i) => new JobQuestion
        {
            Id = Guid.CreateVersion7(),
            Position = i + 1,
            Text = q.Text,
            Competency = q.Competency,
            Kind = q.Kind,
            Difficulty = q.Difficulty,
            ExpectedPoints = q.ExpectedPoints.ToList(),
            FollowUpGuide = q.FollowUpGuide,
            Skills = q.Skills.ToList(),
            ScenarioType = q.ScenarioType,
            BankId = q.BankId,
            Source = q.BankId is null ? QuestionSource.Ai : QuestionSource.Bank,
        }).ToList(),
    };
}
