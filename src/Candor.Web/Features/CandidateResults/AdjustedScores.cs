using Candor.Engine.Scoring;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Audio;
using Candor.Web.Features.Scoring;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.CandidateResults;

/// <summary>One answer's score as the AI gave it and as reviewers' criterion overrides leave it.</summary>
public sealed record AdjustedAnswerScore(Guid TurnId, string? QuestionKey, int AiScore, int AdjustedScore);

/// <summary>
/// The result once reviewers' overrides are applied, beside (never instead of) the AI's report: the adjusted answer
/// scores, and the overall and recommendation the engine's own rules give for them.
/// </summary>
public sealed record AdjustedResultResponse(int Overall, Recommendation Recommendation, IReadOnlyList<AdjustedAnswerScore> AnswerScores);

public static class AdjustedScores
{
    /// <summary>The overrides in force from a newest-first history: the first of each (turn, criterion).</summary>
    public static List<ScoreOverrideResponse> InForce(IEnumerable<ScoreOverrideResponse> newestFirst) =>
        newestFirst.DistinctBy(o => (o.TurnId, o.Criterion)).ToList();

    /// <summary>
    /// Null when nobody overrode a score (or there is no report yet). An answer's score is scaled by how its weighted
    /// criteria (the scorer's weights for the question's kind) change, so an answer nobody touched keeps the AI's
    /// score exactly. The overall and recommendation are then rebuilt by <see cref="ReportBuilder"/> from
    /// the adjusted answers, the same rules that built the AI's report (each question counts its latest scored turn).
    /// </summary>
    public static AdjustedResultResponse? Compute(
        Interview interview, IReadOnlyList<InterviewTurn> turns, IReadOnlyList<ScoreOverrideResponse> inForce,
        RecommendationThresholds thresholds, VoiceOptions voice)
    {
        if (inForce.Count == 0 || interview.Report is null)
        {
            return null;
        }
        var kinds = interview.Plan.ToDictionary(q => q.Key, q => q.Kind, StringComparer.Ordinal);
        var ordered = turns.OrderBy(t => t.Sequence).ToList();
        var adjusted = ordered.Select(t => (Turn: t, Evaluation: Adjust(t, kinds, inForce))).ToList();

        var unsure = ordered.Where(t => voice.IsLowConfidence(t.SpeechConfidence)).Select(t => t.QuestionKey).OfType<string>()
            .ToHashSet(StringComparer.Ordinal);
        var outcomes = AnswerScoring.Outcomes(interview.Plan, [.. adjusted.Select(a => (a.Turn.QuestionKey, a.Evaluation))], unsure);
        var rebuilt = new ReportBuilder().Build(new ReportRequest(outcomes, thresholds, BuildReportJob.InterviewRedFlags(interview)));

        var answers = adjusted
            .Where(a => a.Turn.IsScored && a.Turn.Evaluation is not null)
            .Select(a => new AdjustedAnswerScore(a.Turn.Id, a.Turn.QuestionKey, a.Turn.Evaluation!.Score, a.Evaluation!.Score))
            .ToList();
        return new AdjustedResultResponse(rebuilt.Overall, rebuilt.Recommendation, answers);
    }

    private static AnswerEvaluation? Adjust(InterviewTurn turn, Dictionary<string, Engine.Questions.QuestionKind> kinds, IReadOnlyList<ScoreOverrideResponse> inForce)
    {
        if (turn.Evaluation is not { } evaluation)
        {
            return null;
        }
        var overrides = inForce.Where(o => o.TurnId == turn.Id).ToDictionary(o => o.Criterion, o => o.HumanScore, StringComparer.Ordinal);
        if (overrides.Count == 0)
        {
            return evaluation;
        }
        var weights = AnswerScorer.WeightsFor(turn.QuestionKey is { } key && kinds.TryGetValue(key, out var kind) ? kind : default);
        var before = Weighted(weights, evaluation.Criteria, _ => null);
        var after = Weighted(weights, evaluation.Criteria, c => overrides.TryGetValue(c, out var human) ? human : null);
        // The AI's answer score moves in proportion to its weighted criteria: unchanged criteria keep it exactly, and
        // every criterion at 0 makes it 0, whatever else the scorer folded into its own figure.
        var score = before <= 0 ? after : evaluation.Score * after / before;
        score = Math.Clamp(Math.Round(score, MidpointRounding.AwayFromZero), 0, 100);
        return evaluation with
        {
            Score = (int)score,
            Criteria = [.. evaluation.Criteria.Select(c => overrides.TryGetValue(c.Criterion, out var human) ? c with { Score = human } : c)],
        };
    }

    private static double Weighted(
        (double Relevance, double Depth, double Structure, double Communication) weights, IReadOnlyList<CriterionScore> criteria, Func<string, int?> human) =>
        criteria.Sum(c => Weight(weights, c.Criterion) * (human(c.Criterion) ?? c.Score));

    private static double Weight((double Relevance, double Depth, double Structure, double Communication) weights, string criterion) => criterion switch
    {
        Criteria.Relevance => weights.Relevance,
        Criteria.Depth => weights.Depth,
        Criteria.Structure => weights.Structure,
        Criteria.Communication => weights.Communication,
        _ => 0,
    };

    /// <summary>The adjusted score of one answer, when reviewers changed it.</summary>
    public static AdjustedAnswerScore? For(this AdjustedResultResponse? adjusted, Guid turnId) =>
        adjusted?.AnswerScores.FirstOrDefault(a => a.TurnId == turnId && a.AdjustedScore != a.AiScore);
}

/// <summary>
/// The adjusted results of many interviews at once, for lists (the dashboard, the CSV export): only interviews with an
/// override in force are loaded whole, so a list where nobody overrode anything costs one query.
/// </summary>
public sealed class AdjustedResults(CandorDbContext db, IOptions<VoiceOptions> voice, IOptions<CandorOptions> options)
{
    public async Task<IReadOnlyDictionary<Guid, AdjustedResultResponse>> ForAsync(IReadOnlyCollection<Guid> interviewIds, CancellationToken cancellationToken)
    {
        var overrides = await db.ScoreOverrides.AsNoTracking().Where(o => interviewIds.Contains(o.InterviewId))
            .OrderByDescending(o => o.CreatedAt).ThenByDescending(o => o.Id).ToListAsync(cancellationToken);
        if (overrides.Count == 0)
        {
            return new Dictionary<Guid, AdjustedResultResponse>();
        }
        var byInterview = overrides.GroupBy(o => o.InterviewId).ToDictionary(g => g.Key, g => AdjustedScores.InForce(g.Select(ScoreOverrideResponse.From)));
        var interviews = await db.Interviews.AsNoTracking().Include(i => i.Turns).AsSplitQuery()
            .Where(i => byInterview.Keys.Contains(i.Id)).ToListAsync(cancellationToken);
        var adjusted = new Dictionary<Guid, AdjustedResultResponse>();
        foreach (var interview in interviews)
        {
            if (AdjustedScores.Compute(interview, interview.Turns, byInterview[interview.Id], options.Value.Interviews.Thresholds, voice.Value) is { } result)
            {
                adjusted[interview.Id] = result;
            }
        }
        return adjusted;
    }
}
