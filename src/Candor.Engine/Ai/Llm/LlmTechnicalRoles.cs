using System.Globalization;
using System.Text;
using Candor.Engine.Technical;
using Microsoft.Extensions.AI;

namespace Candor.Engine.Ai.Llm;

/// <summary>The model's output could not be made valid after a repair attempt: the job retries it, then fails.</summary>
public sealed class InvalidModelOutputException(string message, Exception? innerException = null) : Exception(message, innerException);

/// <summary>
/// The LLM versions of the technical room's interviewer and code reviewer. The rules keep the decisions that must
/// be consistent (difficulty, weakness signals); the model words the reply and writes the review, validated
/// against a schema whose every cited line must exist. Provider failures are not swallowed here: the room's job
/// decides (retry, fail at once, fail after retries), as its contract requires.
/// </summary>
public sealed class LlmTechnicalRoles(IChatClient client, LlmOptions options)
{
    public static Prompt InterviewerPrompt => PromptLibrary.Get("room_interviewer.v1");

    public static Prompt ReviewerPrompt => PromptLibrary.Get("code_reviewer.v1");

    public static Prompt HintPrompt => PromptLibrary.Get("room_hint.v1");

    /// <summary>Longer than three sentences is not a hint any more; the ladder's own rungs are far shorter.</summary>
    public const int MaxHintLength = 700;

    private static readonly JsonSchema HintSchema = JsonSchema.Parse("room_hint", "One layered hint for a candidate in a coding room.", """
        {
          "type": "object",
          "properties": { "hint": { "type": "string" } },
          "required": ["hint"],
          "additionalProperties": false
        }
        """);

    private static readonly JsonSchema ReplySchema = JsonSchema.Parse("room_reply", "The interviewer's next reply in a coding room.", """
        {
          "type": "object",
          "properties": {
            "reply": { "type": "string" },
            "follow_up_type": { "type": "string", "enum": ["question", "evaluation", "hint", "encouragement"] }
          },
          "required": ["reply", "follow_up_type"],
          "additionalProperties": false
        }
        """);

    private static readonly JsonSchema ReviewSchema = JsonSchema.Parse("code_review", "A structured review of a candidate's code.", """
        {
          "type": "object",
          "properties": {
            "score": { "type": "integer", "minimum": 0, "maximum": 100 },
            "categories": {
              "type": "object",
              "properties": {
                "correctness": { "$ref": "#/$defs/category" }, "edge_cases": { "$ref": "#/$defs/category" },
                "complexity": { "$ref": "#/$defs/category" }, "readability": { "$ref": "#/$defs/category" },
                "structure": { "$ref": "#/$defs/category" }, "testing": { "$ref": "#/$defs/category" }
              },
              "required": ["correctness", "edge_cases", "complexity", "readability", "structure", "testing"],
              "additionalProperties": false
            },
            "suggestions": {
              "type": "array",
              "items": {
                "type": "object",
                "properties": { "line": { "type": "integer" }, "severity": { "type": "string", "enum": ["info", "warning", "error"] }, "message": { "type": "string" } },
                "required": ["line", "severity", "message"], "additionalProperties": false
              }
            },
            "summary": { "type": "string" }
          },
          "required": ["score", "categories", "suggestions", "summary"],
          "additionalProperties": false,
          "$defs": {
            "category": {
              "type": "object",
              "properties": {
                "score": { "type": "integer", "minimum": 0, "maximum": 100 },
                "evidence": { "type": "array", "items": { "type": "object", "properties": { "line": { "type": "integer" }, "note": { "type": "string" } }, "required": ["line", "note"], "additionalProperties": false } }
              },
              "required": ["score", "evidence"], "additionalProperties": false
            }
          }
        }
        """);

