namespace Candor.Web.Features.CandidateResults;

/// <summary>What people made of the AI's scores: the overrides in force, the current decision, and both trails.</summary>
/// <param name="Overrides">The latest override per (turn, criterion): the human scores in force.</param>
/// <param name="Decision">The latest decision, or null before anyone decided.</param>
/// <param name="Adjusted">The answer scores, overall and recommendation with the overrides applied; null when nothing was overridden.</param>
public sealed record HumanReviewResponse(
    IReadOnlyList<ScoreOverrideResponse> Overrides,
    ReviewDecisionResponse? Decision,
    IReadOnlyList<ScoreOverrideResponse> OverrideHistory,
    IReadOnlyList<ReviewDecisionResponse> DecisionHistory,
    AdjustedResultResponse? Adjusted = null)
{
    public static readonly HumanReviewResponse None = new([], null, [], []);

    /// <summary>The human score in force for a criterion of a turn, if anyone overrode it.</summary>
    public ScoreOverrideResponse? OverrideFor(Guid turnId, string criterion) =>
        Overrides.FirstOrDefault(o => o.TurnId == turnId && o.Criterion == criterion);
}

public sealed record ScoreOverrideResponse(
    Guid Id, Guid TurnId, string? QuestionKey, string Criterion, int AiScore, int HumanScore, string Note,
    Guid UserId, string UserName, DateTimeOffset CreatedAt)
{
    public static ScoreOverrideResponse From(ScoreOverride o) =>
        new(o.Id, o.TurnId, o.QuestionKey, o.Criterion, o.AiScore, o.HumanScore, o.Note, o.UserId, o.UserName, o.CreatedAt);
}

public sealed record ReviewDecisionResponse(Guid Id, ReviewDecisionKind Decision, string Note, Guid UserId, string UserName, DateTimeOffset CreatedAt);
