using Candor.Engine.Questions;

namespace Candor.Engine.Tests.Questions;

/// <summary>The planner matches bank skills to analysed JD skills by canonical name, so both must speak the same names.</summary>
public class BankTaxonomyConsistencyTests
{
    [Fact]
    public void Every_skill_a_bank_question_names_is_a_canonical_taxonomy_skill()
    {
        var unknown = QuestionBank.Default.Questions
            .SelectMany(q => q.Skills.Select(skill => (q.Id, Skill: skill)))
            .Where(x => SkillTaxonomy.Default.Find(x.Skill)?.Name != x.Skill)
            .Select(x => $"{x.Id}: {x.Skill} (taxonomy says {SkillTaxonomy.Default.Find(x.Skill)?.Name ?? "unknown"})")
            .ToList();
        unknown.ShouldBeEmpty();
    }

    [Fact]
    public void The_bank_has_at_least_250_questions_across_every_role_family()
    {
        QuestionBank.Default.Questions.Count.ShouldBeGreaterThanOrEqualTo(250);
        foreach (var family in Enum.GetValues<RoleFamily>().Where(f => f != RoleFamily.General))
        {
            QuestionBank.Default.Questions.Count(q => q.Families.Contains(family)).ShouldBeGreaterThanOrEqualTo(15, family.ToString());
        }
        QuestionBank.Default.Questions.Count(q => q.Families.Count == 0).ShouldBeGreaterThanOrEqualTo(40, "behavioural and situational");
    }
}
