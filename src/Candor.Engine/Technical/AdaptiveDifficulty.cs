namespace Candor.Engine.Technical;

/// <summary>What the interviewer knows at a turn, to decide the next difficulty.</summary>
/// <param name="PassRate">Of the latest run or submission (0–1); null when nothing has run yet.</param>
/// <param name="SecondsSinceLastMessage">Time since the candidate's previous message; null on the first.</param>
/// <param name="UnresolvedFollowUps">Interviewer questions the candidate has not answered with substance.</param>
public sealed record DifficultySignals(
    ProblemDifficulty Current,
    double? PassRate,
    double? SecondsSinceLastMessage,
    int HintsUsed,
    int UnresolvedFollowUps,
    int CyclomaticComplexity,
    int MaxNesting);

/// <summary>The decision and the reason for it, in words a recruiter can read in the room's history.</summary>
public sealed record DifficultyDecision(ProblemDifficulty Next, string Reason, bool Struggling);

/// <summary>
/// Adaptive difficulty for technical rooms. Solving fast with no hints → hard; steady progress → medium;
/// struggling (failing tests after several hints, or questions left unresolved) → easy sub-problems and support.
/// Moves one step at a time except a clear fast solve, so one slow message never swings the level.
/// </summary>
public static class AdaptiveDifficulty
{
    public const double FastSeconds = 120;
    public const double SlowSeconds = 600;

    public static DifficultyDecision Decide(DifficultySignals s)
    {
        var passRate = s.PassRate ?? 0;
        var fast = s.SecondsSinceLastMessage is { } seconds && seconds <= FastSeconds;
        var slow = s.SecondsSinceLastMessage is { } slowSeconds && slowSeconds >= SlowSeconds;
        var tangled = s.CyclomaticComplexity > CodeReviewer.ComplexityBudget || s.MaxNesting > CodeReviewer.NestingBudget;

        if (s.PassRate is not null && passRate >= 0.999 && s.HintsUsed == 0 && !tangled && (fast || s.Current == ProblemDifficulty.Hard))
        {
            return new DifficultyDecision(ProblemDifficulty.Hard, "Solved quickly with no hints.", false);
        }

        var strain = 0;
        strain += s.HintsUsed >= 2 ? 2 : s.HintsUsed;
        strain += s.UnresolvedFollowUps >= 2 ? 2 : s.UnresolvedFollowUps;
        strain += s.PassRate is null ? 0 : passRate < 0.5 ? 2 : passRate < 0.999 ? 1 : -1;
        strain += slow ? 1 : 0;
        strain += tangled ? 1 : 0;

        if (strain >= 4)
        {
            return new DifficultyDecision(Down(s.Current), "Struggling: failing tests after several hints or unresolved questions.", true);
        }
        if (strain <= 0 && s.PassRate is not null)
        {
            return new DifficultyDecision(Up(s.Current), "Steady progress with few hints.", false);
        }
        return new DifficultyDecision(s.Current == ProblemDifficulty.Hard && strain >= 2 ? ProblemDifficulty.Medium : s.Current,
            "Moderate progress.", false);
    }

    private static ProblemDifficulty Up(ProblemDifficulty d) => d == ProblemDifficulty.Hard ? d : d + 1;

    private static ProblemDifficulty Down(ProblemDifficulty d) => d == ProblemDifficulty.Easy ? d : d - 1;
}
