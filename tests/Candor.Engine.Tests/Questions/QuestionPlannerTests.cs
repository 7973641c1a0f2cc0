using Candor.Engine.Questions;

namespace Candor.Engine.Tests.Questions;

public class QuestionPlannerTests
{
    public static TheoryData<RoleFamily, Seniority> TechnicalRoles()
    {
        var data = new TheoryData<RoleFamily, Seniority>();
        foreach (var family in new[] { RoleFamily.Backend, RoleFamily.Frontend, RoleFamily.Data, RoleFamily.DevOps, RoleFamily.Mobile, RoleFamily.MachineLearning })
        {
            foreach (var seniority in Enum.GetValues<Seniority>())
            {
                data.Add(family, seniority);
            }
        }

        return data;
    }

    private static QuestionPlanner Planner => new(QuestionBank.Default);

    [Theory]
    [InlineData(null, 10)]
    [InlineData(3, 8)]
    [InlineData(8, 8)]
    [InlineData(11, 11)]
    [InlineData(12, 12)]
    [InlineData(40, 12)]
    public void Count_is_clamped_to_8_through_12(int? requested, int expected)
    {
        var plan = Planner.Plan(Job(count: requested), Analysis(RoleFamily.Backend, Seniority.Mid));
        plan.Count.ShouldBe(expected);
    }

    [Theory]
    [MemberData(nameof(TechnicalRoles))]
    public void Plans_are_full_unique_capped_and_well_ordered(RoleFamily family, Seniority seniority)
    {
        var plan = Planner.Plan(Job(), Analysis(family, seniority));

        plan.Count.ShouldBe(10);
        plan.Select(q => q.Key).ShouldBeUnique();
        plan.GroupBy(q => q.Competency).ShouldAllBe(g => g.Count() <= 2);
        plan[0].Difficulty.ShouldBe(Difficulty.Easy, "warm-up first");
        plan.Count(q => q.Kind == QuestionKind.Scenario).ShouldBe(1);
        plan.Select(q => q.Kind).ToList().IndexOf(QuestionKind.Scenario).ShouldBeGreaterThanOrEqualTo(plan.Count - 2, "scenario near the end");
        plan.Select(q => q.Competency).Distinct().Count().ShouldBeGreaterThanOrEqualTo(6, "spread across competencies");
        // Role questions come from the family; about 30% are cross-role behavioural or situational questions.
        plan.ShouldAllBe(q => QuestionBank.Default.Find(q.Key)!.Families.Contains(family) || QuestionBank.Default.Find(q.Key)!.Families.Count == 0);
        plan.Count(q => QuestionBank.Default.Find(q.Key)!.Families.Count == 0).ShouldBeInRange(2, 4);
    }

    [Fact]
    public void Bank_questions_are_mapped_with_their_id_as_key_and_bank_id()
    {
        foreach (var q in Planner.Plan(Job(), Analysis(RoleFamily.Data, Seniority.Senior)))
        {
            var source = QuestionBank.Default.Find(q.Key)!;
            q.BankId.ShouldBe(source.Id);
            (q.Text, q.Competency, q.Kind, q.Difficulty, q.ScenarioType).ShouldBe((source.Text, source.Competency, source.Kind, source.Difficulty, source.ScenarioType));
            q.ExpectedPoints.ShouldBe(source.ExpectedPoints);
            q.Skills.ShouldBe(source.Skills);
        }
    }

    [Fact]
    public void Kubernetes_heavy_devops_job_gets_kubernetes_questions()
    {
        var heavy = Planner.Plan(Job(), Analysis(RoleFamily.DevOps, Seniority.Senior, ("Kubernetes", 6), ("Docker", 1)));
        var plain = Planner.Plan(Job(), Analysis(RoleFamily.DevOps, Seniority.Senior));

        var kubernetes = heavy.Count(q => q.Skills.Contains("Kubernetes"));
        kubernetes.ShouldBeGreaterThanOrEqualTo(4, "most of the 7 role slots (3 of 10 are behavioural)");
        kubernetes.ShouldBeGreaterThan(plain.Count(q => q.Skills.Contains("Kubernetes")));
    }

