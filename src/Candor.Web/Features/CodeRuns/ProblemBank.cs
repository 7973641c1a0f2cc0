using System.Text.Json;
using System.Text.Json.Serialization;
using Candor.Engine.Technical;

namespace Candor.Web.Features.CodeRuns;

/// <summary>
/// The built-in problems: one JSON file per problem under Features/CodeRuns/Problems (embedded). A program
/// problem gives a function signature, and the starter code of every language is generated around it; a SQL
/// problem gives setup scripts and expected rows. Tests give arguments (one JSON value each) and the expected
/// return value; reference solutions give the function only and are never sent to a candidate.
/// </summary>
public static class ProblemBank
{
    private static readonly Lazy<IReadOnlyList<Problem>> Loaded = new(Load);

    public static IReadOnlyList<Problem> All => Loaded.Value;

    public static Problem? Find(string id) => All.FirstOrDefault(p => p.Id == id);

    private static List<Problem> Load()
    {
        var assembly = typeof(ProblemBank).Assembly;
        var problems = new List<Problem>();
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.Contains(".Features.CodeRuns.Problems.", StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal)).Order(StringComparer.Ordinal))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            var file = JsonSerializer.Deserialize<ProblemFile>(stream, ProblemFile.Json)
                ?? throw new InvalidOperationException($"Empty problem file {name}");
            problems.Add(file.ToProblem());
        }
        return problems;
    }
}

/// <summary>A problem file of the bank (the JSON shape).</summary>
public sealed record ProblemFile(
    string Id,
    string Title,
    string Difficulty,
    IReadOnlyList<string> Topics,
    string Statement,
    string? Function,
    IReadOnlyList<IReadOnlyList<string>>? Params,
    string? Returns,
    string? SqlStarter,
    IReadOnlyList<ProblemFileCase> Examples,
    IReadOnlyList<ProblemFileCase> Tests,
    IReadOnlyList<string> Hints,
    string Complexity,
    IReadOnlyDictionary<string, string> Solutions)
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public ProblemSignature? Signature => Function is null ? null
        : new ProblemSignature(Function, (Params ?? []).Select(p => new ProblemParameter(p[0], p[1])).ToList(), Returns ?? "int");

    public Problem ToProblem()
    {
        var difficulty = Enum.Parse<ProblemDifficulty>(Difficulty, ignoreCase: true);
        if (Signature is { } signature)
        {
            return new Problem(Id, Title, difficulty, Topics, Statement,
                Examples.Select((e, i) => new ProblemExample(e.Name ?? $"Example {i + 1}", Stdin(e), Expected(e), e.Explanation)).ToList(),
                Tests.Select((t, i) => new ProblemTest(t.Name ?? $"Hidden test {i + 1}", Stdin(t), Expected(t))).ToList(),
                ProblemTemplates.ProgramLanguages.ToDictionary(l => l, l => ProblemTemplates.Starter(signature, l)),
                Hints, Complexity,
                Solutions.ToDictionary(s => LanguageNames.Parse(s.Key), s => ProblemTemplates.Program(signature, LanguageNames.Parse(s.Key), s.Value)));
        }
        return new Problem(Id, Title, difficulty, Topics, Statement,
            Examples.Select((e, i) => new ProblemExample(e.Name ?? $"Example {i + 1}", e.Setup ?? "", e.Rows ?? "", e.Explanation)).ToList(),
            Tests.Select((t, i) => new ProblemTest(t.Name ?? $"Hidden test {i + 1}", t.Setup ?? "", t.Rows ?? "")).ToList(),
            new Dictionary<CodeLanguage, string> { [CodeLanguage.Sql] = SqlStarter ?? "-- Write your query here.\nSELECT 1;\n" },
            Hints, Complexity,
            Solutions.ToDictionary(s => LanguageNames.Parse(s.Key), s => s.Value));
    }

    private static string Stdin(ProblemFileCase test) => ProblemTemplates.StdinFor(test.Input ?? []);

    private static string Expected(ProblemFileCase test) => test.Output is { } output ? JsonSerializer.Serialize(output) : "null";
}

/// <summary>A case of a problem file: arguments and return value (programs) or setup and rows (SQL).</summary>
public sealed record ProblemFileCase(
    string? Name,
    IReadOnlyList<JsonElement>? Input,
    JsonElement? Output,
    string? Setup,
    string? Rows,
    string? Explanation);

/// <summary>The wire names of languages and difficulties.</summary>
public static class LanguageNames
{
    /// <summary>The language as a person writes it: "Python", "C#", "SQL".</summary>
    public static string Display(CodeLanguage language) => language switch
    {
        CodeLanguage.Python => "Python",
        CodeLanguage.JavaScript => "JavaScript",
        CodeLanguage.TypeScript => "TypeScript",
        CodeLanguage.CSharp => "C#",
        CodeLanguage.Sql => "SQL",
        _ => language.ToString(),
    };

    public static string Of(CodeLanguage language) => language switch
    {
        CodeLanguage.Python => "python",
        CodeLanguage.JavaScript => "javascript",
        CodeLanguage.TypeScript => "typescript",
        CodeLanguage.CSharp => "csharp",
        CodeLanguage.Sql => "sql",
        _ => throw new ArgumentOutOfRangeException(nameof(language)),
    };

    public static CodeLanguage Parse(string name) => TryParse(name) ?? throw new ArgumentException($"Unknown language {name}", nameof(name));

    public static CodeLanguage? TryParse(string? name) => name?.ToLowerInvariant() switch
    {
        "python" => CodeLanguage.Python,
        "javascript" => CodeLanguage.JavaScript,
        "typescript" => CodeLanguage.TypeScript,
        "csharp" => CodeLanguage.CSharp,
        "sql" => CodeLanguage.Sql,
        _ => null,
    };

    public static string Of(ProblemDifficulty difficulty) => difficulty.ToString().ToLowerInvariant();

    public static ProblemDifficulty? TryParseDifficulty(string? name) => name?.ToLowerInvariant() switch
    {
        "easy" => ProblemDifficulty.Easy,
        "medium" => ProblemDifficulty.Medium,
        "hard" => ProblemDifficulty.Hard,
        _ => null,
    };
}
