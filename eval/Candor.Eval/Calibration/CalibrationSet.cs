using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Candor.Eval.Calibration;

/// <summary>What kind of candidate a persona plays. Labels come from the answers, not from this; it names the roles the metrics compare.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Archetype>))]
public enum Archetype
{
    [JsonStringEnumMemberName("expert")] Expert,
    [JsonStringEnumMemberName("plain_expert")] PlainExpert,
    [JsonStringEnumMemberName("solid")] Solid,
    [JsonStringEnumMemberName("average")] Average,
    [JsonStringEnumMemberName("weak")] Weak,
    [JsonStringEnumMemberName("keyword_stuffer")] KeywordStuffer,
    [JsonStringEnumMemberName("rambler")] Rambler,
    [JsonStringEnumMemberName("evasive")] Evasive,
    [JsonStringEnumMemberName("injection")] Injection,
    [JsonStringEnumMemberName("silent")] Silent,
}

/// <summary>A question the planner asks for the job, as the set was written against it.</summary>
/// <param name="Key">The bank id (<c>bank_id</c> in the job's API response).</param>
public sealed record PlannedQuestion(string Key, string Text);

/// <summary>The answer to one question and the replies to its follow-ups, in the order they are asked.</summary>
public sealed record ScriptedAnswer(string Answer, IReadOnlyList<string>? FollowUps = null);

/// <summary>
/// One graded candidate. Written personas carry an answer to every planned question; an injection persona
/// is its clean <see cref="Base"/> with <see cref="Injections"/> wrapped around some answers; a silent one says nothing.
/// </summary>
/// <param name="Label">The hiring panel's grade, 1 (no evidence of the skills) to 5 (excellent).</param>
/// <param name="Swap">Also run under every <see cref="CandidateIdentity.Swaps"/> identity; scores must not move.</param>
/// <param name="Retest">Also run a second time; the same interview must score the same.</param>
/// <param name="Injections">Question key → template with <c>{answer}</c> where the clean answer goes.</param>
/// <param name="FollowUpFallback">Replies for follow-ups beyond the scripted ones, used in turn.</param>
/// <param name="Note">Why the label: what a panel would say about these answers.</param>
public sealed record CalibrationPersona(
    string Id,
    Archetype Archetype,
    int Label,
    string Note,
    string? Base = null,
    bool Swap = false,
    bool Retest = false,
    string? Intro = null,
    IReadOnlyDictionary<string, ScriptedAnswer>? Answers = null,
    IReadOnlyDictionary<string, string>? Injections = null,
    IReadOnlyList<string>? FollowUpFallback = null);

/// <summary>One job of the calibration set: the posting as a recruiter would write it, the questions the planner asks, and the personas.</summary>
public sealed record CalibrationJob(
    string Id,
    string Title,
    string Description,
    string? Industry,
    int? QuestionCount,
    IReadOnlyList<PlannedQuestion> Questions,
    IReadOnlyList<CalibrationPersona> Personas)
{
    public PlannedQuestion? QuestionByKey(string key) => Questions.FirstOrDefault(q => q.Key == key);

    public CalibrationPersona Persona(string id) => Personas.First(p => p.Id == id);
}

