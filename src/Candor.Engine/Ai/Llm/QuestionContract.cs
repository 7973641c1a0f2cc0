using System.Text;
using Candor.Engine.Questions;

namespace Candor.Engine.Ai.Llm;

internal sealed record QuestionsOutput(List<QuestionOutput>? Questions);

internal sealed record QuestionOutput(
    string? Text,
    string? Competency,
    string? Kind,
    string? Difficulty,
    List<string>? ExpectedPoints,
    string? FollowUpGuide,
    string? ScenarioType,
    List<string>? Skills);

/// <summary>The question writer's schema and the checks a reply must pass.</summary>
internal static class QuestionContract
{
    private const int MaxTextChars = 600;

    public static readonly JsonSchema Schema = JsonSchema.Parse("interview_plan", "Interview questions with rubrics.", """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["questions"],
          "properties": {
            "questions": {
              "type": "array",
              "minItems": 8,
              "maxItems": 12,
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["text", "competency", "kind", "difficulty", "expected_points", "follow_up_guide", "scenario_type", "skills"],
                "properties": {
                  "text": { "type": "string" },
                  "competency": { "type": "string", "description": "snake_case" },
                  "kind": { "type": "string", "enum": ["technical", "behavioural", "situational", "scenario"] },
                  "difficulty": { "type": "string", "enum": ["easy", "medium", "hard"] },
                  "expected_points": { "type": "array", "minItems": 3, "maxItems": 6, "items": { "type": "string" } },
                  "follow_up_guide": { "type": "string" },
                  "scenario_type": { "type": ["string", "null"] },
                  "skills": { "type": "array", "items": { "type": "string" } }
                }
              }
            }
          }
        }
        """);

    public static string? Validate(QuestionsOutput output, int count)
    {
        var questions = output.Questions;
        if (questions is null || questions.Count != count)
        {
            return $"Expected exactly {count} questions, got {questions?.Count ?? 0}.";
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < questions.Count; i++)
        {
            var q = questions[i];
            var at = $"questions[{i}]";
            if (q is null || string.IsNullOrWhiteSpace(q.Text) || q.Text.Length > MaxTextChars)
            {
                return $"{at}.text must be a question of 1 to {MaxTextChars} characters.";
            }

            if (string.IsNullOrWhiteSpace(q.Competency) || SnakeCase(q.Competency).Length == 0)
            {
                return $"{at}.competency is missing.";
            }

            if (!QuestionWireNames.TryParseKind(q.Kind, out _))
            {
                return $"{at}.kind \"{q.Kind}\" must be one of technical, behavioural, situational, scenario.";
            }

            if (!QuestionWireNames.TryParseDifficulty(q.Difficulty, out _))
            {
                return $"{at}.difficulty \"{q.Difficulty}\" must be one of easy, medium, hard.";
            }

            if (q.ExpectedPoints is not { Count: >= 3 and <= 6 } points || points.Exists(string.IsNullOrWhiteSpace))
            {
                return $"{at}.expected_points must hold 3 to 6 non-empty points.";
            }

            if (string.IsNullOrWhiteSpace(q.FollowUpGuide))
            {
                return $"{at}.follow_up_guide is missing.";
            }

            if (!seen.Add(Fingerprint(q.Text)))
            {
                return $"{at} duplicates an earlier question; every question must be different.";
            }
        }

        return null;
    }

    /// <summary>"System Design" and "system-design" are both system_design.</summary>
    public static string SnakeCase(string text)
    {
        var builder = new StringBuilder();
        foreach (var c in text.Trim().ToLowerInvariant())
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                builder.Append(c);
            }
            else if (builder.Length > 0 && builder[^1] != '_')
            {
                builder.Append('_');
            }
        }

        return builder.ToString().TrimEnd('_');
    }

    // Case, spacing and punctuation do not make two questions different.
    private static string Fingerprint(string text) => SnakeCase(text);
}
