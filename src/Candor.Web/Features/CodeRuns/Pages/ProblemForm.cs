using System.Text.RegularExpressions;
using Candor.Engine.Technical;
using Candor.Web.Infrastructure;

namespace Candor.Web.Features.CodeRuns.Pages;

/// <summary>
/// The "Add a problem" form. It only reshapes what was typed into a <see cref="CreateProblemRequest"/> (blank case slots
/// and languages left out, CRLF from text areas made LF); every rule is <see cref="ProblemCreator"/>'s, the API's, and
/// <see cref="ErrorsFor"/> maps its snake_case field names back to the inputs they are about.
/// </summary>
public sealed partial class ProblemForm
{
    public const int ExampleSlots = 3;
    public const int HiddenTestSlots = 5;

    public string? Title { get; set; }
    public string? Id { get; set; }
    public string? Difficulty { get; set; }
    /// <summary>Comma-separated.</summary>
    public string? Topics { get; set; }
    public string? Statement { get; set; }
    /// <summary>Keyed by wire name (python, csharp, …); a blank one means the language is not offered.</summary>
    public Dictionary<string, string?> StarterCode { get; set; } = new(StringComparer.Ordinal);
    public List<CaseSlot> Examples { get; set; } = [];
    public List<CaseSlot> HiddenTests { get; set; } = [];
    public List<string?> Hints { get; set; } = [];
    public string? ReferenceComplexity { get; set; }
    public string? SolutionLanguage { get; set; }
    public string? SolutionCode { get; set; }

    public sealed class CaseSlot
    {
        public string? Name { get; set; }
        public string? Input { get; set; }
        public string? Output { get; set; }
        public string? Explanation { get; set; }

        public bool IsBlank => string.IsNullOrEmpty(Name) && string.IsNullOrEmpty(Input) && string.IsNullOrEmpty(Output) && string.IsNullOrEmpty(Explanation);
    }

    public CaseSlot Example(int slot) => slot < Examples.Count ? Examples[slot] : new();

    public CaseSlot HiddenTest(int slot) => slot < HiddenTests.Count ? HiddenTests[slot] : new();

    public string? Hint(int step) => step < Hints.Count ? Hints[step] : null;

    public string? Starter(CodeLanguage language) => StarterCode.GetValueOrDefault(LanguageNames.Of(language));

    // Which slot (0-based) each case sent to the creator came from, so "examples[1]" can point at the slot it was.
    private List<int> exampleSlots = [];
    private List<int> hiddenSlots = [];

    public CreateProblemRequest ToRequest()
    {
        exampleSlots = NonBlank(Examples, ExampleSlots);
        hiddenSlots = NonBlank(HiddenTests, HiddenTestSlots);
        var topics = (Topics ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var starter = StarterCode.Where(s => !string.IsNullOrWhiteSpace(s.Value)).ToDictionary(s => s.Key, s => Lf(s.Value)!, StringComparer.Ordinal);
        var solutions = string.IsNullOrWhiteSpace(SolutionCode) ? null
            : new Dictionary<string, string>(StringComparer.Ordinal) { [SolutionLanguage ?? ""] = Lf(SolutionCode)! };
        return new CreateProblemRequest(
            string.IsNullOrWhiteSpace(Id) ? null : Id.Trim(),
            Title, Difficulty, topics, Lf(Statement), starter,
            exampleSlots.Select(i => Case(Examples[i])).ToList(),
            hiddenSlots.Select(i => Case(HiddenTests[i])).ToList(),
            Enumerable.Range(0, Math.Max(Hints.Count, 3)).Select(i => Lf(Hint(i)) ?? "").ToList(),
            ReferenceComplexity, solutions);
    }

    /// <summary>The creator's errors keyed by the id of the input (or fieldset) each is about, worded for people.</summary>
    public Dictionary<string, string> ErrorsFor(FieldErrors errors)
    {
        var byInput = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var field in errors.Fields)
        {
            byInput.TryAdd(InputIdOf(field), errors.FirstFor(field)!);
        }
        return byInput;
    }

