using System.Text;
using Candor.Engine.Interviews;
using Candor.Engine.Scoring;

namespace Candor.Web.Tests.Simulation;

/// <summary>Which interviews a matrix runs.</summary>
/// <param name="FairnessJobs">How many of the jobs (from the first) also run the fairness identities.</param>
/// <param name="FairnessPersonas">Personas run once per fairness identity.</param>
/// <param name="Parallelism">Interviews run at once (an LLM endpoint is mostly waiting on the network).</param>
public sealed record MatrixScope(IReadOnlyList<SimulatedJob> Jobs, IReadOnlyList<Persona> Personas, int FairnessJobs, IReadOnlyList<Persona> FairnessPersonas, int Parallelism)
{
    public static MatrixScope Full(int fairnessJobs = int.MaxValue, int parallelism = 8) =>
        new(SimulatedJobs.All, Simulation.Personas.All, fairnessJobs, [Simulation.Personas.Strong, Simulation.Personas.Average], parallelism);
}

/// <summary>Every interview of a matrix, and everything the checks found wrong.</summary>
public sealed record MatrixRun(IReadOnlyList<SimulationResult> Results, IReadOnlyList<string> Violations)
{
    /// <summary>persona × job: overall, recommendation, follow-ups by reason, red flags, how it closed.</summary>
    public string SummaryTable()
    {
        var rows = Results.Where(r => r.Candidate == CandidateIdentity.Default).OrderBy(r => r.Plan.Job.Key, StringComparer.Ordinal)
            .ThenBy(r => Personas.All.ToList().IndexOf(r.Persona)).Select(r => new[]
            {
                r.Plan.Job.Key,
                r.Persona.Name,
                r.Report.Overall.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ReportBuilder.Wire(r.Report.Recommendation),
                $"{r.Report.QuestionsAnswered}/{r.Plan.Questions.Count}",
                FollowUps(r),
                string.Join(",", r.Report.RedFlags.Select(f => f.Code).Distinct()) is { Length: > 0 } flags ? flags : "-",
                $"{r.Transcript.Count} {r.Transcript[^1].Move.CloseReason}",
                Provider(r),
            }).ToList();
        string[] header = ["job", "persona", "overall", "recommendation", "answered", "follow-ups", "red flags", "turns/close", "by"];
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        var table = new StringBuilder();
        void Line(IReadOnlyList<string> cells) => table.AppendLine("| " + string.Join(" | ", cells.Select((c, i) => c.PadRight(widths[i]))) + " |");
        Line(header);
        Line([.. widths.Select(w => new string('-', w))]);
        rows.ForEach(Line);

        var fairness = Results.Where(r => r.Candidate != CandidateIdentity.Default).GroupBy(r => (r.Plan.Job.Key, r.Persona.Name)).ToList();
        if (fairness.Count > 0)
        {
            table.AppendLine().AppendLine("Fairness (overall per candidate identity):");
            foreach (var group in fairness)
            {
                table.AppendLine($"  {group.Key.Key}/{group.Key.Name}: {string.Join(", ", group.Select(r => $"{r.Candidate.Name}={r.Report.Overall}"))}");
            }
        }

        table.AppendLine().AppendLine(Violations.Count == 0 ? "All checks passed." : $"{Violations.Count} violations:");
        foreach (var violation in Violations)
        {
            table.AppendLine($"  - {violation}");
        }
        return table.ToString();
    }

    private static string FollowUps(SimulationResult result)
    {
        var reasons = result.FollowUps.GroupBy(t => t.Turn.Reason).Select(g => $"{Short(g.Key)}{g.Count()}");
        return result.FollowUps.Any() ? $"{result.FollowUps.Count()} ({string.Join(" ", reasons)})" : "0";
    }

    private static string Short(FollowUpReason? reason) => reason switch
    {
        FollowUpReason.TooShort => "short",
        FollowUpReason.MissingStar => "star",
        FollowUpReason.UncoveredPoint => "point",
        FollowUpReason.Vague => "vague",
        _ => "?",
    };

    /// <summary>Which provider evaluated the answers (a real run that fell back to offline shows it here).</summary>
    private static string Provider(SimulationResult result) =>
        string.Join("+", result.Transcript.Select(t => t.EvaluationProvenance?.Provider).OfType<string>().Distinct().Order(StringComparer.Ordinal)) is { Length: > 0 } p ? p : "-";
}

/// <summary>Runs personas × jobs (plus fairness identities) through a simulator and applies every check.</summary>
public static class SimulationMatrix
{
    public static async Task<MatrixRun> RunAsync(InterviewSimulator simulator, MatrixScope scope, SimulationTolerances tolerances, CancellationToken cancellationToken = default)
    {
        using var gate = new SemaphoreSlim(scope.Parallelism);
        async Task<T> Gated<T>(Func<Task<T>> work)
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                return await work();
            }
            finally
            {
                gate.Release();
            }
        }

        var plans = await Task.WhenAll(scope.Jobs.Select(job => Gated(() => simulator.PlanAsync(job, cancellationToken))));
        var runs = new List<Task<SimulationResult>>();
        for (var j = 0; j < plans.Length; j++)
        {
            var plan = plans[j];
            runs.AddRange(scope.Personas.Select(persona => Gated(() => simulator.RunAsync(plan, persona, null, cancellationToken))));
            if (j < scope.FairnessJobs)
            {
                runs.AddRange(scope.FairnessPersonas.SelectMany(_ => CandidateIdentity.FairnessVariants, (persona, identity) =>
                    Gated(() => simulator.RunAsync(plan, persona, identity, cancellationToken))));
            }
        }

        var results = await Task.WhenAll(runs);
        var violations = new List<string>();
        foreach (var result in results)
        {
            violations.AddRange(BehaviourChecks.All(result, simulator.Settings.Policy));
            violations.AddRange(OutcomeChecks.Persona(result, simulator.Settings, tolerances));
        }
        foreach (var jobResults in results.GroupBy(r => r.Plan.Job.Key).Select(g => g.ToList()))
        {
            violations.AddRange(OutcomeChecks.Comparisons(jobResults, tolerances));
            violations.AddRange(OutcomeChecks.Fairness(jobResults, tolerances));
        }
        return new MatrixRun(results, violations);
    }
}
