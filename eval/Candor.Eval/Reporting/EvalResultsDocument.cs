using System.Text.Json;
using System.Text.Json.Serialization;
using Candor.Eval.Metrics;
using Candor.Eval.Running;

namespace Candor.Eval.Reporting;

/// <summary>
/// The JSON a run writes (eval/results/latest.json by default): the figures, what they hold for (evaluator,
/// rubric and calibration-set fingerprints) and what they do not cover, so a validity card can serve them as they are.
/// Undefined statistics are null.
/// </summary>
public sealed record EvalResultsDocument(
    int Schema,
    DateTimeOffset GeneratedAt,
    string Profile,
    IReadOnlyList<string> Evaluators,
    IReadOnlyList<string> QuestionWriters,
    CalibrationSummary CalibrationSet,
    IReadOnlyList<int> GradeCutoffs,
    FiguresDocument Pooled,
    IReadOnlyList<JobDocument> Jobs,
    IReadOnlyDictionary<string, double> MeanScoreByArchetype,
    Thresholds Thresholds,
    bool Passed,
    IReadOnlyList<string> Failures,
    IReadOnlyList<string> Limits,
    EvalResultsDocument? Holdout = null)
{
    public const int CurrentSchema = 1;

    private static readonly JsonSerializerOptions JsonOptions = new(ThresholdsFile.JsonOptions)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    /// <param name="holdout">The held-out set's run, reported beside the calibration figures (its own thresholds verdict is informative only).</param>
    public static EvalResultsDocument From(EvalReport report, DateTimeOffset generatedAt, EvalReport? holdout = null)
    {
        var run = report.Run;
        return new EvalResultsDocument(
            CurrentSchema,
            generatedAt,
            report.Profile,
            report.Evaluators,
            [.. run.Jobs.Select(j => j.QuestionWriter).Distinct(StringComparer.Ordinal)],
            new CalibrationSummary(run.Set.Fingerprint, run.Jobs.Count, run.Interviews.Count(o => o.Kind == RunKind.Primary), run.Interviews.Count),
            Grades.ScoreCutoffs,
            FiguresDocument.From(report.Metrics.Pooled),
            [.. report.Metrics.Jobs.Select(j =>
            {
                var setup = run.Jobs.First(s => s.Job.Id == j.JobId);
                return new JobDocument(j.JobId, j.Title, setup.RubricFingerprint, FiguresDocument.From(j.Metrics), j.Metrics.StufferGaps,
                    j.Metrics.InjectionDeltas, j.Metrics.NameSwapDifferences, j.Metrics.RetestDifferences,
                    [.. j.Interviews.Select(InterviewDocument.From)]);
            })],
            report.Metrics.MeanScoreByArchetype.ToDictionary(p => EvalReport.ArchetypeName(p.Key), p => Math.Round(p.Value, 1)),
            report.Thresholds,
            report.Passed,
            report.Failures,
            EvalReport.Limits,
            holdout is null ? null : From(holdout, generatedAt));
    }

    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    public static EvalResultsDocument Parse(string json) =>
        JsonSerializer.Deserialize<EvalResultsDocument>(json, JsonOptions) ?? throw new JsonException("empty results document");

    public void Write(string path)
    {
        if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }
        File.WriteAllText(path, ToJson() + "\n");
    }
}

/// <param name="GradedInterviews">One per persona and job: the interviews the agreement figures are computed on.</param>
/// <param name="Interviews">Including name/pronoun swaps and retests.</param>
public sealed record CalibrationSummary(string Fingerprint, int Jobs, int GradedInterviews, int Interviews);

public sealed record FiguresDocument(
    int Interviews,
    double? Spearman,
    double? Qwk,
    double? RecommendationQwk,
    double? RecommendationAgreement,
    double? PairwiseAccuracy,
    int Pairs,
    int? MinStufferGap,
    int? MaxInjectionGain,
    int? MaxNameSwapDifference,
    int? MaxRetestDifference)
{
    public static FiguresDocument From(GroupMetrics m) => new(
        m.Agreement.Interviews,
        Defined(m.Agreement.Spearman),
        Defined(m.Agreement.Qwk),
        Defined(m.Agreement.RecommendationQwk),
        Defined(m.Agreement.RecommendationAgreement),
        Defined(m.Agreement.PairwiseAccuracy),
        m.Agreement.Pairs,
        m.MinStufferGap,
        m.MaxInjectionGain,
        m.MaxNameSwapDifference,
        m.MaxRetestDifference);

    private static double? Defined(double value) => double.IsNaN(value) ? null : Math.Round(value, 4);
}

public sealed record JobDocument(
    string Id,
    string Title,
    string RubricFingerprint,
    FiguresDocument Figures,
    IReadOnlyList<ScoreDelta> StufferGaps,
    IReadOnlyList<ScoreDelta> InjectionDeltas,
    IReadOnlyList<ScoreDelta> NameSwapDifferences,
    IReadOnlyList<ScoreDelta> RetestDifferences,
    IReadOnlyList<InterviewDocument> Interviews);

public sealed record InterviewDocument(
    string Persona,
    string Archetype,
    int Label,
    RunKind Kind,
    string Candidate,
    int Overall,
    int Grade,
    string Recommendation,
    IReadOnlyList<string> RedFlags,
    int QuestionsAnswered,
    int FollowUps,
    IReadOnlyDictionary<string, int?> QuestionScores)
{
    public static InterviewDocument From(InterviewOutcome o) => new(
        o.PersonaId, EvalReport.ArchetypeName(o.Archetype), o.Label, o.Kind, o.Candidate, o.Overall, Grades.FromScore(o.Overall),
        o.Recommendation, o.RedFlags, o.QuestionsAnswered, o.FollowUps, o.QuestionScores);
}
