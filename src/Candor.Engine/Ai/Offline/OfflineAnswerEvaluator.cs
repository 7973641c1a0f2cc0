using Candor.Engine.Scoring;

namespace Candor.Engine.Ai.Offline;

/// <summary>The rule-based evaluator: the default without an LLM and the fallback when one fails.</summary>
public sealed class OfflineAnswerEvaluator(AnswerScorer scorer) : IAnswerEvaluator
{
    public OfflineAnswerEvaluator()
        : this(new AnswerScorer())
    {
    }

    public Task<(AnswerEvaluation Evaluation, Provenance Provenance)> EvaluateAsync(EvaluationRequest request, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult((scorer.Score(request), Provenance.Offline));
    }
}
