using Candor.Eval;
using Candor.Eval.Calibration;
using Candor.Eval.Metrics;
using Candor.Eval.Reporting;
using Candor.Eval.Running;
using Candor.Web.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Candor.Web.Tests.Evaluation;

/// <summary>
/// CI's evaluator gate: the whole calibration set through whole interviews over the API of the real app
/// (in-process, offline engine), exactly as ./candor eval runs it, held to eval/thresholds.json. Run with
/// <c>--logger "console;verbosity=detailed"</c> to see the table.
/// </summary>
public sealed class CalibrationGateTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_offline_evaluator_meets_the_checked_in_thresholds()
    {
        await using var app = new CandorApp()
            .With("Candor:Quotas:Essential", "-1")
            .With("Candor:RateLimits:ApiKeyPerMinute", "100000000")
            .With("Candor:RateLimits:SessionPerMinute", "100000000");
        await app.InitializeAsync();
        var tenant = await app.CreateTenantAsync("Calibration");
        var set = CalibrationSet.Load(EvalPaths.CalibrationDirectory);
        var runner = new CalibrationRunner(new CandorApiClient(tenant.Client, app.CreateClient()), new RunnerOptions { Parallelism = 4 });

        var run = await runner.RunAsync(set);
        var report = EvalReport.From(run, ThresholdsFile.Load(EvalPaths.ThresholdsFile));
        output.WriteLine(report.Table());

        run.Jobs.ShouldAllBe(j => j.QuestionWriter == "offline");
        report.Profile.ShouldBe(EvalProfile.Offline);
        var expected = set.Jobs.Sum(j => j.Personas.Count + j.Personas.Count(p => p.Swap) * CandidateIdentity.Swaps.Count + j.Personas.Count(p => p.Retest));
        run.Interviews.Count.ShouldBe(expected);
        run.Interviews.Where(o => o.Archetype != Archetype.Silent).ShouldAllBe(o => o.QuestionsAnswered == set.Jobs.First(j => j.Id == o.JobId).Questions.Count);
        report.Failures.ShouldBeEmpty();
    }
}
