using System.Text.Json.Nodes;
using Candor.Eval.Calibration;

namespace Candor.Eval.Running;

/// <summary>Why an interview is in the run: the persona's graded interview, a name/pronoun swap of it, or its second run.</summary>
public enum RunKind { Primary, Swap, Retest }

public sealed record RunnerOptions
{
    /// <summary>Interviews in flight at once.</summary>
    public int Parallelism { get; init; } = 4;

    /// <summary>How long to wait for the report after the interview closes (an LLM evaluator needs far longer than the offline one).</summary>
    public TimeSpan ReportTimeout { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>A guard against an interviewer that never closes.</summary>
    public int MaxTurns { get; init; } = 80;

    /// <summary>Only these job ids (all when empty).</summary>
    public IReadOnlySet<string> Jobs { get; init; } = new HashSet<string>();

    /// <summary>Run the swap and retest interviews too (the metrics that need them are empty without).</summary>
    public bool Repeats { get; init; } = true;
}

/// <summary>One finished interview and what the report said.</summary>
/// <param name="QuestionScores">Per planned question key: the question's final score (null when not answered).</param>
/// <param name="Evaluators">Distinct "provider/model/prompt_version" of the answer evaluations.</param>
public sealed record InterviewOutcome(
    string JobId,
    string PersonaId,
    Archetype Archetype,
    int Label,
    RunKind Kind,
    string Candidate,
    int Overall,
    string Recommendation,
    IReadOnlyList<string> RedFlags,
    int QuestionsAnswered,
    int FollowUps,
    IReadOnlyDictionary<string, int?> QuestionScores,
    IReadOnlyList<string> Evaluators);

public sealed record EvalRun(CalibrationSet Set, IReadOnlyList<JobSetup> Jobs, IReadOnlyList<InterviewOutcome> Interviews);

/// <summary>
/// Runs the calibration set through whole interviews over the public API: creates each job (the planner drafts its
/// questions, as for any recruiter), schedules one interview per persona (plus name/pronoun swaps and retests),
/// answers every question and follow-up from the persona's script, and reads the report from the results API.
/// </summary>
public sealed class CalibrationRunner(CandorApiClient client, RunnerOptions options, TextWriter? log = null)
{
    public async Task<EvalRun> RunAsync(CalibrationSet set, CancellationToken cancellationToken = default)
    {
        var jobs = set.Jobs.Where(j => options.Jobs.Count == 0 || options.Jobs.Contains(j.Id)).ToList();
        if (jobs.Count == 0)
        {
            throw new EvalRunException($"No calibration job matches {string.Join(", ", options.Jobs)} (jobs: {string.Join(", ", set.Jobs.Select(j => j.Id))}).");
        }

        var setups = new List<JobSetup>();
        foreach (var job in jobs)
        {
            setups.Add(await CalibrationJobs.SetUpAsync(client, job, cancellationToken));
        }

        var planned = setups.SelectMany(Interviews).ToList();
        log?.WriteLine($"Running {planned.Count} interviews for {setups.Count} jobs ({options.Parallelism} at a time)…");
        var outcomes = new InterviewOutcome[planned.Count];
        var done = 0;
        await Parallel.ForEachAsync(Enumerable.Range(0, planned.Count),
            new ParallelOptions { MaxDegreeOfParallelism = options.Parallelism, CancellationToken = cancellationToken },
            async (index, token) =>
            {
                outcomes[index] = await RunInterviewAsync(planned[index], token);
                var finished = Interlocked.Increment(ref done);
                if (finished % 20 == 0 || finished == planned.Count)
                {
                    log?.WriteLine($"  {finished}/{planned.Count} interviews scored");
                }
            });
        return new EvalRun(set, setups, outcomes);
    }

    private sealed record PlannedInterview(JobSetup Setup, CalibrationPersona Persona, CandidateIdentity Identity, RunKind Kind);

    private IEnumerable<PlannedInterview> Interviews(JobSetup setup)
    {
        foreach (var persona in setup.Job.Personas)
        {
            yield return new PlannedInterview(setup, persona, CandidateIdentity.Default, RunKind.Primary);
            if (!options.Repeats)
            {
                continue;
            }
            if (persona.Swap)
            {
                foreach (var identity in CandidateIdentity.Swaps)
                {
                    yield return new PlannedInterview(setup, persona, identity, RunKind.Swap);
                }
            }
            if (persona.Retest)
            {
                yield return new PlannedInterview(setup, persona, CandidateIdentity.Default, RunKind.Retest);
            }
        }
    }

