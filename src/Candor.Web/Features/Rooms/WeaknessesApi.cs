using Candor.Engine.Technical;
using Candor.Web.Data;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Candor.Web.Features.Accounts;

namespace Candor.Web.Features.Rooms;

public sealed record WeaknessEvidenceView(string Evidence, int? Line, WeaknessSource Source, DateTimeOffset SeenAt);

/// <param name="Trend">new (first seen in the latest session), improving, worsening or steady, comparing the latest session with the ones before.</param>
public sealed record WeaknessView(WeaknessCategory Category, int Count, DateTimeOffset LastSeen, string Trend, IReadOnlyList<WeaknessEvidenceView> Examples);

public sealed record WeaknessesResponse(string CandidateEmail, int Sessions, IReadOnlyList<WeaknessView> Weaknesses);

/// <summary>
/// <c>GET /api/v1/users/me/ai/weaknesses</c>: the caller's weaknesses aggregated across their technical sessions.
/// With a room's candidate token "me" is that candidate, known by e-mail; with a session, the signed-in account's e-mail.
/// Signals stay within the organisation that ran the sessions.
/// </summary>
public static class WeaknessesApi
{
    public static RouteGroupBuilder MapWeaknessesApi(this RouteGroupBuilder api)
    {
        api.MapGet("/users/me/ai/weaknesses", Get).WithTags("Rooms");
        return api;
    }

    private static async Task<Ok<WeaknessesResponse>> Get(HttpContext http, RoomAccess access, CandorDbContext db, CancellationToken cancellationToken)
    {
        string email;
        if (RoomAccess.RoomToken(http.Request) is { } token)
        {
            var member = await access.MemberByTokenAsync(token, cancellationToken)
                ?? throw new ApiProblemException(StatusCodes.Status401Unauthorized, "Unauthorized", "The room link's token is not valid.", "unauthorized");
            email = member.Email ?? throw new ApiProblemException(StatusCodes.Status403Forbidden, "Forbidden", "Only a candidate has weaknesses to show.", "not_a_candidate");
        }
        else
        {
            var cookie = await http.AuthenticateAsync(IdentityConstants.ApplicationScheme);
            if (!cookie.Succeeded || cookie.Principal.OrganizationId() is null)
            {
                throw new ApiProblemException(StatusCodes.Status401Unauthorized, "Unauthorized",
                    "Send your room link's token as Authorization: Bearer <candidate_token>, or sign in.", "unauthorized");
            }
            var userId = cookie.Principal.UserId();
            email = await db.Users.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken) ?? "";
        }

        var lowered = email.ToLowerInvariant();
        var signals = await db.Set<WeaknessSignalRow>().AsNoTracking().Where(w => w.CandidateEmail == lowered)
            .OrderBy(w => w.CreatedAt).ToListAsync(cancellationToken);
#pragma warning disable CA1862 // lower() = lower() is what PostgreSQL's expression index ix_rooms_candidate serves; string.Equals with a comparison does not translate.
        var sessions = await db.Set<Room>().AsNoTracking().Where(r => r.CandidateEmail.ToLower() == lowered)
            .OrderBy(r => r.CreatedAt).Select(r => r.Id).ToListAsync(cancellationToken);
#pragma warning restore CA1862

        var weaknesses = signals.GroupBy(s => s.Category).Select(group => new WeaknessView(
                group.Key,
                group.Count(),
                group.Max(s => s.CreatedAt),
                Trend(sessions, group.ToList()),
                group.OrderByDescending(s => s.CreatedAt).Take(3).Select(s => new WeaknessEvidenceView(s.Evidence, s.Line, s.Source, s.CreatedAt)).ToList()))
            .OrderByDescending(w => w.Count).ThenBy(w => w.Category).ToList();
        return TypedResults.Ok(new WeaknessesResponse(email, sessions.Count, weaknesses));
    }

    /// <summary>The latest session's count against the average of the sessions before it.</summary>
    internal static string Trend(IReadOnlyList<Guid> sessionsInOrder, IReadOnlyList<WeaknessSignalRow> signals)
    {
        if (sessionsInOrder.Count < 2)
        {
            return "new";
        }
        var perSession = sessionsInOrder.Select(id => signals.Count(s => s.RoomId == id)).ToList();
        var latest = perSession[^1];
        var before = perSession.Take(perSession.Count - 1).Average();
        if (before == 0)
        {
            return "new";
        }
        return latest < before ? "improving" : latest > before ? "worsening" : "steady";
    }
}
