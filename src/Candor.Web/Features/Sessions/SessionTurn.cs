using Candor.Engine.Interviews;
using Candor.Web.Data.Entities;

namespace Candor.Web.Features.Sessions;

/// <summary>A turn as the candidate sees it: never a score.</summary>
public sealed record SessionTurn(Guid TurnId, TurnKind Kind, string Text, bool Done, SessionProgress Progress, string Status);

/// <summary>Question k of n, counting plan questions asked so far.</summary>
public sealed record SessionProgress(int Question, int Of)
{
    public static SessionProgress For(Interview interview, IEnumerable<InterviewTurn> turns) =>
        new(turns.Where(t => t.Kind == TurnKind.Question).Select(t => t.QuestionKey).Distinct().Count(), interview.Plan.Count);
}
