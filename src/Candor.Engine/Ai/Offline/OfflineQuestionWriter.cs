using Candor.Engine.Questions;

namespace Candor.Engine.Ai.Offline;

/// <summary>Drafts a plan from the built-in bank: analyse the job description, then pick fitting questions.</summary>
public sealed class OfflineQuestionWriter(JobAnalyzer analyzer, QuestionPlanner planner) : IQuestionWriter
{
    public OfflineQuestionWriter()
        : this(JobAnalyzer.Default, new QuestionPlanner(QuestionBank.Default))
    {
    }

    public Task<QuestionDraft> WriteAsync(JobDescription job, CancellationToken cancellationToken = default)
    {
        var analysis = analyzer.Analyze(job);
        return Task.FromResult(new QuestionDraft(analysis, planner.Plan(job, analysis), Provenance.Offline));
    }
}