    [Fact]
    public void React_heavy_frontend_job_gets_react_questions()
    {
        var plan = Planner.Plan(Job(), Analysis(RoleFamily.Frontend, Seniority.Mid, ("React", 8), ("TypeScript", 2)));
        plan.Count(q => q.Skills.Contains("React")).ShouldBeGreaterThanOrEqualTo(5);
    }

    [Fact]
    public void Different_skills_in_the_same_family_give_different_plans()
    {
        var sql = Planner.Plan(Job(), Analysis(RoleFamily.Data, Seniority.Mid, ("SQL", 5)));
        var streaming = Planner.Plan(Job(), Analysis(RoleFamily.Data, Seniority.Mid, ("Kafka", 5), ("Spark", 3)));

        sql.Select(q => q.Key).ShouldNotBe(streaming.Select(q => q.Key));
        streaming.Count(q => q.Skills.Contains("Kafka") || q.Skills.Contains("Spark"))
            .ShouldBeGreaterThan(sql.Count(q => q.Skills.Contains("Kafka") || q.Skills.Contains("Spark")));
    }

    [Theory]
    [InlineData(RoleFamily.Backend)]
    [InlineData(RoleFamily.Mobile)]
    [InlineData(RoleFamily.MachineLearning)]
    public void Seniority_shifts_difficulty(RoleFamily family)
    {
        double Average(Seniority seniority) =>
            Planner.Plan(Job(), Analysis(family, seniority)).Average(q => (int)q.Difficulty);
        int Hard(Seniority seniority) => Planner.Plan(Job(), Analysis(family, seniority))
            .Count(q => q.Kind != QuestionKind.Scenario && q.Difficulty == Difficulty.Hard);

        Hard(Seniority.Junior).ShouldBe(0);
        Hard(Seniority.Senior).ShouldBeGreaterThanOrEqualTo(3);
        Average(Seniority.Junior).ShouldBeLessThan(Average(Seniority.Mid));
        Average(Seniority.Mid).ShouldBeLessThan(Average(Seniority.Senior));
        Average(Seniority.Senior).ShouldBeLessThanOrEqualTo(Average(Seniority.Lead));
    }

    [Fact]
    public void Lead_plans_include_leadership_competencies()
    {
        Planner.Plan(Job(), Analysis(RoleFamily.Backend, Seniority.Lead)).ShouldContain(q => q.Competency == "technical_leadership");
        Planner.Plan(Job(), Analysis(RoleFamily.Backend, Seniority.Junior)).ShouldNotContain(q => q.Competency == "technical_leadership");
    }

    [Fact]
    public void A_recruiter_chosen_seniority_overrides_the_inferred_one()
    {
        var junior = Planner.Plan(Job(seniority: Seniority.Junior), Analysis(RoleFamily.Frontend, Seniority.Lead));
        junior.Select(q => q.Key).ShouldBe(Planner.Plan(Job(), Analysis(RoleFamily.Frontend, Seniority.Junior)).Select(q => q.Key));
    }

    [Fact]
    public void Planning_is_deterministic_regardless_of_bank_order()
    {
        var analysis = Analysis(RoleFamily.Backend, Seniority.Senior, ("PostgreSQL", 3), ("Kafka", 2), ("C#", 4));
        var first = Planner.Plan(Job(), analysis).Select(q => q.Key).ToList();
        var again = Planner.Plan(Job(), analysis).Select(q => q.Key).ToList();
        var reversed = new QuestionPlanner(new QuestionBank(QuestionBank.Default.Questions.Reverse()))
            .Plan(Job(), analysis).Select(q => q.Key).ToList();

        again.ShouldBe(first);
        reversed.ShouldBe(first);
    }

