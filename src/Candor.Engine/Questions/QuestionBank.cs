using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Candor.Engine.Questions;

/// <summary>
/// The built-in questions. <see cref="Default"/> loads every embedded <c>Questions/Bank/*.json</c> file,
/// so a new file dropped into that folder joins the bank without code changes.
/// </summary>
public sealed class QuestionBank
{
    private const string ResourcePrefix = "Candor.Engine.Questions.Bank.";
    private const int MinExpectedPoints = 3;

    private static readonly Lazy<QuestionBank> DefaultBank = new(LoadEmbedded, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // A misspelt key ("expected_point") would otherwise load as an empty rubric without complaint.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    private readonly Dictionary<string, BankQuestion> _byId;

    /// <summary>Builds a bank from questions already in memory (tests, or a bank edited elsewhere).</summary>
    /// <exception cref="QuestionBankException">A question is invalid or an id repeats.</exception>
    public QuestionBank(IEnumerable<BankQuestion> questions)
    {
        ArgumentNullException.ThrowIfNull(questions);
        var list = questions.ToArray();
        _byId = new Dictionary<string, BankQuestion>(list.Length, StringComparer.Ordinal);
        foreach (var question in list)
        {
            Validate(question);
            if (!_byId.TryAdd(question.Id, question))
            {
                throw new QuestionBankException($"Question id '{question.Id}' is used more than once.");
            }
        }

        Questions = list;
    }

    /// <summary>The bank built from the embedded JSON files, loaded once on first use.</summary>
    public static QuestionBank Default => DefaultBank.Value;

    /// <summary>All questions, in file order (files sorted by name).</summary>
    public IReadOnlyList<BankQuestion> Questions { get; }

    public BankQuestion? Find(string id) => _byId.GetValueOrDefault(id);

    /// <summary>Parses one bank file. <paramref name="source"/> names the file in error messages.</summary>
    /// <exception cref="QuestionBankException">The JSON is malformed or an entry is invalid.</exception>
    public static IReadOnlyList<BankQuestion> Parse(string json, string source)
    {
        BankFile? file;
        try
        {
            file = JsonSerializer.Deserialize<BankFile>(json, JsonOptions);
        }
        catch (JsonException ex)
        {
            throw new QuestionBankException($"{source}: not a valid question bank file: {ex.Message}", ex);
        }

        if (file?.Questions is null)
        {
            throw new QuestionBankException($"{source}: expected an object with a \"questions\" array.");
        }

        return file.Questions.Select((entry, index) => ToQuestion(entry, $"{source} entry #{index} ('{entry.Id}')")).ToArray();
    }

    private static QuestionBank LoadEmbedded()
    {
        var assembly = typeof(QuestionBank).Assembly;
        // Sorted so the bank's order, and anything derived from it, never depends on manifest order.
        var resources = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal)
                && name.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);

        var questions = new List<BankQuestion>();
        foreach (var resource in resources)
        {
            questions.AddRange(Parse(ReadResource(assembly, resource), resource));
        }

        return new QuestionBank(questions);
    }

    private static string ReadResource(Assembly assembly, string name)
    {
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new QuestionBankException($"Embedded resource '{name}' could not be opened.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    private static BankQuestion ToQuestion(BankEntry entry, string where)
    {
        var families = new List<RoleFamily>();
        foreach (var name in entry.Families ?? [])
        {
            if (!QuestionWireNames.TryParseFamily(name, out var family))
            {
                throw new QuestionBankException($"{where}: unknown family '{name}'.");
            }

            families.Add(family);
        }

        if (!QuestionWireNames.TryParseKind(entry.Kind, out var kind))
        {
            throw new QuestionBankException($"{where}: unknown kind '{entry.Kind}' (technical, behavioural, situational, scenario).");
        }

        if (!QuestionWireNames.TryParseDifficulty(entry.Difficulty, out var difficulty))
        {
            throw new QuestionBankException($"{where}: unknown difficulty '{entry.Difficulty}' (easy, medium, hard).");
        }

        var question = new BankQuestion(
            Id: entry.Id ?? string.Empty,
            Text: entry.Text ?? string.Empty,
            Families: families,
            Competency: entry.Competency ?? string.Empty,
            Kind: kind,
            Difficulty: difficulty,
            Skills: entry.Skills ?? [],
            ExpectedPoints: entry.ExpectedPoints ?? [],
            FollowUpGuide: entry.FollowUpGuide ?? string.Empty,
            ScenarioType: string.IsNullOrWhiteSpace(entry.ScenarioType) ? null : entry.ScenarioType);

        try
        {
            Validate(question);
        }
        catch (QuestionBankException ex)
        {
            throw new QuestionBankException($"{where}: {ex.Message}", ex);
        }

        return question;
    }

    private static void Validate(BankQuestion question)
    {
        ArgumentNullException.ThrowIfNull(question);
        if (string.IsNullOrWhiteSpace(question.Id))
        {
            throw new QuestionBankException("Question has no id.");
        }

        var name = $"'{question.Id}'";

        if (string.IsNullOrWhiteSpace(question.Text))
        {
            throw new QuestionBankException($"Question {name} has no text.");
        }

        if (string.IsNullOrWhiteSpace(question.Competency))
        {
            throw new QuestionBankException($"Question {name} has no competency.");
        }

        if (question.ExpectedPoints.Count(point => !string.IsNullOrWhiteSpace(point)) < MinExpectedPoints)
        {
            throw new QuestionBankException($"Question {name} needs at least {MinExpectedPoints} non-empty expected points.");
        }

        if (!Enum.IsDefined(question.Kind) || !Enum.IsDefined(question.Difficulty) || !question.Families.All(Enum.IsDefined))
        {
            throw new QuestionBankException($"Question {name} has an undefined kind, difficulty or family value.");
        }
    }

    // Wire shape of a bank file; everything nullable so missing fields are reported by Validate, not as nulls later.
    private sealed record BankFile(List<BankEntry>? Questions);

    private sealed record BankEntry(
        string? Id,
        string? Text,
        List<string>? Families,
        string? Competency,
        string? Kind,
        string? Difficulty,
        List<string>? Skills,
        List<string>? ExpectedPoints,
        string? FollowUpGuide,
        string? ScenarioType);
}

/// <summary>The question bank data is invalid; the message names the file and entry.</summary>
public sealed class QuestionBankException : Exception
{
    public QuestionBankException()
    {
    }

    public QuestionBankException(string message)
        : base(message)
    {
    }

    public QuestionBankException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