    /// <summary>The input an API field name is about: "examples[0].input" → "example-1-input" (of the slot it came from).</summary>
    public string InputIdOf(string field)
    {
        switch (field)
        {
            case "title" or "difficulty" or "topics" or "statement" or "hints":
                return field;
            case "id":
                return "problem-id";
            case "reference_complexity":
                return "complexity";
            case "starter_code":
                return "starter-code";
            case "examples":
                return "examples";
            case "hidden_tests":
                return "hidden-tests";
        }
        if (field.StartsWith("reference_solutions", StringComparison.Ordinal))
        {
            return "solution-code";
        }
        if (field.StartsWith("starter_code.", StringComparison.Ordinal))
        {
            return $"starter-{field["starter_code.".Length..]}";
        }
        if (CaseField().Match(field) is { Success: true } match)
        {
            var examples = match.Groups["list"].Value == "examples";
            var slots = examples ? exampleSlots : hiddenSlots;
            var index = int.Parse(match.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
            var slot = (index < slots.Count ? slots[index] : index) + 1;
            var prefix = examples ? $"example-{slot}" : $"hidden-{slot}";
            return match.Groups["part"].Success ? $"{prefix}-{match.Groups["part"].Value}" : prefix;
        }
        return "form";
    }

    /// <summary>What the error summary links to: a fieldset's error goes to the fieldset's first input.</summary>
    public static string FocusTargetOf(string inputId) => inputId switch
    {
        "starter-code" => "starter-python",
        "examples" => "example-1-input",
        "hidden-tests" => "hidden-1-input",
        "hints" => "hint-1",
        _ when SlotId().IsMatch(inputId) => inputId + "-input",
        _ => inputId,
    };

    /// <summary>How the error summary names an input.</summary>
    public static string LabelOf(string inputId) => inputId switch
    {
        "title" => "Title",
        "problem-id" => "Id",
        "difficulty" => "Difficulty",
        "topics" => "Topics",
        "statement" => "Statement",
        "complexity" => "Reference complexity",
        "starter-code" => "Starter code",
        "examples" => "Examples",
        "hidden-tests" => "Hidden tests",
        "hints" => "Hint ladder",
        "solution-code" => "Reference solution",
        _ when inputId.StartsWith("starter-", StringComparison.Ordinal) => $"{ProblemLabels.OfLanguage(inputId["starter-".Length..])} starter code",
        _ when SlotPart().Match(inputId) is { Success: true } m =>
            $"{(m.Groups["list"].Value == "example" ? "Example" : "Hidden test")} {m.Groups["slot"].Value}{(m.Groups["part"].Success ? " " + m.Groups["part"].Value : "")}",
        _ => "The problem",
    };

    private static List<int> NonBlank(List<CaseSlot> slots, int max) =>
        Enumerable.Range(0, Math.Min(slots.Count, max)).Where(i => !slots[i].IsBlank).ToList();

    private static ProblemCaseRequest Case(CaseSlot slot) =>
        new(slot.Name, Lf(slot.Input) ?? "", Lf(slot.Output) ?? "", string.IsNullOrWhiteSpace(slot.Explanation) ? null : slot.Explanation);

    /// <summary>Browsers post a text area's line breaks as CRLF; programs read and print LF.</summary>
    private static string? Lf(string? text) => text?.Replace("\r\n", "\n", StringComparison.Ordinal);

    [GeneratedRegex(@"^(?<list>examples|hidden_tests)\[(?<index>\d+)\](\.(?<part>name|input|output|explanation))?$")]
    private static partial Regex CaseField();

    [GeneratedRegex(@"^(example|hidden)-\d+$")]
    private static partial Regex SlotId();

    [GeneratedRegex(@"^(?<list>example|hidden)-(?<slot>\d+)(-(?<part>name|input|output|explanation))?$")]
    private static partial Regex SlotPart();
}
