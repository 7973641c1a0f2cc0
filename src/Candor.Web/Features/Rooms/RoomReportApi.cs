using System.Security.Claims;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Candor.Web.Features.Rooms;

/// <summary>
/// <c>GET /api/v1/rooms/{roomId}/report</c>: the room's report for the recruiter, by session (any member, as the
/// results page) or an API key with <c>interviews:read</c> (as the results API). A candidate's room token is refused:
/// the report holds scores and weakness signals, which candidates never see. Another room's token or another
/// organisation's room is 404, as on every room route.
/// </summary>
public static class RoomReportApi
{
    public const string ReadScope = "interviews:read";

    public static RouteGroupBuilder MapRoomReportApi(this RouteGroupBuilder api)
    {
        api.MapGet("/rooms/{roomId:guid}/report", Get).WithTags("Rooms")
            .WithDescription("The room's report for the recruiter: runs and submissions with their code, hints and their levels, every code review, difficulty over time, weakness signals with evidence. Never for a candidate.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }

    private static async Task<Ok<RoomReport>> Get(Guid roomId, HttpContext http, RoomAccess access, RoomReports reports, CancellationToken cancellationToken)
    {
        var caller = await access.ResolveAsync(http, roomId, cancellationToken);
        if (caller.MemberId is not null)
        {
            throw new ApiProblemException(StatusCodes.Status403Forbidden, "Forbidden",
                "The room's report is for the hiring team: sign in, or use an API key with the interviews:read scope.", "recruiters_only");
        }
        if (http.User.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim) is not null
            && !http.User.HasClaim(ApiKeyAuthenticationHandler.ScopeClaim, ReadScope))
        {
            throw new ApiProblemException(StatusCodes.Status403Forbidden, "Forbidden",
                $"This API key lacks the {ReadScope} scope the room's report needs.", "missing_scope");
        }
        return TypedResults.Ok(await reports.ForRoomAsync(caller.Room.Id, cancellationToken) ?? throw ApiProblemException.NotFound("The room"));
    }
}
