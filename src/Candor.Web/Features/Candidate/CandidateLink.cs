using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Sessions;
using Candor.Web.Infrastructure;

namespace Candor.Web.Features.Candidate;

/// <summary>Where a candidate's link stands, as the pages need to know it.</summary>
/// <remarks><see cref="Superseded"/>: a link retired by "Resend invitation" (a newer one was sent).</remarks>
public enum CandidateLinkState { Unknown, Superseded, Expired, Cancelled, Scheduled, InProgress, Completed }

/// <summary>
/// A candidate's link opened for a page: the interview and its transcript, read through the conductor
/// (which heals a reply lost to a crash), or why the link no longer opens anything.
/// </summary>
public sealed record CandidateLink(CandidateLinkState State, Interview? Interview, IReadOnlyList<InterviewTurn> Turns, string? OrganizationName)
{
    public int QuestionCount => Interview?.Plan.Count ?? 0;

    /// <summary>The link opens nothing: the page shows <see cref="CandidateNotice"/> instead.</summary>
    public bool OpensNothing => State is CandidateLinkState.Unknown or CandidateLinkState.Superseded or CandidateLinkState.Expired or CandidateLinkState.Cancelled;

    public static async Task<CandidateLink> OpenAsync(string token, InterviewConductor conductor, CandorDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        try
        {
            var (interview, turns) = await conductor.ViewAsync(token, cancellationToken);
            var organization = await InterviewConductor.OrganizationNameAsync(db, interview.OrganizationId, cancellationToken);
            return new CandidateLink(StateOf(interview, clock.GetUtcNow()), interview, turns, organization);
        }
        catch (ApiProblemException problem) when (problem.Code == Interviews.SupersededLinks.ProblemCode)
        {
            var organizationId = await Interviews.SupersededLinks.OrganizationOfAsync(db, ApiKeys.ApiKeySecrets.Hash(token), cancellationToken);
            var organization = organizationId is { } id ? await InterviewConductor.OrganizationNameAsync(db, id, cancellationToken) : null;
            return new CandidateLink(CandidateLinkState.Superseded, null, [], organization);
        }
        catch (ApiProblemException problem) when (problem.Status == StatusCodes.Status404NotFound)
        {
            return new CandidateLink(CandidateLinkState.Unknown, null, [], null);
        }
    }

    private static CandidateLinkState StateOf(Interview interview, DateTimeOffset now) => interview.Status switch
    {
        InterviewStatus.Cancelled => CandidateLinkState.Cancelled,
        InterviewStatus.Expired => CandidateLinkState.Expired,
        // The sweeper marks unused links expired every so often; until it does, the clock decides.
        InterviewStatus.Scheduled when interview.ExpiresAt <= now => CandidateLinkState.Expired,
        InterviewStatus.Scheduled => CandidateLinkState.Scheduled,
        InterviewStatus.InProgress => CandidateLinkState.InProgress,
        _ => CandidateLinkState.Completed,
    };
}
