namespace Candor.Engine.Questions;

/// <summary>
/// The interview-shape policy behind <see cref="QuestionPlanner"/>: how many questions, how many of them
/// conversational, which families stand in for each other, and what difficulty each seniority gets.
/// Kept apart from the selection algorithm so the policy can be read and tuned in one place.
/// </summary>
internal static class PlanningRules
{
    public const int MinQuestions = 8;
    public const int MaxQuestions = 12;
    public const int DefaultQuestions = 10;

    /// <summary>At most this many questions per competency, so one skill area cannot dominate the report.</summary>
    public const int CompetencyCap = 2;

    private static readonly HashSet<string> LeadershipCompetencies = new(StringComparer.OrdinalIgnoreCase)
    {
        "leadership", "technical_leadership", "team_leadership", "people_management", "mentoring", "coaching",
        "stakeholder_management", "influence", "decision_making", "ownership", "conflict_resolution",
        "delegation", "hiring",
    };

    public static int QuestionCount(int? requested) =>
        Math.Clamp(requested ?? DefaultQuestions, MinQuestions, MaxQuestions);

    /// <summary>
    /// Share of the plan given to cross-role behavioural/situational questions. Engineering interviews
    /// are mostly about the craft; for people-facing roles how someone behaves with others is the craft.
    /// </summary>
    public static int ConversationSlots(RoleFamily family, int count)
    {
        var share = family switch
        {
            RoleFamily.ProductManagement or RoleFamily.Sales or RoleFamily.CustomerSuccess => 0.5,
            RoleFamily.Design or RoleFamily.Marketing => 0.4,
            RoleFamily.General => 0.6,
            _ => 0.3,
        };
        return (int)Math.Round(count * share, MidpointRounding.AwayFromZero);
    }

    /// <summary>Families whose questions are the next best thing when a family's own bank runs short, closest first.</summary>
    public static IReadOnlyList<RoleFamily> Neighbours(RoleFamily family) => family switch
    {
        RoleFamily.Backend => [RoleFamily.DevOps, RoleFamily.Data],
        RoleFamily.Frontend => [RoleFamily.Mobile, RoleFamily.Design],
        RoleFamily.Data => [RoleFamily.MachineLearning, RoleFamily.Backend],
        RoleFamily.DevOps => [RoleFamily.Backend],
        RoleFamily.Mobile => [RoleFamily.Frontend, RoleFamily.Backend],
        RoleFamily.MachineLearning => [RoleFamily.Data, RoleFamily.Backend],
        RoleFamily.ProductManagement => [RoleFamily.Design, RoleFamily.CustomerSuccess],
        RoleFamily.Design => [RoleFamily.ProductManagement, RoleFamily.Frontend],
        RoleFamily.Sales => [RoleFamily.CustomerSuccess, RoleFamily.Marketing],
        RoleFamily.CustomerSuccess => [RoleFamily.Sales, RoleFamily.ProductManagement],
        RoleFamily.Marketing => [RoleFamily.Sales, RoleFamily.ProductManagement],
        _ => [],
    };

    /// <summary>Scenario types that exercise what the family does day to day, best first. Others are still allowed.</summary>
    public static IReadOnlyList<string> PreferredScenarioTypes(RoleFamily family) => family switch
    {
        RoleFamily.Backend or RoleFamily.DevOps or RoleFamily.Data or RoleFamily.MachineLearning => ["system_design", "api_design"],
        RoleFamily.Frontend or RoleFamily.Mobile => ["api_design", "system_design"],
        RoleFamily.Sales or RoleFamily.CustomerSuccess => ["sales"],
        RoleFamily.Marketing => ["marketing"],
        _ => [],
    };

    /// <summary>
    /// How many role questions of each difficulty a seniority should get. Every level keeps one easy
    /// question (the warm-up) except that juniors get half easy; seniors and leads lean hard.
    /// </summary>
    public static int Target(Seniority seniority, Difficulty difficulty, int slots)
    {
        var easy = seniority == Seniority.Junior ? (slots + 1) / 2 : Math.Min(1, slots);
        var rest = slots - easy;
        var hard = seniority switch
        {
            Seniority.Junior => 0,
            Seniority.Mid => rest >= 3 ? 1 : 0,
            Seniority.Senior => (rest + 1) / 2,
            _ => rest - (rest / 3),
        };
        return difficulty switch
        {
            Difficulty.Easy => easy,
            Difficulty.Hard => hard,
            _ => rest - hard,
        };
    }

    /// <summary>Preference once quotas are settled or irrelevant (scenario, conversation): higher fits better.</summary>
    public static int DifficultyFit(Seniority seniority, Difficulty difficulty) => (seniority, difficulty) switch
    {
        (Seniority.Junior, Difficulty.Easy) => 2,
        (Seniority.Junior, Difficulty.Medium) => 1,
        (Seniority.Mid, Difficulty.Medium) => 2,
        (Seniority.Mid, _) => 1,
        (Seniority.Senior, Difficulty.Easy) => 0,
        (Seniority.Senior, _) => 2,
        (Seniority.Lead, Difficulty.Hard) => 2,
        (Seniority.Lead, Difficulty.Medium) => 1,
        _ => 0,
    };

    public static bool IsLeadership(string competency) => LeadershipCompetencies.Contains(competency);
}
