using System.Text.Json.Serialization;

namespace Candor.Engine.Questions;

public enum Difficulty { Easy, Medium, Hard }

public enum Seniority { Junior, Mid, Senior, Lead }

/// <summary>The role families the built-in bank and planner know about.</summary>
public enum RoleFamily
{
    Backend,
    Frontend,
    Data,
    [JsonStringEnumMemberName("devops")]
    DevOps,
    Mobile,
    MachineLearning,
    ProductManagement,
    Design,
    Sales,
    CustomerSuccess,
    Marketing,
    General,
}

/// <summary>How a question is answered and therefore how it is judged.</summary>
public enum QuestionKind
{
    /// <summary>Knowledge and reasoning about a skill; judged mostly on expected-point coverage.</summary>
    Technical,
    /// <summary>"Tell me about a time…"; judged on STAR structure as well as content.</summary>
    Behavioural,
    /// <summary>"What would you do if…"; hypothetical judgement.</summary>
    Situational,
    /// <summary>A larger exercise: system design, API design, a sales call, a campaign plan.</summary>
    Scenario,
}

/// <summary>A question in the built-in bank.</summary>
/// <param name="Id">Stable id, e.g. "be-017". Never reused for a different question.</param>
/// <param name="Families">Role families it suits; empty means any role (behavioural/situational).</param>
/// <param name="Competency">What it measures, e.g. "databases", "ownership", "system_design" (snake_case).</param>
/// <param name="Skills">Canonical skill names from the taxonomy that make this question relevant.</param>
/// <param name="ExpectedPoints">The rubric: points a strong answer covers. Never shown to candidates.</param>
/// <param name="FollowUpGuide">How to probe deeper; used to word follow-ups.</param>
/// <param name="ScenarioType">For scenario questions: system_design, api_design, behavioural, sales, marketing…</param>
public sealed record BankQuestion(
    string Id,
    string Text,
    IReadOnlyList<RoleFamily> Families,
    string Competency,
    QuestionKind Kind,
    Difficulty Difficulty,
    IReadOnlyList<string> Skills,
    IReadOnlyList<string> ExpectedPoints,
    string FollowUpGuide,
    string? ScenarioType = null);

/// <summary>A question as asked in one interview: from the bank, written by an LLM, or typed by a recruiter.</summary>
/// <param name="Key">Stable key within the interview plan (the stored question id).</param>
public sealed record InterviewQuestion(
    string Key,
    string Text,
    string Competency,
    QuestionKind Kind,
    Difficulty Difficulty,
    IReadOnlyList<string> ExpectedPoints,
    string FollowUpGuide,
    IReadOnlyList<string> Skills,
    string? ScenarioType = null,
    string? BankId = null);

/// <summary>What a recruiter tells us about the job.</summary>
public sealed record JobDescription(
    string Title,
    string Description,
    string? Industry = null,
    Seniority? Seniority = null,
    int? QuestionCount = null);

/// <summary>A skill found in a job description.</summary>
/// <param name="Name">Canonical name, e.g. "Kubernetes".</param>
/// <param name="Category">Taxonomy category, e.g. "devops", "language", "database".</param>
/// <param name="MatchedAs">The text that matched, e.g. "k8s".</param>
/// <param name="Mentions">How many times it appears; ranks skills by emphasis.</param>
public sealed record SkillMatch(string Name, string Category, string MatchedAs, int Mentions);

/// <summary>What the engine understood of a job description.</summary>
public sealed record JobAnalysis(
    RoleFamily Family,
    Seniority Seniority,
    IReadOnlyList<SkillMatch> Skills,
    IReadOnlyList<string> SeniorityCues,
    IReadOnlyDictionary<RoleFamily, double> FamilyScores);
