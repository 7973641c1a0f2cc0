using Candor.Engine.Questions;

namespace Candor.Engine.Interviews;

/// <summary>Adaptive difficulty: one step up after a strong question, one down after a weak one.</summary>
public static class DifficultyTracker
{
    public static Difficulty Step(Difficulty tier, int questionScore, InterviewPolicyOptions options)
    {
        if (questionScore >= options.TierUpScore)
        {
            return tier == Difficulty.Hard ? Difficulty.Hard : tier + 1;
        }

        if (questionScore <= options.TierDownScore)
        {
            return tier == Difficulty.Easy ? Difficulty.Easy : tier - 1;
        }

        return tier;
    }

    /// <summary>
    /// The first unasked plan question at the tier, else the nearest difficulty; ties go to plan order so the
    /// recruiter's ordering still matters.
    /// </summary>
    public static InterviewQuestion? Pick(IReadOnlyList<InterviewQuestion> plan, IReadOnlySet<string> askedKeys, Difficulty tier) =>
        plan.Where(q => !askedKeys.Contains(q.Key))
            .OrderBy(q => Math.Abs((int)q.Difficulty - (int)tier)) // OrderBy is stable: equal distances keep plan order
            .FirstOrDefault();
}
