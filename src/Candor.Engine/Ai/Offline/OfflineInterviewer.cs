using System.Runtime.CompilerServices;
using Candor.Engine.Interviews;
using Candor.Engine.Text;

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
        return Task.FromResult(policy.Decide(context) with { Provenance = Provenance.Offline });
    }

    public async IAsyncEnumerable<InterviewerDelta> StreamNextMoveAsync(InterviewContext context, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var move = await NextMoveAsync(context, cancellationToken);
        foreach (var delta in Stream(move))
        {
            yield return delta;
        }
    }

    /// <summary>A finished move as a stream: one text item per sentence, then the move.</summary>
    internal static IEnumerable<InterviewerDelta> Stream(NextMove move)
    {
        foreach (var piece in SentencePieces(move.Text))
        {
            yield return new InterviewerDelta(piece, null);
        }

        yield return new InterviewerDelta(null, move);
    }

    /// <summary>
    /// Splits text into sentence-sized pieces whose concatenation is exactly the text: the whitespace before a
    /// sentence travels with it, so a client can append pieces as they come.
    /// </summary>
    internal static IEnumerable<string> SentencePieces(string text)
    {
        var sentences = SentenceSplitter.Split(text);
        var from = 0;
        for (var i = 0; i < sentences.Count; i++)
        {
            var to = i == sentences.Count - 1 ? text.Length : sentences[i].End;
            yield return text[from..to];
            from = to;
        }
    }
}
