using Candor.Engine.Ai;
using Candor.Engine.Questions;

namespace Candor.Web.Data.Entities;

public sealed class Job : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public required string Title { get; set; }
    public required string Description { get; set; }
    public string? Industry { get; set; }
    public Seniority Seniority { get; set; }
    public RoleFamily RoleFamily { get; set; }
    public List<SkillMatch> Skills { get; set; } = [];
    public required Provenance Provenance { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public List<JobQuestion> Questions { get; set; } = [];
    public StageType StageType { get; set; } = StageType.Behavioural;
    public InterviewTools Tools { get; set; } = InterviewTools.Default;
}

public enum QuestionSource { Bank, Ai, Custom }

public sealed class JobQuestion : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid JobId { get; set; }
    public int Position { get; set; }
    public required string Text { get; set; }
    public required string Competency { get; set; }
    public QuestionKind Kind { get; set; }
    public Difficulty Difficulty { get; set; }
    public List<string> ExpectedPoints { get; set; } = [];
    public string FollowUpGuide { get; set; } = "";
    public List<string> Skills { get; set; } = [];
    public string? ScenarioType { get; set; }
    public string? BankId { get; set; }
    public QuestionSource Source { get; set; }

    public InterviewQuestion ToInterviewQuestion() =>
        new(Id.ToString(), Text, Competency, Kind, Difficulty, ExpectedPoints, FollowUpGuide, Skills, ScenarioType, BankId);
}
