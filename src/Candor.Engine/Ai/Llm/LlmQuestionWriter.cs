using System.Text;
using Candor.Engine.Ai.Offline;
using Candor.Engine.Questions;
using Microsoft.Extensions.AI;

namespace Candor.Engine.Ai.Llm;

/// <summary>
/// Drafts a plan with an LLM: the offline <see cref="JobAnalyzer"/> reads the job (skills, seniority, family),
/// the model writes the questions and rubrics, and the reply is checked (count, kinds, difficulties, 3–6
/// expected points, no duplicates). An invalid reply after one repair, or any provider error, gives the
/// offline writer's plan.
/// </summary>
public sealed class LlmQuestionWriter(IChatClient client, LlmOptions options, JobAnalyzer analyzer, IQuestionWriter fallback) : IQuestionWriter
{
    public LlmQuestionWriter(IChatClient client, LlmOptions options)
        : this(client, options, JobAnalyzer.Default, new OfflineQuestionWriter())
    {
    }

    public async Task<QuestionDraft> WriteAsync(JobDescription job, CancellationToken cancellationToken = default)
    {
        var analysis = analyzer.Analyze(job);
        var count = PlanningRules.QuestionCount(job.QuestionCount);
        try
        {
            var output = await StructuredOutput.AskAsync<QuestionsOutput>(
                client, Messages(job, analysis, count), QuestionContract.Schema, options, options.Temperature,
                o => QuestionContract.Validate(o, count), cancellationToken);
            var questions = output.Questions!.Select(q => ToQuestion(q, analysis)).ToList();
            return new QuestionDraft(analysis, questions, options.ProvenanceFor(PromptLibrary.QuestionWriter));
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            return await fallback.WriteAsync(job, cancellationToken);
        }
    }

    private List<ChatMessage> Messages(JobDescription job, JobAnalysis analysis, int count)
    {
        var user = new StringBuilder()
            .Append("Job title: ").Append(job.Title).Append('\n')
            .Append("Seniority: ").Append((job.Seniority ?? analysis.Seniority).ToString().ToLowerInvariant()).Append('\n')
            .Append("Role family: ").Append(QuestionWireNames.ToWire(analysis.Family)).Append('\n');
        if (!string.IsNullOrWhiteSpace(job.Industry))
        {
            user.Append("Industry: ").Append(job.Industry).Append('\n');
        }

        user.Append("Skills found, most emphasised first: ")
            .Append(analysis.Skills.Count == 0 ? "(none recognised)" : string.Join(", ", analysis.Skills.Select(s => s.Name)))
            .Append("\n\n")
            .Append(CandidateFence.Wrap("job_description", Clip(job.Description, options.MaxPromptTokens * 4)))
            .Append("\n\nWrite exactly ").Append(count).Append(" questions. Reply with the JSON object {\"questions\": [...]}, each item with ")
            .Append("text, competency, kind, difficulty, expected_points, follow_up_guide, scenario_type, skills.");
        return [new ChatMessage(ChatRole.System, PromptLibrary.QuestionWriter.Text), new ChatMessage(ChatRole.User, user.ToString())];
    }

    private static InterviewQuestion ToQuestion(QuestionOutput q, JobAnalysis analysis)
    {
        // Validation has already proven both parse.
        _ = QuestionWireNames.TryParseKind(q.Kind, out var kind);
        _ = QuestionWireNames.TryParseDifficulty(q.Difficulty, out var difficulty);
        var known = analysis.Skills.Select(s => s.Name).ToList();
        var skills = (q.Skills ?? [])
            .Select(s => known.Find(k => k.Equals(s?.Trim(), StringComparison.OrdinalIgnoreCase)))
            .OfType<string>()
            .Distinct(StringComparer.Ordinal)
            .ToList();
        var scenario = kind == QuestionKind.Scenario && !string.IsNullOrWhiteSpace(q.ScenarioType) ? QuestionContract.SnakeCase(q.ScenarioType) : null;
        return new InterviewQuestion(
            Guid.NewGuid().ToString(),
            q.Text!.Trim(),
            QuestionContract.SnakeCase(q.Competency!),
            kind,
            difficulty,
            [.. q.ExpectedPoints!.Select(p => p.Trim())],
            q.FollowUpGuide!.Trim(),
            skills,
            scenario);
    }

    private static string Clip(string text, int max) => text.Length <= max ? text : text[..max];
}
