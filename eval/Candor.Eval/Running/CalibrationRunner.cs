using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Candor.Engine.Questions;
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

/// <summary>A job as the app holds it for this run.</summary>
/// <param name="QuestionWriter">Who drafted the questions ("offline", or the LLM provider, whose draft is replaced by the calibrated questions).</param>
/// <param name="RubricFingerprint">SHA-256 prefix of the rubrics the answers were scored against.</param>
public sealed record JobSetup(CalibrationJob Job, string ApiJobId, string QuestionWriter, string RubricFingerprint);

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

/// <summary>The job's questions are no longer the ones the set was written for: the answers would answer other questions.</summary>
public sealed class PlanDriftException(string message) : Exception(message);

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
            setups.Add(await SetUpJobAsync(job, cancellationToken));
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

    /// <summary>Creates the job through POST /api/v1/jobs and checks (or, after an LLM draft, restores) the calibrated questions.</summary>
    public async Task<JobSetup> SetUpJobAsync(CalibrationJob job, CancellationToken cancellationToken = default)
    {
        var created = await client.CreateJobAsync(new
        {
            title = job.Title,
            description = job.Description,
            industry = job.Industry,
            question_count = job.QuestionCount,
        }, cancellationToken);
        var jobId = Text(created, "id");
        var writer = created["provenance"]?["provider"]?.GetValue<string>() ?? "unknown";
        var questions = created["questions"]!.AsArray();
        if (writer == "offline")
        {
            CheckPlan(job, questions);
        }
        else
        {
            // An LLM writes other questions; the answers were written to the planner's, so put those back.
            var replaced = await client.ReplaceQuestionsAsync(jobId, new { questions = job.Questions.Select(BankInput).ToList() }, cancellationToken);
            questions = replaced["questions"]!.AsArray();
        }
        return new JobSetup(job, jobId, writer, RubricFingerprint(questions));
    }

    /// <summary>The planner's questions for the job, as the API returned them, next to the set's: empty when they match.</summary>
    public static IReadOnlyList<string> PlanDifferences(CalibrationJob job, JsonArray questions)
    {
        var asked = questions.Select(q => (Key: q!["bank_id"]?.GetValue<string>() ?? "(custom)", Text: Text(q!, "text"))).ToList();
        var differences = new List<string>();
        differences.AddRange(asked.Where(a => !job.Questions.Any(q => q.Key == a.Key && q.Text == a.Text))
            .Select(a => $"asked but not in the set: [{a.Key}] {a.Text}"));
        differences.AddRange(job.Questions.Where(q => !asked.Any(a => a.Key == q.Key && a.Text == q.Text))
            .Select(q => $"in the set but no longer asked: [{q.Key}] {q.Text}"));
        return differences;
    }

    private static void CheckPlan(CalibrationJob job, JsonArray questions)
    {
        if (PlanDifferences(job, questions) is { Count: > 0 } differences)
        {
            throw new PlanDriftException(
                $"The planner no longer asks the questions calibration job '{job.Id}' was written for; re-label the set for the new questions "
                + "(./candor eval --show-plan prints them):\n  - " + string.Join("\n  - ", differences));
        }
    }

    private static object BankInput(PlannedQuestion planned)
    {
        var bank = QuestionBank.Default.Find(planned.Key)
            ?? throw new PlanDriftException($"Calibrated question '{planned.Key}' is not in the question bank any more.");
        return new
        {
            text = bank.Text,
            competency = bank.Competency,
            kind = WireName(bank.Kind),
            difficulty = WireName(bank.Difficulty),
            rubric = new { expected_points = bank.ExpectedPoints, follow_up_guide = bank.FollowUpGuide },
        };
    }

    private static string WireName<T>(T value)
        where T : struct, Enum => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(value.ToString());

    private static string RubricFingerprint(JsonArray questions)
    {
        var canonical = new StringBuilder();
        foreach (var question in questions.Select(q => q!).OrderBy(q => Text(q, "text"), StringComparer.Ordinal))
        {
            canonical.Append(Text(question, "text")).Append('\n');
            foreach (var point in question["rubric"]?["expected_points"]?.AsArray() ?? [])
            {
                canonical.Append("* ").Append(point!.GetValue<string>()).Append('\n');
            }
            canonical.Append("> ").Append(question["rubric"]?["follow_up_guide"]?.GetValue<string>()).Append('\n');
        }
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(canonical.ToString())))[..16];
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
            external_id = $"calibration:{job.Id}:{persona.Id}:{kind.ToString().ToLowerInvariant()}",
        }, cancellationToken);
        var interviewId = Text(scheduled, "interview_id");
        var url = Text(scheduled, "interview_url");
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

            var prompt = Text(turn, "text");
            string answer;
            switch (Text(turn, "kind"))
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
            turn = await client.AnswerAsync(token, Text(turn, "turn_id"), answer, cancellationToken);
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
            if (MatchQuestion(planned.Setup.Job, Text(question!, "text")) is { } planned1)
            {
                scores[planned1.Key] = question!["score"]?.GetValue<int>();
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

    private static string Text(JsonNode node, string field) =>
        node[field]?.GetValue<string>() ?? throw new EvalRunException($"The API response has no '{field}': {node.ToJsonString()}");
}
