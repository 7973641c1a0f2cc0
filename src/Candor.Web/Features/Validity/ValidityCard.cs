using System.Text.Json;
using System.Text.Json.Serialization;
using Candor.Engine.Ai;

namespace Candor.Web.Features.Validity;

/// <summary>One set of agreement figures (pooled, or for one calibration job). Undefined statistics are null.</summary>
public sealed record ValidityFigures(
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
    int? MaxRetestDifference);

/// <summary>A calibration job: its rubric's fingerprint (the rubric version the figures hold for) and its figures.</summary>
public sealed record ValidityJob(string Id, string Title, string RubricFingerprint, ValidityFigures Figures);

/// <summary>The bounds CI fails below (eval/thresholds.json, the profile the figures were measured with).</summary>
public sealed record ValidityThresholds(
    double? MinSpearman,
    double? MinQwk,
    double? MinRecommendationQwk,
    double? MinPairwiseAccuracy,
    int? MinStufferGap,
    int? MaxInjectionGain,
    int? MaxNameSwapDifference,
    int? MaxRetestDifference);

/// <summary>What the product aims for (issue 10) and published figures to compare with; neither is a measurement of Candor.</summary>
public sealed record ValidityTargets(double Spearman, double Qwk, double PairwiseAccuracy, int StufferGap, int MaxInjectionGain, IReadOnlyList<string> PublishedAnchors);

/// <param name="Evaluators">The evaluator versions the figures were measured on (provider/model/prompt).</param>
/// <param name="CurrentOfflineEvaluator">The offline evaluator this build runs; the figures hold for it only when it is listed in <paramref name="Evaluators"/>.</param>
/// <param name="CalibrationSetFingerprint">The labelled set's version.</param>
public sealed record ValidityCardResponse(
    DateTimeOffset MeasuredAt,
    string Profile,
    IReadOnlyList<string> Evaluators,
    string CurrentOfflineEvaluator,
    bool HoldsForCurrentOfflineEvaluator,
    string CalibrationSetFingerprint,
    int Jobs,
    int GradedInterviews,
    int Interviews,
    IReadOnlyList<int> GradeCutoffs,
    ValidityFigures Pooled,
    IReadOnlyList<ValidityJob> JobFigures,
    ValidityThresholds Thresholds,
    bool PassedThresholds,
    ValidityTargets Targets,
    IReadOnlyList<string> NotCovered);

/// <summary>
/// The validity card: the latest figures of <c>./candor eval</c> (eval/results/latest.json, embedded in the app at
/// build time so it is served the same from <c>./candor run</c>, a published build and the tests), the evaluator and
/// rubric versions they hold for, the thresholds CI gates on, and what they do not cover.
/// </summary>
public static class ValidityCard
{
    public const string ResourceName = "Candor.Web.Validity.latest.json";

    private static readonly JsonSerializerOptions ReadOptions = new(JsonSerializerDefaults.Web)
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Skip,
    };

    private static readonly Lazy<ValidityCardResponse> Embedded = new(() =>
    {
        using var stream = typeof(ValidityCardResponse).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The eval results are not embedded ({ResourceName}): run ./candor eval to write eval/results/latest.json.");
        return From(JsonSerializer.Deserialize<LatestResults>(stream, ReadOptions) ?? throw new JsonException("empty eval results"));
    });

    public static ValidityCardResponse Current => Embedded.Value;

    /// <summary>Provenance of the rule-based evaluator, written the way the eval names evaluators.</summary>
    public static string OfflineEvaluator => $"{Provenance.Offline.Provider}/{Provenance.Offline.Model}/{Provenance.Offline.PromptVersion}";

    private static ValidityCardResponse From(LatestResults latest)
    {
        var current = OfflineEvaluator;
        var holds = latest.Evaluators.Contains(current, StringComparer.Ordinal);
        List<string> notCovered =
        [
            latest.Profile == "offline"
                ? "Measured on the offline, rule-based evaluator only. When an organisation configures an LLM provider, its evaluator is not measured by these figures: an operator measures a model with ./candor eval and the CANDOR_EVAL_* settings."
                : $"Measured on the {latest.Profile} evaluator listed above; other evaluators are not measured by these figures.",
            $"A small set: {latest.CalibrationSet.GradedInterviews} graded interviews over {latest.CalibrationSet.Jobs} jobs, so each figure has a wide margin of error.",
            "Synthetic: the candidates are scripted and graded by the Candor team, not real applicants graded by independent raters.",
            .. latest.Limits,
        ];
        if (!holds)
        {
            notCovered.Insert(0, $"These figures were measured on {string.Join(", ", latest.Evaluators)}, not on the evaluator this build runs ({current}): they are out of date until ./candor eval is run again.");
        }

        return new ValidityCardResponse(
            latest.GeneratedAt,
            latest.Profile,
            latest.Evaluators,
            current,
            holds,
            latest.CalibrationSet.Fingerprint,
            latest.CalibrationSet.Jobs,
            latest.CalibrationSet.GradedInterviews,
            latest.CalibrationSet.Interviews,
            latest.GradeCutoffs,
            latest.Pooled,
            [.. latest.Jobs.Select(j => new ValidityJob(j.Id, j.Title, j.RubricFingerprint, j.Figures))],
            latest.Thresholds,
            latest.Passed,
            Targets,
            notCovered);
    }

    private static readonly ValidityTargets Targets = new(0.85, 0.75, 0.90, 20, 0,
    [
        "An LLM rater of interview answers reached a quadratic-weighted kappa of 0.62 against human raters.",
        "LLM judges agree with human preferences on about 80% of answer pairs.",
    ]);

    // The part of eval/results/latest.json the card serves (the eval's EvalResultsDocument, schema 1).
    private sealed record LatestResults(
        DateTimeOffset GeneratedAt,
        string Profile,
        List<string> Evaluators,
        CalibrationSet CalibrationSet,
        List<int> GradeCutoffs,
        ValidityFigures Pooled,
        List<LatestJob> Jobs,
        ValidityThresholds Thresholds,
        bool Passed,
        List<string> Limits);

    private sealed record CalibrationSet(string Fingerprint, int Jobs, int GradedInterviews, int Interviews);

    private sealed record LatestJob(string Id, string Title, string RubricFingerprint, ValidityFigures Figures);
}
