using Candor.Engine.Interviews;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Sessions;

/// <summary>Finding, locking and checking an interview by its candidate token.</summary>
public sealed partial class InterviewConductor
{
    /// <summary>A turn can take an answer only while it is the current question of an interview in progress.</summary>
    private static void EnsureAnswerable(Interview interview, List<InterviewTurn> turns, InterviewTurn turn)
    {
        if (interview.Status == InterviewStatus.Cancelled)
        {
            throw ApiProblemException.Gone("This interview was cancelled.", "interview_cancelled");
        }
        if (interview.Status != InterviewStatus.InProgress || turn.Kind == TurnKind.Closing)
        {
            throw ApiProblemException.Conflict($"This interview is {CandorJson.EnumName(interview.Status)} and takes no more answers.", "wrong_state");
        }
        if (turn.Sequence != turns[^1].Sequence)
        {
            throw ApiProblemException.Conflict("This turn is no longer current.", "stale_turn");
        }
    }

    private void EnsureOpen(Interview interview)
    {
        switch (interview.Status)
        {
            case InterviewStatus.Cancelled:
                throw ApiProblemException.Gone("This interview was cancelled by the hiring team.", "interview_cancelled");
            case InterviewStatus.Expired:
                throw ApiProblemException.Gone("This interview link has expired.", "interview_expired");
            case InterviewStatus.Scheduled when interview.ExpiresAt <= clock.GetUtcNow():
                throw ApiProblemException.Gone("This interview link has expired.", "interview_expired");
        }
    }

    private async Task<(Interview, List<InterviewTurn>)> LoadAsync(string token, CancellationToken cancellationToken)
    {
        var interview = await FindByTokenAsync(token, cancellationToken);
        return (interview, await LoadTurnsAsync(interview.Id, cancellationToken));
    }

    /// <summary>One turn of the interview, untracked (a retried upload replays with the answer the turn already has).</summary>
    public Task<InterviewTurn?> FindTurnAsync(Guid interviewId, Guid turnId, CancellationToken cancellationToken) =>
        db.InterviewTurns.AsNoTracking().FirstOrDefaultAsync(t => t.InterviewId == interviewId && t.Id == turnId, cancellationToken);

    private Task<List<InterviewTurn>> LoadTurnsAsync(Guid interviewId, CancellationToken cancellationToken) =>
        db.InterviewTurns.Where(t => t.InterviewId == interviewId).OrderBy(t => t.Sequence).ToListAsync(cancellationToken);

    /// <summary>Finds the interview for a candidate token (any tenant: the token is the credential) and scopes the request to its organisation.</summary>
    public async Task<Interview> FindByTokenAsync(string token, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var hash = ApiKeySecrets.Hash(token);
        var interview = await db.Interviews.IgnoreQueryFilters().Include(i => i.Job)
            .FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken)
            ?? throw await UnknownLinkAsync(hash, cancellationToken);
        db.Tenant.Set(interview.OrganizationId);
        return interview;
    }

    /// <summary>As <see cref="FindByTokenAsync"/>, holding the interview's row lock until the transaction ends.</summary>
    private async Task<Interview> LockByTokenAsync(string token, CancellationToken cancellationToken)
    {
        db.ChangeTracker.Clear();
        var hash = ApiKeySecrets.Hash(token);
        var interview = await db.Interviews.FromSql($"SELECT * FROM interviews WHERE token_hash = {hash} FOR UPDATE")
            .IgnoreQueryFilters().Include(i => i.Job).FirstOrDefaultAsync(cancellationToken)
            ?? throw await UnknownLinkAsync(hash, cancellationToken);
        db.Tenant.Set(interview.OrganizationId);
        return interview;
    }

    /// <summary>A token that opens no interview: a link retired by a resend (410 link_superseded), or no link at all (404).</summary>
    private async Task<ApiProblemException> UnknownLinkAsync(string hash, CancellationToken cancellationToken) =>
        await Interviews.SupersededLinks.OrganizationOfAsync(db, hash, cancellationToken) is null
            ? ApiProblemException.NotFound("This interview link")
            : Interviews.SupersededLinks.Problem();

    private static SessionTurn ToSessionTurn(Interview interview, InterviewTurn turn, IReadOnlyList<InterviewTurn> turns) =>
        new(turn.Id, turn.Kind, turn.Prompt, Done: turn.Kind == TurnKind.Closing, SessionProgress.For(interview, turns), CandorJson.EnumName(interview.Status));
}
