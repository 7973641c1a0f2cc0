using System.Globalization;
using System.Text;
using Candor.Eval.Calibration;
using Candor.Eval.Metrics;
using Candor.Eval.Running;

namespace Candor.Eval.Reporting;

/// <summary>A run's figures, the gate's verdict on them, and the two ways they are shown: a table and a JSON document.</summary>
public sealed record EvalReport(EvalRun Run, EvalMetrics Metrics, string Profile, IReadOnlyList<string> Evaluators, Thresholds Thresholds, IReadOnlyList<string> Failures)
{
    /// <summary>What the figures do not say; published with them (the validity card shows these).</summary>
    public static readonly IReadOnlyList<string> Limits =
    [
        "Written English answers only: no speech transcripts, code answers, whiteboards or other languages.",
        "Six calibration jobs (backend, frontend, B2B account executive, customer success, data analyst, product manager) and two held-out jobs (marketing manager, site reliability engineer) with the questions the offline planner asks them; other roles, recruiter-written and LLM-written questions are not covered.",
        "Scripted candidates written by one labeller, graded 1–5 as a hiring panel would; labels are one panel's judgement, not hiring outcomes.",
        "Name and pronoun swaps cover the candidate's name, a colleague's name and pronoun, and a spouse; no other demographic signal (accent, dialect, schooling, age) is tested.",
        "Follow-up replies are scripted in order, so they answer the probe a candidate would expect rather than the exact words asked.",
        "Says nothing about predictive validity (job performance after hire) or adverse impact on real applicant pools.",
    ];

    public static EvalReport From(EvalRun run, ThresholdsFile thresholds, Func<Thresholds, Thresholds>? adjust = null)
    {
        var metrics = EvalMetrics.From(run);
        var evaluators = run.Interviews.SelectMany(o => o.Evaluators).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var profile = EvalProfile.Of(evaluators);
        var bounds = thresholds.For(profile);
        if (adjust is not null)
        {
            bounds = adjust(bounds);
        }
        return new EvalReport(run, metrics, profile, evaluators, bounds, bounds.Check(metrics.Pooled));
    }

    public bool Passed => Failures.Count == 0;

    /// <param name="gated">False for a set that is only reported (the held-out set): no verdict line.</param>
    public string Table(bool gated = true)
    {
        var text = new StringBuilder();
        var graded = Run.Interviews.Count(o => o.Kind == RunKind.Primary);
        text.AppendLine(CultureInfo.InvariantCulture, $"Calibration set {Run.Set.Fingerprint}: {Run.Jobs.Count} jobs, {graded} graded interviews "
            + $"(+{Run.Interviews.Count(o => o.Kind == RunKind.Swap)} name/pronoun swaps, +{Run.Interviews.Count(o => o.Kind == RunKind.Retest)} retests)");
        text.AppendLine($"Evaluator: {string.Join(", ", Evaluators)} (profile {Profile}); questions by {string.Join(", ", Run.Jobs.Select(j => j.QuestionWriter).Distinct())}");
        text.AppendLine($"Grade from overall score: 1 below {Grades.ScoreCutoffs[0]}, 2 from {Grades.ScoreCutoffs[0]}, 3 from {Grades.ScoreCutoffs[1]}, "
            + $"4 from {Grades.ScoreCutoffs[2]}, 5 from {Grades.ScoreCutoffs[3]}");
        text.AppendLine();

        var rows = Metrics.Jobs.Select(j => Row(j.JobId, j.Metrics)).Append(Row("POOLED", Metrics.Pooled)).ToList();
        text.Append(Columns(["job", "n", "spearman", "qwk", "rec_qwk", "rec_agree", "pairwise", "stuffer_gap", "injection", "name_swap", "retest"], rows));
        text.AppendLine("stuffer_gap: plain-words expert minus keyword stuffer (pooled: the worst job); injection: the most an injection added to its clean");
        text.AppendLine("answers' score; name_swap and retest: the largest score difference between identical answers.");
        text.AppendLine();

        var personas = Metrics.Jobs.SelectMany(j => j.Interviews).Where(o => o.Kind == RunKind.Primary)
            .Select(o => o.PersonaId).Distinct(StringComparer.Ordinal).ToList();
        var header = new List<string> { "persona", "label" };
        header.AddRange(Metrics.Jobs.Select(j => j.JobId));
        var personaRows = personas.Select(persona =>
        {
            var row = new List<string> { persona, LabelsOf(persona) };
            row.AddRange(Metrics.Jobs.Select(j => j.Interviews.FirstOrDefault(o => o.Kind == RunKind.Primary && o.PersonaId == persona) is { } o
                ? $"{o.Overall} {o.Recommendation}" : "-"));
            return (IReadOnlyList<string>)row;
        }).ToList();
        text.AppendLine("Overall score and recommendation per persona:");
        text.Append(Columns(header, personaRows));
        text.AppendLine();
        text.AppendLine("Mean overall by archetype: " + string.Join(", ",
            Metrics.MeanScoreByArchetype.Select(p => $"{ArchetypeName(p.Key)} {p.Value.ToString("0", CultureInfo.InvariantCulture)}")));
        if (!gated)
        {
            return text.ToString();
        }

        text.AppendLine();
        text.AppendLine(Passed
            ? $"Gate ({Profile} thresholds): passed."
            : $"Gate ({Profile} thresholds): FAILED\n  - " + string.Join("\n  - ", Failures));
        return text.ToString();
    }

    private string LabelsOf(string persona)
    {
        var labels = Run.Interviews.Where(o => o.PersonaId == persona).Select(o => o.Label).Distinct().Order().ToList();
        return string.Join("/", labels);
    }

    private static IReadOnlyList<string> Row(string name, GroupMetrics m) =>
    [
        name,
        m.Agreement.Interviews.ToString(CultureInfo.InvariantCulture),
        Thresholds.Format(m.Agreement.Spearman),
        Thresholds.Format(m.Agreement.Qwk),
        Thresholds.Format(m.Agreement.RecommendationQwk),
        Thresholds.Format(m.Agreement.RecommendationAgreement),
        Thresholds.Format(m.Agreement.PairwiseAccuracy),
        Signed(m.MinStufferGap),
        Signed(m.MaxInjectionGain),
        m.MaxNameSwapDifference?.ToString(CultureInfo.InvariantCulture) ?? "-",
        m.MaxRetestDifference?.ToString(CultureInfo.InvariantCulture) ?? "-",
    ];

    private static string Signed(int? value) => value is { } v ? v.ToString("+0;-0;0", CultureInfo.InvariantCulture) : "-";

    public static string ArchetypeName(Archetype archetype) => System.Text.Json.JsonSerializer.Serialize(archetype).Trim('"');

    private static string Columns(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows)
    {
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> cells) =>
            text.AppendLine(string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd());
        Line(header);
        foreach (var row in rows)
        {
            Line(row);
        }
        return text.ToString();
    }
}
