using Candor.Engine.Interviews;
using Candor.Web.Data.Entities;

namespace Candor.Web.Features.Sessions;

/// <summary>A turn as the candidate sees it: never a score.</summary>
public sealed record SessionTurn(Guid TurnId, TurnKind Kind, string Text, bool Done, SessionProgress Progress, string Status);

/// <summary>
/// Question k of n, where k is the current question's place in the recruiter's plan: the same number the recruiter
/// sees on the job page and the transcript (a question skipped by adaptive difficulty leaves its number unused).
/// </summary>
public sealed record SessionProgress(int Question, int Of)
{
    public static SessionProgress For(Interview interview, IEnumerable<InterviewTurn> turns)
    {
        var currentKey = turns.LastOrDefault(t => t.Kind == TurnKind.Question)?.QuestionKey;
        var position = currentKey is null ? 0 : interview.Plan.ToList().FindIndex(q => q.Key == currentKey) + 1;
        return new(position, interview.Plan.Count);
    }
}
