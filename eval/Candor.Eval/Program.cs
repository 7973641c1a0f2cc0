using System.Text.Json.Nodes;
using Candor.Eval.Calibration;
using Candor.Eval.Metrics;
using Candor.Eval.Reporting;
using Candor.Eval.Running;

namespace Candor.Eval;

internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var options = EvalOptions.Parse(args, Console.Error);
        if (options is null)
        {
            return 64;
        }
        if (options.ShowHelp)
        {
            Console.WriteLine(EvalOptions.Usage);
            return 0;
        }

        using var cancellation = new CancellationTokenSource();
        Console.CancelKeyPress += (_, e) =>
        {
            e.Cancel = !cancellation.IsCancellationRequested;
            cancellation.Cancel();
        };

        using var api = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromMinutes(5) };
        api.DefaultRequestHeaders.Add("X-Api-Key", options.ApiKey);
        using var candidate = new HttpClient { BaseAddress = options.Url, Timeout = TimeSpan.FromMinutes(5) };
        var client = new CandorApiClient(api, candidate);
        var runner = new CalibrationRunner(client, new RunnerOptions
        {
            Parallelism = options.Parallelism,
            ReportTimeout = options.ReportTimeout,
            Jobs = options.Jobs,
            Repeats = options.Repeats,
        }, Console.Out);

        try
        {
            var set = CalibrationSet.Load(options.CalibrationDirectory ?? EvalPaths.CalibrationDirectory);
            if (options.ShowPlan)
            {
                return await ShowPlanAsync(set, client, options, cancellation.Token);
            }

            var thresholds = ThresholdsFile.Load(options.ThresholdsFile ?? EvalPaths.ThresholdsFile);
            var holdoutSet = LoadHoldout(options);
            var runsCalibration = Matches(set, options) || holdoutSet is null || !Matches(holdoutSet, options);
            Console.WriteLine($"Candor eval against {options.Url}");
            EvalReport? report = null;
            if (runsCalibration)
            {
                var run = await runner.RunAsync(set, cancellation.Token);
                report = EvalReport.From(run, thresholds, options.Overrides);
                Console.WriteLine();
                Console.Write(report.Table());
            }

            EvalReport? holdout = null;
            if (holdoutSet is not null && Matches(holdoutSet, options))
            {
                var holdoutRun = await runner.RunAsync(holdoutSet, cancellation.Token);
                holdout = EvalReport.From(holdoutRun, thresholds, options.Overrides);
                Console.WriteLine();
                Console.WriteLine("HELD-OUT SET (written without tuning the evaluator on it; reported, not gated):");
                Console.Write(holdout.Table(gated: false));
            }

            if (report is null)
            {
                // Only held-out jobs were asked for: nothing is gated and the calibration results stay as they are.
                return 0;
            }

            if (!options.NoOut)
            {
                var path = options.OutFile ?? EvalPaths.ResultsFile(report.Profile);
                EvalResultsDocument.From(report, DateTimeOffset.UtcNow, holdout).Write(path);
                Console.WriteLine($"Results written to {Path.GetRelativePath(Directory.GetCurrentDirectory(), Path.GetFullPath(path))}");
            }
            return report.Passed || !options.Gate ? 0 : 1;
        }
        catch (Exception e) when (e is CalibrationSetException or PlanDriftException or EvalRunException or HttpRequestException or InvalidDataException)
        {
            Console.Error.WriteLine($"candor-eval: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            Console.Error.WriteLine("candor-eval: cancelled.");
            return 2;
        }
    }

    private static CalibrationSet? LoadHoldout(EvalOptions options)
    {
        var directory = options.HoldoutDirectory ?? (options.CalibrationDirectory is null ? EvalPaths.HoldoutDirectory : null);
        return options.Holdout && !options.ShowPlan && directory is not null && Directory.Exists(directory) && Directory.EnumerateFiles(directory, "*.json").Any()
            ? CalibrationSet.Load(directory)
            : null;
    }

    private static bool Matches(CalibrationSet set, EvalOptions options) =>
        options.Jobs.Count == 0 || set.Jobs.Any(j => options.Jobs.Contains(j.Id));

    /// <summary>Creates each job through the API and prints what the planner asks, so the set can be written (or re-labelled) against it.</summary>
    private static async Task<int> ShowPlanAsync(CalibrationSet set, CandorApiClient client, EvalOptions options, CancellationToken cancellationToken)
    {
        var drifted = 0;
        foreach (var job in set.Jobs.Where(j => options.Jobs.Count == 0 || options.Jobs.Contains(j.Id)))
        {
            var created = await client.CreateJobAsync(new { title = job.Title, description = job.Description, industry = job.Industry, question_count = job.QuestionCount }, cancellationToken);
            Console.WriteLine($"### {job.Id}: {job.Title} — questions by {created["provenance"]?["provider"]}, role family {created["role_family"]}, seniority {created["seniority"]}");
            foreach (var question in created["questions"]!.AsArray().Select(q => q!))
            {
                Console.WriteLine($"- [{question["bank_id"]}] ({question["kind"]}) {question["text"]}");
                foreach (var point in question["rubric"]?["expected_points"]?.AsArray() ?? [])
                {
                    Console.WriteLine($"    * {point}");
                }
                Console.WriteLine($"    follow-up guide: {question["rubric"]?["follow_up_guide"]}");
            }
            var differences = CalibrationJobs.PlanDifferences(job, created["questions"]!.AsArray());
            Console.WriteLine(differences.Count == 0 ? "Matches the set." : "DIFFERS from the set:\n  - " + string.Join("\n  - ", differences));
            Console.WriteLine();
            drifted += differences.Count > 0 ? 1 : 0;
        }
        return drifted == 0 ? 0 : 2;
    }
}
