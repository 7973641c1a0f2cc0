using Candor.Engine.Questions;
using Candor.Eval;
using Candor.Eval.Calibration;
using Candor.Eval.Metrics;
using Candor.Eval.Reporting;
using Candor.Eval.Running;
using Candor.Web.Tests.Infrastructure;
using Candor.Web.Tests.Providers;
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
        await using var app = Unlimited(new CandorApp());
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
        // Every interview but the silent one runs to the end. Adaptive difficulty may pass over hard questions for a
        // candidate at the easy tier; any other question left unanswered is a defect.
        foreach (var outcome in run.Interviews.Where(o => o.Archetype != Archetype.Silent))
        {
            var unanswered = outcome.QuestionScores.Where(s => s.Value is null).Select(s => s.Key).ToList();
            outcome.QuestionsAnswered.ShouldBe(set.Jobs.First(j => j.Id == outcome.JobId).Questions.Count - unanswered.Count, $"{outcome.JobId}/{outcome.PersonaId}");
            unanswered.ShouldAllBe(key => QuestionBank.Default.Find(key)!.Difficulty == Difficulty.Hard, $"{outcome.JobId}/{outcome.PersonaId} left unanswered: {string.Join(", ", unanswered)}");
        }
        report.Failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task With_a_provider_the_llm_evaluator_is_measured_on_the_same_questions()
    {
        // The fake model drafts its own "[model]" questions; the harness must put the calibrated ones back and
        // then measure the model's evaluations, under the llm thresholds.
        await using var server = await FakeLlmServer.StartAsync();
        server.Responder = FakeModel.Reply;
        await using var app = Unlimited(Simulation.LlmRoleSets.App("openai", server.OpenAiBaseUrl, "fake-model", "sk-test-not-a-real-key"));
        await app.InitializeAsync();
        var tenant = await app.CreateTenantAsync("Calibration");
        var set = CalibrationSet.Load(EvalPaths.CalibrationDirectory);
        // The fake drafts ten questions, so the job asks for the default count (eight would make it fall back offline).
        var job = set.Jobs.First(j => j.Id == "backend") with { QuestionCount = null };
        var runner = new CalibrationRunner(new CandorApiClient(tenant.Client, app.CreateClient()),
            new RunnerOptions { Parallelism = 4, Repeats = false });

        var run = await runner.RunAsync(set with { Jobs = [job] });
        var report = EvalReport.From(run, ThresholdsFile.Load(EvalPaths.ThresholdsFile));
        output.WriteLine(report.Table());

        run.Jobs.ShouldHaveSingleItem().QuestionWriter.ShouldBe("openai");
        var questions = await tenant.Client.GetJson($"/api/v1/jobs/{run.Jobs[0].ApiJobId}");
        questions["questions"]!.AsArray().Select(q => q!["text"]!.GetValue<string>()).ShouldBe(job.Questions.Select(q => q.Text), ignoreOrder: true);
        run.Interviews.Count.ShouldBe(job.Personas.Count);
        report.Profile.ShouldBe(EvalProfile.Llm);
        report.Evaluators.ShouldContain(e => e.StartsWith("openai/fake-model/", StringComparison.Ordinal));
        report.Thresholds.ShouldBe(ThresholdsFile.Load(EvalPaths.ThresholdsFile).Llm);
    }

    private static CandorApp Unlimited(CandorApp app) => app
        .With("Candor:Quotas:Essential", "-1")
        .With("Candor:RateLimits:ApiKeyPerMinute", "100000000")
        .With("Candor:RateLimits:SessionPerMinute", "100000000");
}
