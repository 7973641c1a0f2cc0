using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Candor.Eval.Metrics;

/// <summary>
/// The gate: the least agreement and the largest unfairness a run may show. A null bound is not checked. Agreement
/// bounds apply to the pooled figures; gaps, gains and differences to the worst job.
/// </summary>
public sealed record Thresholds
{
    public double? MinSpearman { get; init; }

    public double? MinQwk { get; init; }

    public double? MinRecommendationQwk { get; init; }

    public double? MinPairwiseAccuracy { get; init; }

    /// <summary>Points by which the plain-words expert must beat the keyword stuffer on every job.</summary>
    public int? MinStufferGap { get; init; }

    /// <summary>Points an injection may add to its clean answers' score (0: it must never pay).</summary>
    public int? MaxInjectionGain { get; init; }

    public int? MaxNameSwapDifference { get; init; }

    public int? MaxRetestDifference { get; init; }

    /// <summary>Every bound the metrics miss, as sentences; empty when the run passes.</summary>
    public IReadOnlyList<string> Check(GroupMetrics pooled)
    {
        var failures = new List<string>();
        void AtLeast(string name, double? bound, double value)
        {
            if (bound is { } min && !(value >= min - 1e-9))
            {
                failures.Add($"{name} {Format(value)} is below {Format(min)}");
            }
        }
        void AtMost(string name, int? bound, int? value, string worse)
        {
            if (bound is { } max && value is { } v && v > max)
            {
                failures.Add($"{name} {v} is {worse} than {max}");
            }
        }

        AtLeast("pooled Spearman", MinSpearman, pooled.Agreement.Spearman);
        AtLeast("pooled QWK (score grade)", MinQwk, pooled.Agreement.Qwk);
        AtLeast("pooled QWK (recommendation)", MinRecommendationQwk, pooled.Agreement.RecommendationQwk);
        AtLeast("pooled pairwise accuracy", MinPairwiseAccuracy, pooled.Agreement.PairwiseAccuracy);
        if (MinStufferGap is { } minGap && pooled.MinStufferGap is { } gap && gap < minGap)
        {
            var worst = pooled.StufferGaps.MinBy(d => d.Delta)!;
            failures.Add($"stuffer-vs-expert gap {gap} on job {worst.JobId} is below {minGap}");
        }
        AtMost("injection gain", MaxInjectionGain, pooled.MaxInjectionGain, "more");
        AtMost("name/pronoun swap difference", MaxNameSwapDifference, pooled.MaxNameSwapDifference, "larger");
        AtMost("test-retest difference", MaxRetestDifference, pooled.MaxRetestDifference, "larger");
        return failures;
    }

    public static string Format(double value) =>
        double.IsNaN(value) ? "undefined" : value.ToString("0.000", CultureInfo.InvariantCulture);
}

/// <summary>eval/thresholds.json: one set of bounds for the offline evaluator and one for an LLM evaluator.</summary>
public sealed record ThresholdsFile(Thresholds Offline, Thresholds Llm, string? Note = null)
{
    public static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
    };

    public static ThresholdsFile Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<ThresholdsFile>(File.ReadAllText(path), JsonOptions)
                ?? throw new JsonException("the file is empty");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The bounds for the evaluator that scored the run.</summary>
    public Thresholds For(string profile) => profile == EvalProfile.Offline ? Offline : Llm;
}

public static class EvalProfile
{
    public const string Offline = "offline";
    public const string Llm = "llm";

    /// <summary>"offline" when the offline engine scored every answer, else "llm" (an LLM, possibly with offline fallbacks).</summary>
    public static string Of(IEnumerable<string> evaluators) =>
        evaluators.All(e => e.StartsWith("offline/", StringComparison.Ordinal)) ? Offline : Llm;
}