    [Fact]
    public void Behavioural_questions_take_a_family_dependent_share_and_are_interleaved()
    {
        // The real bank holds the behavioural and situational questions now.
        var planner = new QuestionPlanner(QuestionBank.Default);

        var backend = planner.Plan(Job(), Analysis(RoleFamily.Backend, Seniority.Mid));
        backend.Count(IsConversation).ShouldBe(3);
        IsConversation(backend[0]).ShouldBeFalse();
        backend.Zip(backend.Skip(1)).ShouldNotContain(pair => IsConversation(pair.First) && IsConversation(pair.Second));

        var sales = planner.Plan(Job(), Analysis(RoleFamily.Sales, Seniority.Mid));
        sales.Count(IsConversation).ShouldBeGreaterThanOrEqualTo(5);
    }

    [Fact]
    public void Small_family_banks_are_filled_from_neighbours_then_cross_role_but_never_unrelated_families()
    {
        var bank = new QuestionBank(
        [
            Question("mo-001", RoleFamily.Mobile, "performance", difficulty: Difficulty.Easy),
            Question("mo-002", RoleFamily.Mobile, "offline"),
            Question("mo-003", RoleFamily.Mobile, "security", difficulty: Difficulty.Hard),
            .. Enumerable.Range(1, 5).Select(i => Question($"fe-{i:000}", RoleFamily.Frontend, $"frontend_{i}")),
            .. Enumerable.Range(1, 3).Select(i => Question($"bh-{i:000}", null, $"teamwork_{i}", QuestionKind.Behavioural)),
            .. Enumerable.Range(1, 10).Select(i => Question($"sa-{i:000}", RoleFamily.Sales, $"selling_{i}")),
        ]);

        var plan = new QuestionPlanner(bank).Plan(Job(), Analysis(RoleFamily.Mobile, Seniority.Mid));

        plan.Count.ShouldBe(10);
        plan.Select(q => q.Key).ShouldBeUnique();
        plan.Count(q => q.Key.StartsWith("mo-", StringComparison.Ordinal)).ShouldBe(3);
        plan.Count(q => q.Key.StartsWith("fe-", StringComparison.Ordinal)).ShouldBe(4);
        plan.Count(q => q.Key.StartsWith("bh-", StringComparison.Ordinal)).ShouldBe(3);
        plan.ShouldNotContain(q => q.Key.StartsWith("sa-", StringComparison.Ordinal));
        plan[0].Key.ShouldBe("mo-001");
    }

    [Fact]
    public void A_bank_too_small_for_the_role_gives_a_shorter_plan_rather_than_unrelated_questions()
    {
        var bank = new QuestionBank(
        [
            Question("da-001", RoleFamily.Data, "sql"),
            Question("da-002", RoleFamily.Data, "sql"),
            Question("da-003", RoleFamily.Data, "sql"),
            Question("sa-001", RoleFamily.Sales, "selling"),
        ]);

        var plan = new QuestionPlanner(bank).Plan(Job(), Analysis(RoleFamily.Data, Seniority.Mid));

        // The competency cap gives way only when nothing else related is left.
        plan.Select(q => q.Key).ShouldBe(["da-001", "da-002", "da-003"], ignoreOrder: true);
    }

    private static bool IsConversation(InterviewQuestion q) => q.Kind is QuestionKind.Behavioural or QuestionKind.Situational;

    private static JobDescription Job(int? count = null, Seniority? seniority = null) =>
        new("Software Engineer", "Build and run our services.", Seniority: seniority, QuestionCount: count);

    private static JobAnalysis Analysis(RoleFamily family, Seniority seniority, params (string Skill, int Mentions)[] skills) =>
        new(family, seniority, skills.Select(s => new SkillMatch(s.Skill, "test", s.Skill, s.Mentions)).ToArray(), [], new Dictionary<RoleFamily, double> { [family] = 1.0 });

    private static BankQuestion Question(string id, RoleFamily? family, string competency, QuestionKind kind = QuestionKind.Technical, Difficulty difficulty = Difficulty.Medium) =>
        new(id, $"Question {id}?", family is null ? [] : [family.Value], competency, kind, difficulty, [], ["point one here", "point two here", "point three here"], "Probe.");
}