    /// <summary>The reply worded by the model; the difficulty and the probed weakness stay those of the rules.</summary>
    public async Task<TechnicalReply> ReplyAsync(TechnicalTurn turn, TechnicalReply rules, CancellationToken cancellationToken)
    {
        var context = new StringBuilder();
        AppendProblem(context, turn.Problem);
        context.AppendLine(CultureInfo.InvariantCulture, $"Rules' decision: next difficulty {rules.Difficulty.ToString().ToLowerInvariant()}; {rules.Decision.Reason}");
        context.AppendLine(CultureInfo.InvariantCulture, $"Hints used so far: {turn.HintsUsed}.");
        if (turn.LastRun is { } run)
        {
            context.AppendLine(CultureInfo.InvariantCulture, $"Latest {(run.Submitted ? "submission" : "run")}: {run.Verdict}, {run.Passed} of {run.Total} passed.");
        }
        if (rules.Probed is { } probe)
        {
            context.AppendLine(CultureInfo.InvariantCulture, $"Probe this historical weakness in your question: {probe}.");
        }
        context.AppendLine("The candidate's message and code:");
        context.AppendLine(CandidateFence.Wrap(CandidateFence.AnswerTag, turn.CandidateText + (turn.Code is { Length: > 0 } code ? "\n\n" + Numbered(code) : "")));
        var output = await AskAsync<ReplyOutput>(InterviewerPrompt, ReplySchema, context.ToString(), options.Temperature,
            o => string.IsNullOrWhiteSpace(o.Reply) ? "reply is empty." : ParseFollowUp(o.FollowUpType) is null ? "follow_up_type is not one of the four values." : null,
            cancellationToken);
        return rules with { Reply = output.Reply!.Trim(), FollowUpType = ParseFollowUp(output.FollowUpType)!.Value };
    }

    /// <summary>
    /// The hint at <paramref name="offline"/>'s level, written by the model from the problem's ladder and the
    /// candidate's code. The level, the count and what is left stay those of the ladder; output that gives the
    /// solution away (a reference line, a code block, lines of code) is sent back once for repair and then
    /// refused with <see cref="InvalidModelOutputException"/>, so the caller can give the ladder's own rung.
    /// </summary>
    public async Task<Hint> HintAsync(Problem problem, Hint offline, string? code, CodeLanguage? language, CancellationToken cancellationToken)
    {
        var context = new StringBuilder();
        AppendProblem(context, problem);
        context.AppendLine("The problem's hint ladder:");
        for (var i = 0; i < problem.Hints.Count; i++)
        {
            context.AppendLine(CultureInfo.InvariantCulture, $"  {i + 1}. {problem.Hints[i]}");
        }
        context.AppendLine(CultureInfo.InvariantCulture, $"Write the level {offline.Level} hint ({offline.Level switch { 1 => "a nudge", 2 => "the approach", _ => "a near-solution, in words" }}).");
        if (code is { Length: > 0 })
        {
            context.AppendLine(CultureInfo.InvariantCulture, $"The candidate's code so far{(language is { } lang ? $" ({lang})" : "")}, with line numbers:");
            context.AppendLine(CandidateFence.Wrap(CandidateFence.AnswerTag, Numbered(code)));
        }
        else
        {
            context.AppendLine("The candidate has not written any code yet.");
        }
        var output = await AskAsync<HintOutput>(HintPrompt, HintSchema, context.ToString(), options.Temperature,
            o => string.IsNullOrWhiteSpace(o.Hint) ? "hint is empty."
                : o.Hint.Length > MaxHintLength ? $"hint is longer than {MaxHintLength} characters; keep it to three sentences."
                : HintGiver.RevealsSolution(problem, o.Hint) is { } leak ? $"the hint gives the solution away: {leak} Describe the idea in words, without code."
                : null,
            cancellationToken);
        return offline with { Text = output.Hint!.Trim() };
    }

    public async Task<CodeReview> ReviewAsync(string code, CodeLanguage language, Problem? problem, RunSummary? run, CodeMetrics metrics, CancellationToken cancellationToken)
    {
        var lineCount = code.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Length;
        var context = new StringBuilder();
        AppendProblem(context, problem);
        context.AppendLine(CultureInfo.InvariantCulture, $"Language: {language}.");
        context.AppendLine(CultureInfo.InvariantCulture,
            $"Static analysis: cyclomatic complexity {metrics.CyclomaticComplexity}; deepest nesting {metrics.MaxNesting} (line {metrics.MaxNestingLine}); loops {string.Join(", ", metrics.Loops.Select(l => $"line {l.Line} depth {l.Depth}"))}; unclear names {string.Join(", ", metrics.UnclearNames.Select(n => $"{n.Name} (line {n.Line})"))}; empty-input checks on lines {string.Join(", ", metrics.EmptyInputGuardLines)}.");
        context.AppendLine(run is null ? "Tests: never run." : $"Tests: {(run.Submitted ? "submitted" : "run")}, verdict {run.Verdict}, {run.Passed} of {run.Total} passed; failing: {string.Join(", ", run.FailedTests)}.");
        context.AppendLine("The code, with line numbers:");
        context.AppendLine(CandidateFence.Wrap(CandidateFence.AnswerTag, Numbered(code)));
        var output = await AskAsync<ReviewOutput>(ReviewerPrompt, ReviewSchema, context.ToString(), 0f, o => Validate(o, lineCount), cancellationToken);
        return new CodeReview(
            output.Score,
            output.Categories!.ToDictionary(c => CategoryName(c.Key)!.Value, c => new ReviewCategory(c.Value.Score, c.Value.Evidence!.Select(e => new ReviewEvidence(e.Line, e.Note!)).ToList())),
            output.Suggestions!.Select(s => new ReviewSuggestion(s.Line, Enum.Parse<SuggestionSeverity>(s.Severity!, ignoreCase: true), s.Message!)).ToList(),
            output.Summary!.Trim());
    }

