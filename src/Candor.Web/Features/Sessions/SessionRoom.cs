using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Rooms;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Sessions;

/// <summary>
/// <c>GET|POST /api/v1/sessions/{token}/room</c>: the candidate reaches their technical stage's room from their interview
/// link. The interview token is the only credential; the room's own candidate token is derived from it (see
/// <see cref="StageRooms"/>), so answering here never needs a stored secret.
/// </summary>
public static class SessionRoom
{
    public static RouteGroupBuilder MapSessionRoom(this RouteGroupBuilder sessions)
    {
        sessions.MapGet("/room", GetAsync);
        sessions.MapPost("/room", OpenAsync);
        return sessions;
    }

    /// <summary>The stage's room: 404 for an unknown link or an interview without one, 410 once the interview is cancelled or expired.</summary>
    private static async Task<Ok<StageRoomResponse>> GetAsync(
        string token, InterviewConductor conductor, StageRooms rooms, TimeProvider clock, CancellationToken cancellationToken)
    {
        var interview = await conductor.FindByTokenAsync(token, cancellationToken);
        EnsureOpen(interview, clock.GetUtcNow());
        var room = await rooms.FindAsync(interview.Id, cancellationToken) ?? throw NoRoom(interview);
        return TypedResults.Ok(await rooms.CandidateViewAsync(room, token, cancellationToken));
    }

    /// <summary>
    /// Opens the stage's room if it has none yet (interviews scheduled before stages opened rooms themselves): 201 when
    /// opened, 200 with the same room on every later call. Only a technical stage has a room (409 otherwise).
    /// </summary>
    private static async Task<Results<Created<StageRoomResponse>, Ok<StageRoomResponse>>> OpenAsync(
        string token, InterviewConductor conductor, StageRooms rooms, CandorDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var interview = await conductor.FindByTokenAsync(token, cancellationToken);
        var now = clock.GetUtcNow();
        EnsureOpen(interview, now);
        if (!StageRooms.OpensRoom(interview.StageType))
        {
            throw ApiProblemException.Conflict(
                $"This is a {CandorJson.EnumName(interview.StageType)} interview; only a technical_ai_assisted stage has a coding room.", "not_a_technical_stage");
        }

        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        // The interview's row lock makes two concurrent opens take turns: the second finds the first's room.
        await db.LockInterview(interview.Id).FirstAsync(cancellationToken);
        var room = await rooms.FindAsync(interview.Id, cancellationToken);
        var opened = room is null;
        if (room is null)
        {
            if (interview.Status == InterviewStatus.Completed)
            {
                throw ApiProblemException.Conflict("This interview is completed; a room is no longer opened for it.", "wrong_state");
            }
            var job = interview.Job ?? await db.Jobs.AsNoTracking().FirstAsync(j => j.Id == interview.JobId, cancellationToken);
            room = await rooms.OpenAsync(interview, job, token, now, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
        var view = await rooms.CandidateViewAsync(room, token, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return opened
            ? TypedResults.Created($"/api/v1/sessions/{Uri.EscapeDataString(token)}/room", view)
            : TypedResults.Ok(view);
    }

    /// <summary>The same 410s the interview link itself answers with: the room is part of the interview.</summary>
    private static void EnsureOpen(Interview interview, DateTimeOffset now)
    {
        if (interview.Status == InterviewStatus.Cancelled)
        {
            throw ApiProblemException.Gone("This interview was cancelled by the hiring team.", "interview_cancelled");
        }
        if (interview.Status == InterviewStatus.Expired || (interview.Status == InterviewStatus.Scheduled && interview.ExpiresAt <= now))
        {
            throw ApiProblemException.Gone("This interview link has expired.", "interview_expired");
        }
    }

    private static ApiProblemException NoRoom(Interview interview) => new(StatusCodes.Status404NotFound, "Not found",
        StageRooms.OpensRoom(interview.StageType)
            ? "This interview's room is not open yet; POST to this address to open it."
            : "This interview has no coding room (only a technical_ai_assisted stage has one).",
        "no_room");
}
