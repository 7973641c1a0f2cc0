using System.Text;
using Candor.Engine.Scoring;
using Microsoft.Extensions.AI;

namespace Candor.Engine.Ai.Llm;

internal sealed record ReportOutput(List<string>? Strengths, List<string>? Weaknesses, string? Summary);

/// <summary>
/// Writes the report's narrative with an LLM. Every number stays rule-based and exact — the overall score,
/// criterion and competency averages, red flags and the recommendation come from <see cref="ReportBuilder"/>;
/// the model writes only strengths, weaknesses and the summary, grounded in the per-answer evaluations.
/// </summary>
public sealed class LlmReportWriter(IChatClient client, LlmOptions options, ReportBuilder builder) : IReportWriter
{
    private const int MaxItems = 5;
    private const int MaxItemChars = 400;
    private const int MaxSummaryChars = 1500;

    private static readonly JsonSchema Schema = JsonSchema.Parse("report_narrative", "Strengths, weaknesses and summary of an interview.", """
        {
          "type": "object",
          "additionalProperties": false,
          "required": ["strengths", "weaknesses", "summary"],
          "properties": {
            "strengths": { "type": "array", "maxItems": 5, "items": { "type": "string" } },
            "weaknesses": { "type": "array", "maxItems": 5, "items": { "type": "string" } },
            "summary": { "type": "string" }
          }
        }
        """);

    public LlmReportWriter(IChatClient client, LlmOptions options)
        : this(client, options, new ReportBuilder())
    {
    }

    public async Task<(InterviewReport Report, Provenance Provenance)> WriteAsync(ReportRequest request, CancellationToken cancellationToken = default)
    {
        var rules = builder.Build(request);
        if (rules.QuestionsAnswered == 0)
        {
            return (rules, Provenance.Offline); // nothing to ground a narrative in
        }

        try
        {
            var output = await StructuredOutput.AskAsync<ReportOutput>(
                client, Messages(request, rules), Schema, options, options.Temperature, Validate, cancellationToken);
            var report = rules with
            {
                Strengths = [.. output.Strengths!.Select(s => s.Trim())],
                Weaknesses = [.. output.Weaknesses!.Select(s => s.Trim())],
                Summary = output.Summary!.Trim(),
            };
            return (report, options.ProvenanceFor(PromptLibrary.ReportWriter));
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return (rules, Provenance.Offline);
        }
    }

    internal static string? Validate(ReportOutput output)
    {
        if (string.IsNullOrWhiteSpace(output.Summary) || output.Summary.Length > MaxSummaryChars)
        {
            return $"summary must be 1 to {MaxSummaryChars} characters.";
        }

        foreach (var (name, items) in new[] { ("strengths", output.Strengths), ("weaknesses", output.Weaknesses) })
        {
            if (items is null || items.Count > MaxItems || items.Exists(i => string.IsNullOrWhiteSpace(i) || i.Length > MaxItemChars))
            {
                return $"{name} must be a list of at most {MaxItems} non-empty sentences of up to {MaxItemChars} characters.";
            }
        }

        return null;
    }

    private List<ChatMessage> Messages(ReportRequest request, InterviewReport rules)
    {
        var user = new StringBuilder()
            .Append("Overall score: ").Append(rules.Overall)
            .Append("; recommendation (final): ").Append(ReportBuilder.Wire(rules.Recommendation))
            .Append("; questions answered: ").Append(rules.QuestionsAnswered).Append(" of ").Append(request.Outcomes.Count).Append(" planned.\n")
            .Append(rules.Recommendation == Recommendation.InsufficientEvidence
                ? "Too few answers could be assessed for a hiring decision: say so plainly in the summary, suggest neither hiring nor rejecting, and judge nothing from the questions that went unanswered.\n"
                : string.Empty)
            .Append("Criterion averages: ").Append(string.Join(", ", rules.CriterionScores.Select(c => $"{c.Key} {c.Value}"))).Append('\n')
            .Append("Competency averages: ").Append(string.Join(", ", rules.CompetencyScores.Select(c => $"{c.Key} {c.Value}"))).Append('\n')
            .Append("Red flags: ").Append(rules.RedFlags.Count == 0 ? "none" : string.Join(", ", rules.RedFlags.Select(f => f.Code).Distinct(StringComparer.Ordinal))).Append("\n\n")
            .Append("Per-question evaluations:\n");
        var budget = options.MaxPromptTokens * 4;
        foreach (var outcome in request.Outcomes.Where(o => o.Asked))
        {
            var block = Describe(outcome);
            if (user.Length + block.Length > budget)
            {
                user.Append("- (further questions omitted for length)\n");
                break;
            }

            user.Append(block);
        }

        user.Append("\nWrite the strengths, weaknesses and summary as the JSON object {\"strengths\": [...], \"weaknesses\": [...], \"summary\": \"...\"}.");
        return [new ChatMessage(ChatRole.System, PromptLibrary.ReportWriter.Text), new ChatMessage(ChatRole.User, user.ToString())];
    }

    private static string Describe(QuestionOutcome outcome)
    {
        var q = outcome.Question;
        var text = new StringBuilder().Append("- [").Append(q.Competency).Append("] ").Append(q.Text).Append('\n');
        if (outcome.Evaluation is not { } e)
        {
            return text.Append("  Not answered (counts as 0).\n").ToString();
        }
        if (outcome.LowSpeechConfidence)
        {
            return text.Append("  Spoken answer with low speech recognition confidence: not scored; do not judge it as weak.\n").ToString();
        }

        text.Append("  Score ").Append(e.Score).Append(". ")
            .Append(string.Join("; ", e.Criteria.Select(c => $"{c.Criterion} {c.Score}: {c.Rationale}"))).Append('\n')
            .Append("  Covered: ").Append(e.CoveredPoints.Count == 0 ? "none" : string.Join("; ", e.CoveredPoints)).Append('\n')
            .Append("  Missed: ").Append(e.MissedPoints.Count == 0 ? "none" : string.Join("; ", e.MissedPoints)).Append('\n')
            .Append("  Feedback: ").Append(e.Feedback).Append('\n');
        return text.ToString();
    }
}