    private async Task<T> AskAsync<T>(Prompt prompt, JsonSchema schema, string user, float temperature, Func<T, string?> validate, CancellationToken cancellationToken)
        where T : class
    {
        List<ChatMessage> messages = [new(ChatRole.System, prompt.Text), new(ChatRole.User, user)];
        try
        {
            return await StructuredOutput.AskAsync(client, messages, schema, options, temperature, validate, cancellationToken);
        }
        catch (LlmOutputException ex)
        {
            throw new InvalidModelOutputException(ex.Message, ex);
        }
    }

    private static string? Validate(ReviewOutput output, int lineCount)
    {
        if (output.Score is < 0 or > 100)
        {
            return "score must be between 0 and 100.";
        }
        if (output.Categories is null || output.Suggestions is null || string.IsNullOrWhiteSpace(output.Summary))
        {
            return "categories, suggestions and summary are required.";
        }
        foreach (var name in new[] { "correctness", "edge_cases", "complexity", "readability", "structure", "testing" })
        {
            if (!output.Categories.TryGetValue(name, out var category) || category.Evidence is not { Count: > 0 })
            {
                return $"category {name} is missing or has no evidence.";
            }
            if (category.Score is < 0 or > 100)
            {
                return $"category {name} has a score outside 0–100.";
            }
            if (category.Evidence.Any(e => e.Line < 1 || e.Line > lineCount || string.IsNullOrWhiteSpace(e.Note)))
            {
                return $"category {name} cites a line outside 1–{lineCount} or has an empty note.";
            }
        }
        if (output.Categories.Keys.Any(k => CategoryName(k) is null))
        {
            return "categories has an unknown category.";
        }
        if (output.Suggestions.Any(s => s.Line < 1 || s.Line > lineCount || string.IsNullOrWhiteSpace(s.Message) || s.Severity is not ("info" or "warning" or "error")))
        {
            return $"a suggestion cites a line outside 1–{lineCount}, has no message or an unknown severity.";
        }
        return null;
    }

    private static ReviewCategoryName? CategoryName(string wire) => wire switch
    {
        "correctness" => ReviewCategoryName.Correctness,
        "edge_cases" => ReviewCategoryName.EdgeCases,
        "complexity" => ReviewCategoryName.Complexity,
        "readability" => ReviewCategoryName.Readability,
        "structure" => ReviewCategoryName.Structure,
        "testing" => ReviewCategoryName.Testing,
        _ => null,
    };

    private static FollowUpType? ParseFollowUp(string? wire) => wire switch
    {
        "question" => FollowUpType.Question,
        "evaluation" => FollowUpType.Evaluation,
        "hint" => FollowUpType.Hint,
        "encouragement" => FollowUpType.Encouragement,
        _ => null,
    };

    private static void AppendProblem(StringBuilder context, Problem? problem)
    {
        if (problem is null)
        {
            context.AppendLine("Problem: none chosen yet.");
            return;
        }
        context.AppendLine(CultureInfo.InvariantCulture, $"Problem ({problem.Difficulty.ToString().ToLowerInvariant()}): {problem.Title}. Reference complexity: {problem.ReferenceComplexity}.");
        context.AppendLine(problem.Statement);
    }

    private static string Numbered(string code) =>
        string.Join('\n', code.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select((line, i) => $"{i + 1,4}| {line}"));

    private sealed record ReplyOutput(string? Reply, string? FollowUpType);

    private sealed record HintOutput(string? Hint);

    private sealed record ReviewOutput(int Score, Dictionary<string, CategoryOutput>? Categories, List<SuggestionOutput>? Suggestions, string? Summary);

    private sealed record CategoryOutput(int Score, List<EvidenceOutput>? Evidence);

    private sealed record EvidenceOutput(int Line, string? Note);

    private sealed record SuggestionOutput(int Line, string? Severity, string? Message);
}
