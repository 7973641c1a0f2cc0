using Candor.Engine.Interviews;

namespace Candor.Engine.Ai.Offline;

/// <summary>The rule-based interviewer: the default without an LLM and the fallback when one fails.</summary>
public sealed class OfflineInterviewer(InterviewPolicy policy) : IInterviewer
{
    public OfflineInterviewer()
        : this(new InterviewPolicy())
    {
    }

    public Task<NextMove> NextMoveAsync(InterviewContext context, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(policy.Decide(context));
    }
}