/// <summary>The labelled calibration set: every <c>*.json</c> file of a folder, one job per file.</summary>
public sealed record CalibrationSet(IReadOnlyList<CalibrationJob> Jobs, string Fingerprint)
{
    public const int MinPersonasPerJob = 8;

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // A misspelt field ("follow_up" for "follow_ups") would otherwise silently drop the replies.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        RespectRequiredConstructorParameters = true,
        RespectNullableAnnotations = true,
    };

    /// <summary>Loads and validates every job file; throws <see cref="CalibrationSetException"/> listing every problem.</summary>
    public static CalibrationSet Load(string directory)
    {
        if (!Directory.Exists(directory))
        {
            throw new CalibrationSetException($"The calibration folder {directory} does not exist.");
        }

        var files = Directory.GetFiles(directory, "*.json").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0)
        {
            throw new CalibrationSetException($"The calibration folder {directory} holds no *.json job files.");
        }

        var jobs = new List<CalibrationJob>();
        var problems = new List<string>();
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        foreach (var file in files)
        {
            var text = File.ReadAllText(file);
            hash.AppendData(Encoding.UTF8.GetBytes(Path.GetFileName(file) + "\n" + text.ReplaceLineEndings("\n")));
            try
            {
                var job = JsonSerializer.Deserialize<CalibrationJob>(text, JsonOptions)
                    ?? throw new JsonException("the file is empty");
                problems.AddRange(Validate(job).Select(p => $"{Path.GetFileName(file)}: {p}"));
                jobs.Add(job);
            }
            catch (JsonException e)
            {
                problems.Add($"{Path.GetFileName(file)}: {e.Message}");
            }
        }

        foreach (var duplicate in jobs.GroupBy(j => j.Id).Where(g => g.Count() > 1))
        {
            problems.Add($"job id '{duplicate.Key}' is used by {duplicate.Count()} files");
        }
        if (problems.Count > 0)
        {
            throw new CalibrationSetException($"The calibration set in {directory} is invalid:\n  - " + string.Join("\n  - ", problems));
        }

        return new CalibrationSet(jobs, Convert.ToHexStringLower(hash.GetHashAndReset())[..16]);
    }

    /// <summary>Everything wrong with one job, as sentences; empty when it is usable.</summary>
    public static IReadOnlyList<string> Validate(CalibrationJob job)
    {
        var problems = new List<string>();
        if (job.Questions.Count == 0)
        {
            problems.Add("no planned questions");
        }
        foreach (var duplicate in job.Questions.GroupBy(q => q.Key).Where(g => g.Count() > 1))
        {
            problems.Add($"question '{duplicate.Key}' is listed twice");
        }
        if (job.Personas.Count < MinPersonasPerJob)
        {
            problems.Add($"{job.Personas.Count} personas; at least {MinPersonasPerJob} are needed");
        }
        foreach (var duplicate in job.Personas.GroupBy(p => p.Id).Where(g => g.Count() > 1))
        {
            problems.Add($"persona id '{duplicate.Key}' is used twice");
        }
        foreach (var needed in new[] { Archetype.PlainExpert, Archetype.KeywordStuffer, Archetype.Injection })
        {
            if (job.Personas.All(p => p.Archetype != needed))
            {
                problems.Add($"no {JsonSerializer.Serialize(needed).Trim('"')} persona (the metrics compare against it)");
            }
        }

        var keys = job.Questions.Select(q => q.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var persona in job.Personas)
        {
            problems.AddRange(ValidatePersona(job, persona, keys).Select(p => $"persona '{persona.Id}': {p}"));
        }
        return problems;
    }

    private static IEnumerable<string> ValidatePersona(CalibrationJob job, CalibrationPersona persona, HashSet<string> keys)
    {
        if (persona.Label is < 1 or > 5)
        {
            yield return $"label {persona.Label} is outside 1–5";
        }
        if (string.IsNullOrWhiteSpace(persona.Note))
        {
            yield return "no note saying why the label";
        }

        switch (persona.Archetype)
        {
            case Archetype.Silent:
                if (persona.Answers is { Count: > 0 } || persona.Base is not null || persona.Injections is not null)
                {
                    yield return "a silent persona says nothing: no answers, base or injections";
                }
                break;
            case Archetype.Injection:
                var clean = job.Personas.FirstOrDefault(p => p.Id == persona.Base);
                if (clean is null || clean.Archetype is Archetype.Injection or Archetype.Silent)
                {
                    yield return $"base '{persona.Base}' must name a written persona of this job";
                }
                else if (clean.Label != persona.Label)
                {
                    yield return $"label {persona.Label} differs from its clean base's label {clean.Label} (an injection must not change the grade)";
                }
                if (persona.Answers is { Count: > 0 })
                {
                    yield return "an injection persona takes its answers from its base";
                }
                if (persona.Injections is not { Count: > 0 })
                {
                    yield return "no injections";
                }
                foreach (var (key, template) in persona.Injections ?? new Dictionary<string, string>())
                {
                    if (!keys.Contains(key))
                    {
                        yield return $"injection for unknown question '{key}'";
                    }
                    if (!template.Contains(PersonaScript.AnswerSlot, StringComparison.Ordinal))
                    {
                        yield return $"injection for '{key}' has no {PersonaScript.AnswerSlot} slot for the clean answer";
                    }
                }
                break;
            default:
                if (persona.Base is not null || persona.Injections is not null)
                {
                    yield return "only an injection persona has a base or injections";
                }
                foreach (var key in keys.Where(k => persona.Answers?.ContainsKey(k) != true || string.IsNullOrWhiteSpace(persona.Answers[k].Answer)))
                {
                    yield return $"no answer to planned question '{key}'";
                }
                foreach (var key in (persona.Answers?.Keys ?? []).Where(k => !keys.Contains(k)))
                {
                    yield return $"answer to '{key}', which the planner does not ask";
                }
                break;
        }

        foreach (var text in AllTexts(persona))
        {
            foreach (var unknown in CandidateIdentity.UnknownPlaceholders(text))
            {
                yield return $"unknown placeholder {unknown} (known: {string.Join(", ", CandidateIdentity.Placeholders)}, and {PersonaScript.AnswerSlot} in injections)";
            }
        }
    }

    private static IEnumerable<string> AllTexts(CalibrationPersona persona)
    {
        if (persona.Intro is not null)
        {
            yield return persona.Intro;
        }
        foreach (var answer in persona.Answers?.Values ?? [])
        {
            yield return answer.Answer;
            foreach (var reply in answer.FollowUps ?? [])
            {
                yield return reply;
            }
        }
        foreach (var reply in persona.FollowUpFallback ?? [])
        {
            yield return reply;
        }
        foreach (var template in persona.Injections?.Values ?? [])
        {
            yield return template.Replace(PersonaScript.AnswerSlot, "", StringComparison.Ordinal);
        }
    }
}

public sealed class CalibrationSetException(string message) : Exception(message);
