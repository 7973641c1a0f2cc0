using Candor.Eval;
using Candor.Eval.Calibration;
using Candor.Eval.Metrics;
using Candor.Eval.Reporting;
using Candor.Eval.Running;

namespace Candor.Web.Tests.Evaluation;

/// <summary>The mapping onto the labels' scale, the metrics built from outcomes, and the gate's verdict on them.</summary>
public sealed class GateTests
{
    [Theory]
    [InlineData(0, 1)]
    [InlineData(24, 1)]
    [InlineData(25, 2)]
    [InlineData(44, 2)]
    [InlineData(45, 3)]
    [InlineData(64, 3)]
    [InlineData(65, 4)]
    [InlineData(79, 4)]
    [InlineData(80, 5)]
    [InlineData(100, 5)]
    public void Overall_scores_map_to_grades_at_the_documented_cutoffs(int overall, int grade) =>
        Grades.FromScore(overall).ShouldBe(grade);

    [Fact]
    public void Recommendations_map_to_levels_and_labels_to_the_level_they_call_for()
    {
        Grades.FromRecommendation("strong_hire").ShouldBe(4);
        Grades.FromRecommendation("hire").ShouldBe(3);
        Grades.FromRecommendation("lean_no").ShouldBe(2);
        Grades.FromRecommendation("no_hire").ShouldBe(1);
        Grades.FromRecommendation("insufficient_evidence").ShouldBe(1);
        Should.Throw<ArgumentException>(() => Grades.FromRecommendation("maybe"));
        new[] { 1, 2, 3, 4, 5 }.Select(Grades.RecommendationLevelForLabel).ShouldBe([1, 1, 2, 3, 4]);
    }

    /// <summary>A plain-words expert (and a name-swapped twin), a stuffer, a solid answer (and a retest) and an injection.</summary>
    private static EvalRun TwinsRun() => Run(
            Outcome("plain", Archetype.PlainExpert, 5, 60),
            Outcome("plain", Archetype.PlainExpert, 5, 61, RunKind.Swap, "Emily Clarke"),
            Outcome("stuffer", Archetype.KeywordStuffer, 1, 70),
            Outcome("solid", Archetype.Solid, 4, 66),
            Outcome("solid", Archetype.Solid, 4, 64, RunKind.Retest),
            Outcome("injection", Archetype.Injection, 4, 69));

    [Fact]
    public void The_metrics_compare_each_persona_with_its_twin()
    {
        var run = TwinsRun();

        var metrics = EvalMetrics.From(run).Pooled;

        metrics.Agreement.Interviews.ShouldBe(4, "swaps and retests are not graded twice");
        metrics.MinStufferGap.ShouldBe(-10);
        metrics.MaxInjectionGain.ShouldBe(3);
        metrics.MaxNameSwapDifference.ShouldBe(1);
        metrics.MaxRetestDifference.ShouldBe(2);
    }

    [Fact]
    public void The_gate_names_every_bound_a_run_misses()
    {
        var run = TwinsRun();
        var pooled = EvalMetrics.From(run).Pooled;

        new Thresholds().Check(pooled).ShouldBeEmpty("no bound, nothing to miss");
        var failures = new Thresholds
        {
            MinSpearman = 0.9,
            MinPairwiseAccuracy = 0.9,
            MinStufferGap = 20,
            MaxInjectionGain = 0,
            MaxNameSwapDifference = 0,
            MaxRetestDifference = 0,
        }.Check(pooled);

        failures.Count.ShouldBe(6);
        failures.ShouldContain(f => f.StartsWith("stuffer-vs-expert gap -10 on job backend", StringComparison.Ordinal));
        failures.ShouldContain("injection gain 3 is more than 0");
        new Thresholds { MinStufferGap = -10, MaxInjectionGain = 3, MaxNameSwapDifference = 1, MaxRetestDifference = 2 }.Check(pooled).ShouldBeEmpty();
    }

    [Fact]
    public void An_undefined_statistic_fails_its_bound()
    {
        var run = Run(Outcome("a", Archetype.PlainExpert, 3, 50), Outcome("b", Archetype.KeywordStuffer, 3, 40));
        new Thresholds { MinSpearman = 0 }.Check(EvalMetrics.From(run).Pooled).ShouldHaveSingleItem().ShouldContain("undefined");
    }

    [Fact]
    public void The_profile_is_offline_only_when_the_offline_engine_scored_everything()
    {
        EvalProfile.Of(["offline/candor-rules/rules-v1"]).ShouldBe(EvalProfile.Offline);
        EvalProfile.Of(["offline/candor-rules/rules-v1", "openai/gpt-4o-mini/evaluator-v3"]).ShouldBe(EvalProfile.Llm);
    }

    [Fact]
    public void The_results_document_round_trips_with_undefined_figures_as_null()
    {
        var run = Run(Outcome("a", Archetype.PlainExpert, 3, 50), Outcome("b", Archetype.KeywordStuffer, 3, 40));
        var report = EvalReport.From(run, new ThresholdsFile(new Thresholds { MinSpearman = 0.5 }, new Thresholds()));
        var json = EvalResultsDocument.From(report, new DateTimeOffset(2026, 12, 4, 12, 0, 0, TimeSpan.Zero)).ToJson();

        json.ShouldContain("\"spearman\": null");
        var parsed = EvalResultsDocument.Parse(json);
        parsed.Passed.ShouldBeFalse();
        parsed.Pooled.MinStufferGap.ShouldBe(10);
        parsed.Jobs.ShouldHaveSingleItem().Interviews.Select(i => i.Grade).ShouldBe([3, 2]);
        parsed.Limits.ShouldNotBeEmpty();
    }

    [Fact]
    public void The_checked_in_latest_results_are_readable_for_the_validity_card()
    {
        var latest = EvalResultsDocument.Parse(File.ReadAllText(EvalPaths.ResultsFile(EvalProfile.Offline)));

        latest.Schema.ShouldBe(EvalResultsDocument.CurrentSchema);
        latest.Profile.ShouldBe(EvalProfile.Offline);
        latest.Jobs.Count.ShouldBe(CalibrationSet.Load(EvalPaths.CalibrationDirectory).Jobs.Count);
        latest.Pooled.Spearman.ShouldNotBeNull();
    }

    private static EvalRun Run(params InterviewOutcome[] outcomes)
    {
        var personas = outcomes.Where(o => o.Kind == RunKind.Primary)
            .Select(o => new CalibrationPersona(o.PersonaId, o.Archetype, o.Label, "test", Base: o.Archetype == Archetype.Injection ? "solid" : null))
            .ToList();
        var job = new CalibrationJob("backend", "Backend", "A job.", null, null, [new PlannedQuestion("q1", "Why?")], personas);
        return new EvalRun(new CalibrationSet([job], "test"), [new JobSetup(job, "id", "offline", "rubric")], outcomes);
    }

    private static InterviewOutcome Outcome(string persona, Archetype archetype, int label, int overall, RunKind kind = RunKind.Primary, string candidate = "Jordan Lee") =>
        new("backend", persona, archetype, label, kind, candidate, overall, overall >= 65 ? "hire" : "no_hire", [], 1, 0,
            new Dictionary<string, int?>(), ["offline/candor-rules/rules-v1"]);
}
