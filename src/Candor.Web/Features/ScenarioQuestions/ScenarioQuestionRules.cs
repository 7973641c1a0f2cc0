using System.Text.RegularExpressions;
using Candor.Engine.Questions;
using Candor.Web.Data;
using Candor.Web.Infrastructure;

namespace Candor.Web.Features.ScenarioQuestions;

/// <summary>What makes a scenario question well-formed, for a recruiter's request and the shipped library alike.</summary>
public static partial class ScenarioQuestionRules
{
    public const int MaxTitle = 200;
    public const int MaxPrompt = 10_000;
    public const int MaxListItems = 20;
    public const int MaxListItemLength = 1_000;

    private static readonly string ScenarioTypes = string.Join(", ", Enum.GetValues<ScenarioType>().Select(CandorJson.EnumName));
    private static readonly string Difficulties = string.Join(", ", Enum.GetValues<Difficulty>().Select(CandorJson.EnumName));

    /// <summary>The text fields: title, prompt, 1-20 rubric points and at most 20 follow-up probes.</summary>
    public static FieldErrors Check(string? title, string? prompt, IReadOnlyList<string?>? rubricPoints, IReadOnlyList<string?>? followUpProbes, FieldErrors? errors = null)
    {
        errors ??= new FieldErrors();
        errors.RequireText("title", title, MaxTitle);
        errors.RequireText("prompt", prompt, MaxPrompt);
        CheckList(errors, "rubric_points", rubricPoints, required: true);
        CheckList(errors, "follow_up_probes", followUpProbes, required: false);
        return errors;
    }

    public static ScenarioType? ScenarioTypeOf(FieldErrors errors, string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, $"The field '{field}' is required.");
            }
            return null;
        }
        if (CandorJson.TryParseEnum<ScenarioType>(value.Trim(), out var type))
        {
            return type;
        }
        errors.Add(field, $"The field '{field}' must be one of: {ScenarioTypes}.");
        return null;
    }

    public static Difficulty? DifficultyOf(FieldErrors errors, string field, string? value, bool required)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            if (required)
            {
                errors.Add(field, $"The field '{field}' is required.");
            }
            return null;
        }
        if (CandorJson.TryParseEnum<Difficulty>(value.Trim(), out var difficulty))
        {
            return difficulty;
        }
        errors.Add(field, $"The field '{field}' must be one of: {Difficulties}.");
        return null;
    }

    /// <summary>Stage types by name (aliases accepted), deduplicated in the order given; each unknown name is an error on <paramref name="field"/>.</summary>
    public static List<ScenarioStageType> StageTypesOf(FieldErrors errors, string field, IEnumerable<string?> names)
    {
        var stages = new List<ScenarioStageType>();
        foreach (var name in names)
        {
            if (ScenarioStageTypes.TryParse(name) is { } stage)
            {
                if (!stages.Contains(stage))
                {
                    stages.Add(stage);
                }
            }
            else
            {
                errors.Add(field, $"The field '{field}' holds '{Shorten(name)}'; stage types are: {ScenarioStageTypes.Allowed}.");
            }
        }
        return stages;
    }

    /// <summary>System ids are readable slugs ("sd-url-shortener"); custom ids are uuids, so the two can never collide.</summary>
    public static bool IsSystemId(string id) => SystemId().IsMatch(id);

    private static void CheckList(FieldErrors errors, string field, IReadOnlyList<string?>? items, bool required)
    {
        if (items is null || items.Count == 0)
        {
            if (required)
            {
                errors.Add(field, $"The field '{field}' must list at least one point.");
            }
            return;
        }
        if (items.Count > MaxListItems)
        {
            errors.Add(field, $"The field '{field}' holds at most {MaxListItems} items (got {items.Count}).");
            return;
        }
        for (var i = 0; i < items.Count; i++)
        {
            errors.RequireText($"{field}[{i}]", items[i], MaxListItemLength);
        }
    }

    private static string Shorten(string? value) => value is null ? "null" : value.Length > 40 ? value[..40] + "…" : value;

    [GeneratedRegex("^[a-z]{2}-[a-z0-9-]{2,60}$")]
    private static partial Regex SystemId();
}