    private async Task<InterviewOutcome> RunInterviewAsync(PlannedInterview planned, CancellationToken cancellationToken)
    {
        var (setup, persona, identity, kind) = planned;
        var job = setup.Job;
        var script = new PersonaScript(job, persona);
        var scheduled = await client.ScheduleAsync(new
        {
            job_id = setup.ApiJobId,
            candidate = new { name = identity.Name, email = identity.Email },
            // A retest interviews the same candidate for the same job again on purpose.
            retake = true,
            external_id = $"calibration:{job.Id}:{persona.Id}:{kind.ToString().ToLowerInvariant()}",
        }, cancellationToken);
        var interviewId = ApiFields.Text(scheduled, "interview_id");
        var url = ApiFields.Text(scheduled, "interview_url");
        var token = url[(url.LastIndexOf('/') + 1)..];

        var turn = await client.StartAsync(token, cancellationToken);
        string? questionKey = null;
        var followUps = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var turns = 1; !turn["done"]!.GetValue<bool>(); turns++)
        {
            if (turns > options.MaxTurns)
            {
                throw new EvalRunException($"{Label(planned)}: the interview was still going after {options.MaxTurns} turns.");
            }

            var prompt = ApiFields.Text(turn, "text");
            string answer;
            switch (ApiFields.Text(turn, "kind"))
            {
                case "intro":
                    answer = script.Answer(CueKind.Intro, null, 0, identity);
                    break;
                case "question":
                    questionKey = MatchQuestion(job, prompt)?.Key
                        ?? throw new PlanDriftException($"{Label(planned)}: the interviewer asked a question the set has no answer for: \"{prompt}\"");
                    answer = script.Answer(CueKind.Question, questionKey, 0, identity);
                    break;
                case "follow_up" when questionKey is not null:
                    var index = followUps.GetValueOrDefault(questionKey);
                    followUps[questionKey] = index + 1;
                    answer = script.Answer(CueKind.FollowUp, questionKey, index, identity);
                    break;
                case var other:
                    throw new EvalRunException($"{Label(planned)}: unexpected turn kind '{other}' (after question {questionKey ?? "none"}).");
            }
            turn = await client.AnswerAsync(token, ApiFields.Text(turn, "turn_id"), answer, cancellationToken);
        }

        var results = await WaitForReportAsync(interviewId, planned, cancellationToken);
        return Outcome(planned, results);
    }

    /// <summary>The planned question whose text the turn asks (the interviewer puts a short lead before it, word for word).</summary>
    public static PlannedQuestion? MatchQuestion(CalibrationJob job, string prompt) =>
        job.Questions.Where(q => prompt.Contains(q.Text, StringComparison.Ordinal)).MaxBy(q => q.Text.Length);

    private async Task<JsonNode> WaitForReportAsync(string interviewId, PlannedInterview planned, CancellationToken cancellationToken)
    {
        var deadline = DateTimeOffset.UtcNow + options.ReportTimeout;
        while (true)
        {
            var results = await client.ResultsAsync(interviewId, cancellationToken);
            if (results["interview"]?["report_status"]?.GetValue<string>() == "ready" && results["report"] is JsonObject)
            {
                return results;
            }
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new EvalRunException($"{Label(planned)}: no report {options.ReportTimeout.TotalSeconds:0} s after the interview closed "
                    + $"(report_status {results["interview"]?["report_status"]}); are the background jobs running?");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(150), cancellationToken);
        }
    }

    private static InterviewOutcome Outcome(PlannedInterview planned, JsonNode results)
    {
        var report = results["report"]!;
        var transcript = results["transcript"]?.AsArray() ?? [];
        var scores = new Dictionary<string, int?>(StringComparer.Ordinal);
        foreach (var question in results["questions"]?.AsArray() ?? [])
        {
            if (MatchQuestion(planned.Setup.Job, ApiFields.Text(question!, "text")) is { } match)
            {
                scores[match.Key] = question!["score"]?.GetValue<int>();
            }
        }
        var evaluators = transcript
            .Select(t => t!["evaluation_provenance"])
            .OfType<JsonObject>()
            .Select(p => $"{p["provider"]}/{p["model"]}/{p["prompt_version"]}")
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
        return new InterviewOutcome(
            planned.Setup.Job.Id,
            planned.Persona.Id,
            planned.Persona.Archetype,
            planned.Persona.Label,
            planned.Kind,
            planned.Identity.Name,
            report["overall"]!.GetValue<int>(),
            report["recommendation"]!.GetValue<string>(),
            [.. (report["red_flags"]?.AsArray() ?? []).Select(f => f!["code"]!.GetValue<string>()).Distinct(StringComparer.Ordinal)],
            report["questions_answered"]?.GetValue<int>() ?? 0,
            transcript.Count(t => t!["kind"]?.GetValue<string>() == "follow_up"),
            scores,
            evaluators);
    }

    private static string Label(PlannedInterview planned) =>
        $"{planned.Setup.Job.Id}/{planned.Persona.Id} ({planned.Kind.ToString().ToLowerInvariant()}, {planned.Identity.Name})";
}
