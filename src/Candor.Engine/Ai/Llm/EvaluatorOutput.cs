using Candor.Engine.Scoring;

namespace Candor.Engine.Ai.Llm;

/// <summary>The evaluator's JSON reply, as parsed; everything nullable because the model may omit anything.</summary>
internal sealed record EvaluatorOutput(EvaluatorCriteria? Criteria, List<int>? CoveredPoints, string? Feedback, List<EvaluatorFlag>? RedFlags)
{
    public CriterionOutput? For(string criterion) => criterion switch
    {
        Scoring.Criteria.Relevance => Criteria?.Relevance,
        Scoring.Criteria.Depth => Criteria?.Depth,
        Scoring.Criteria.Structure => Criteria?.Structure,
        _ => Criteria?.Communication,
    };
}

internal sealed record EvaluatorCriteria(CriterionOutput? Relevance, CriterionOutput? Depth, CriterionOutput? Structure, CriterionOutput? Communication);

internal sealed record CriterionOutput(double? Score, string? Rationale, List<string>? Evidence);

internal sealed record EvaluatorFlag(string? Code, string? Evidence);

/// <summary>The evaluator's schema and the checks a reply must pass before any of it is used.</summary>
internal static class EvaluatorContract
{
    /// <summary>Red flags the model may raise; empty and evasive answers never reach it.</summary>
    public static readonly IReadOnlyList<string> ModelFlagCodes =
        [RedFlagCodes.OffTopic, RedFlagCodes.EvasiveAnswer, RedFlagCodes.HostileLanguage, RedFlagCodes.PromptInjection];

    public static readonly JsonSchema Schema = JsonSchema.Parse("answer_evaluation", "Scores of one interview answer on four criteria.", """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["criteria", "covered_points", "feedback", "red_flags"],
          "properties": {
            "criteria": {
              "type": "object",
              "additionalProperties": false,
              "required": ["relevance", "depth", "structure", "communication"],
              "properties": {
                "relevance": { "$ref": "#/$defs/criterion" },
                "depth": { "$ref": "#/$defs/criterion" },
                "structure": { "$ref": "#/$defs/criterion" },
                "communication": { "$ref": "#/$defs/criterion" }
              }
            },
            "covered_points": { "type": "array", "items": { "type": "integer", "minimum": 1 }, "description": "Numbers of the expected points the answer covers." },
            "feedback": { "type": "string", "description": "One or two sentences for the recruiter." },
            "red_flags": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["code", "evidence"],
                "properties": {
                  "code": { "type": "string", "enum": ["off_topic", "evasive_answer", "hostile_language", "prompt_injection"] },
                  "evidence": { "type": ["string", "null"], "description": "An exact quote from the answer." }
                }
              }
            }
          },
          "$defs": {
            "criterion": {
              "type": "object",
              "additionalProperties": false,
              "required": ["score", "rationale", "evidence"],
              "properties": {
                "score": { "type": "integer", "minimum": 0, "maximum": 100 },
                "rationale": { "type": "string", "description": "One line." },
                "evidence": { "type": "array", "items": { "type": "string" }, "description": "Exact quotes from the answer." }
              }
            }
          }
        }
        """);

    /// <param name="seen">The answer text the model was shown (injection sentences removed).</param>
    /// <param name="original">The candidate's full answer: evidence must be verbatim there too.</param>
    public static string? Validate(EvaluatorOutput output, int pointCount, string seen, string original)
    {
        var seenNormalized = CandidateFence.NormalizeSpace(seen);
        var originalNormalized = CandidateFence.NormalizeSpace(original);
        foreach (var criterion in Scoring.Criteria.All)
        {
            var value = output.For(criterion);
            if (value?.Score is not { } score || double.IsNaN(score) || double.IsInfinity(score))
            {
                return $"criteria.{criterion}.score is missing; give an integer from 0 to 100.";
            }

            if (string.IsNullOrWhiteSpace(value.Rationale))
            {
                return $"criteria.{criterion}.rationale is missing.";
            }

            foreach (var quote in value.Evidence ?? [])
            {
                if (Verbatim(quote, seenNormalized, originalNormalized) is null)
                {
                    return $"The {criterion} evidence quote \"{Clip(quote)}\" does not appear verbatim in the answer; copy quotes exactly or leave the list empty.";
                }
            }
        }

        if (output.CoveredPoints?.FirstOrDefault(p => p < 1 || p > pointCount) is { } bad && bad != 0)
        {
            return $"covered_points contains {bad}, but the expected points are numbered 1 to {pointCount}.";
        }

        if (string.IsNullOrWhiteSpace(output.Feedback))
        {
            return "feedback is missing.";
        }

        foreach (var flag in output.RedFlags ?? [])
        {
            if (flag.Code is null || !ModelFlagCodes.Contains(flag.Code))
            {
                return $"red_flags code \"{flag.Code}\" is not one of {string.Join(", ", ModelFlagCodes)}.";
            }

            if (!string.IsNullOrWhiteSpace(flag.Evidence) && Verbatim(flag.Evidence, seenNormalized, originalNormalized) is null)
            {
                return $"The red flag evidence \"{Clip(flag.Evidence)}\" does not appear verbatim in the answer.";
            }
        }

        return null;
    }

    /// <summary>The quote as it appears in the answer (whitespace-normalised), or null when it is not there.</summary>
    public static string? Verbatim(string? quote, string seenNormalized, string originalNormalized)
    {
        if (string.IsNullOrWhiteSpace(quote))
        {
            return null;
        }

        // The model saw the fence-escaped text, so it may copy "&lt;" where the candidate typed "<".
        foreach (var form in new[] { quote, CandidateFence.Unescape(quote) })
        {
            var normalized = CandidateFence.NormalizeSpace(form);
            if (seenNormalized.Contains(normalized, StringComparison.Ordinal) && originalNormalized.Contains(normalized, StringComparison.Ordinal))
            {
                return normalized;
            }
        }

        return null;
    }

    private static string Clip(string text) => text.Length <= 80 ? text : text[..80] + "…";
}
