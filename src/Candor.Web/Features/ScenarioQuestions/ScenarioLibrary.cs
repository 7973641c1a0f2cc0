using System.Text.Json;
using System.Text.Json.Serialization;
using Candor.Engine.Questions;
using Candor.Web.Data;

namespace Candor.Web.Features.ScenarioQuestions;

/// <summary>
/// The system scenario questions shipped with Candor: one JSON file per scenario type under
/// Features/ScenarioQuestions/Library (embedded). Every organisation sees them; nobody can change them. A file that
/// breaks the rules a custom question must follow fails the start-up, not a request.
/// </summary>
public static class ScenarioLibrary
{
    private static readonly Lazy<IReadOnlyList<ScenarioQuestion>> Loaded = new(Load);

    public static IReadOnlyList<ScenarioQuestion> All => Loaded.Value;

    public static ScenarioQuestion? Find(string id) => All.FirstOrDefault(q => string.Equals(q.Id, id, StringComparison.Ordinal));

    private static readonly JsonSerializerOptions Json = CandorJson.Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    });

    private static List<ScenarioQuestion> Load()
    {
        var assembly = typeof(ScenarioLibrary).Assembly;
        var questions = new List<ScenarioQuestion>();
        foreach (var name in assembly.GetManifestResourceNames()
            .Where(n => n.Contains(".Features.ScenarioQuestions.Library.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var entries = JsonSerializer.Deserialize<List<LibraryEntry>>(stream, Json) ?? throw new InvalidOperationException($"Empty scenario file {name}");
            questions.AddRange(entries.Select(e => e.ToQuestion(name)));
        }
        var duplicate = questions.GroupBy(q => q.Id, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new InvalidOperationException($"Scenario id '{duplicate.Key}' is used twice in the library.");
        }
        return questions;
    }

    /// <summary>One entry of a library file (the JSON shape); checked against the custom questions' rules.</summary>
    private sealed record LibraryEntry(
        string Id,
        string Title,
        ScenarioType ScenarioType,
        Difficulty Difficulty,
        IReadOnlyList<ScenarioStageType> ApplicableStageTypes,
        string Prompt,
        IReadOnlyList<string> RubricPoints,
        IReadOnlyList<string> FollowUpProbes)
    {
        public ScenarioQuestion ToQuestion(string file)
        {
            var errors = ScenarioQuestionRules.Check(Title, Prompt, RubricPoints, FollowUpProbes);
            if (errors.Any || !ScenarioQuestionRules.IsSystemId(Id) || ApplicableStageTypes.Count == 0 || FollowUpProbes.Count == 0)
            {
                throw new InvalidOperationException($"Scenario '{Id}' in {file} is invalid: {string.Join("; ", errors.Messages.SelectMany(m => m.Value))}");
            }
            return new ScenarioQuestion(Id, ScenarioSource.System, Title, Prompt, ScenarioType, Difficulty,
                ApplicableStageTypes.Distinct().ToList(), RubricPoints, FollowUpProbes, CreatedAt: null);
        }
    }
}
