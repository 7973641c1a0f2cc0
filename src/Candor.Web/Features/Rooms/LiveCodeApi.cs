using Candor.Web.Data;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Net.Http.Headers;

namespace Candor.Web.Features.Rooms;

public sealed record PushCodeRequest(string? Code, string? Language);

public sealed record PushCodeResponse(long Version, DateTimeOffset UpdatedAt);

/// <summary>The room's editor as last pushed; <c>version</c> 0 and no code before anyone typed.</summary>
public sealed record LiveCodeView(long Version, string? Code, string? Language, RoomRole? UpdatedBy, DateTimeOffset? UpdatedAt);

/// <summary>
/// Live code: the candidate's editor pushes its text as they type (debounced by the page) and an interviewer watches
/// it change, in a peer room as in an AI room. The watcher polls with If-None-Match and gets 304 until the version
/// moves, so an idle room costs one indexed read per poll and no body.
/// </summary>
public static class LiveCodeApi
{
    public static RouteGroupBuilder MapLiveCodeApi(this RouteGroupBuilder api)
    {
        var rooms = api.MapGroup("/rooms").WithTags("Rooms");
        rooms.MapPut("/{roomId:guid}/code", PushAsync);
        rooms.MapGet("/{roomId:guid}/code", WatchAsync);
        return api;
    }

    private static async Task<Ok<PushCodeResponse>> PushAsync(Guid roomId, PushCodeRequest request, HttpContext http, RoomAccess access, CandorDbContext db,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        var caller = await access.RequireAsync(http, roomId, RoomCapabilities.CodeEdit, cancellationToken);
        var errors = new FieldErrors();
        if (request.Code is null)
        {
            errors.Add("code", "The field 'code' is required (an empty string clears the editor).");
        }
        else if (request.Code.Length > RoomsApi.MaxCodeLength)
        {
            errors.Add("code", $"The field 'code' must be at most {RoomsApi.MaxCodeLength:N0} characters.");
        }
        RoomLanguages.Of(errors, request.Language);
        errors.ThrowIfAny();

        var now = clock.GetUtcNow();
        var role = CandorJson.EnumName(caller.Role);
        // One statement, so two pushes racing each other both land and the version counts both (last writer wins).
        var versions = await db.Database.SqlQuery<long>($"""
            INSERT INTO room_live_code (room_id, organization_id, code, language, version, member_id, role, updated_at)
            VALUES ({roomId}, {caller.Room.OrganizationId}, {request.Code}, {request.Language}, 1, {caller.MemberId}, {role}, {now})
            ON CONFLICT (room_id) DO UPDATE SET code = EXCLUDED.code, language = EXCLUDED.language,
                version = room_live_code.version + 1, member_id = EXCLUDED.member_id, role = EXCLUDED.role, updated_at = EXCLUDED.updated_at
            RETURNING version AS "Value"
            """).ToListAsync(cancellationToken); // An INSERT … RETURNING can't be composed over: no SingleAsync.
        return TypedResults.Ok(new PushCodeResponse(versions.Single(), now));
    }

    private static async Task<IResult> WatchAsync(Guid roomId, HttpContext http, RoomAccess access, CandorDbContext db, CancellationToken cancellationToken)
    {
        await access.RequireAsync(http, roomId, RoomCapabilities.CodeView, cancellationToken);
        var live = await db.Set<RoomLiveCode>().AsNoTracking().FirstOrDefaultAsync(l => l.RoomId == roomId, cancellationToken);
        var etag = new EntityTagHeaderValue($"\"{live?.Version ?? 0}\"");
        http.Response.Headers.CacheControl = "no-cache";
        http.Response.Headers.ETag = etag.ToString();
        if (EntityTagHeaderValue.TryParseList(http.Request.Headers.IfNoneMatch, out var seen) && seen.Any(tag => tag.Compare(etag, useStrongComparison: true)))
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }
        return TypedResults.Ok(live is null
            ? new LiveCodeView(0, null, null, null, null)
            : new LiveCodeView(live.Version, live.Code, live.Language, live.Role, live.UpdatedAt));
    }
}
