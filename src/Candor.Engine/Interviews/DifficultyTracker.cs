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
    /// The next question in the recruiter's order: the first plan question after the last one asked. Questions are
    /// never reordered, so the candidate's "Question 3" is the recruiter's question 3. Adaptive difficulty only
    /// skips: a candidate who has dropped to the easy tier is spared the hard questions (see <see cref="Skips"/>).
    /// </summary>
    public static InterviewQuestion? Pick(IReadOnlyList<InterviewQuestion> plan, IReadOnlySet<string> askedKeys, Difficulty tier)
    {
        var remaining = plan.Skip(LastAskedIndex(plan, askedKeys) + 1).Where(q => !askedKeys.Contains(q.Key)).ToList();
        // Skipping only ever passes over a question to reach an easier one: it never ends an interview on its own.
        return remaining.FirstOrDefault(q => !Skips(q, tier)) ?? remaining.FirstOrDefault();
    }

    /// <summary>
    /// Whether adaptive difficulty passes over this question at this tier (when an easier one is still to come): a
    /// hard question for a candidate whose answers brought them down to the easy tier. Anything nearer is asked.
    /// </summary>
    public static bool Skips(InterviewQuestion question, Difficulty tier) =>
        tier == Difficulty.Easy && question.Difficulty == Difficulty.Hard;

    private static int LastAskedIndex(IReadOnlyList<InterviewQuestion> plan, IReadOnlySet<string> askedKeys)
    {
        for (var i = plan.Count - 1; i >= 0; i--)
        {
            if (askedKeys.Contains(plan[i].Key))
            {
                return i;
            }
        }

        return -1;
    }
}
