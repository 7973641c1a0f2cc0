using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Audio;
using Candor.Web.Infrastructure;
using Candor.Web.Infrastructure.Blobs;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Sessions;

/// <summary>
/// GET /api/v1/sessions/{token}/turns/{turn_id}/audio[?part=N]: the interviewer's words as audio, for the candidate
/// whose token it is and that interview's turns only. Without <c>part</c>, the whole turn (synthesised on first
/// request, then kept); with it, the sentence announced by an <c>audio</c> event while the reply streamed.
/// </summary>
public static class TurnAudio
{
    public static async Task<IResult> GetAsync(
        string token, Guid turnId, int? part, InterviewConductor conductor, CandorDbContext db, IBlobStore blobs, PromptAudio prompts,
        HttpContext http, CancellationToken cancellationToken)
    {
        var interview = await conductor.FindByTokenAsync(token, cancellationToken);
        switch (interview.Status)
        {
            case InterviewStatus.Cancelled:
                throw ApiProblemException.Gone("This interview was cancelled by the hiring team.", "interview_cancelled");
            case InterviewStatus.Expired:
                throw ApiProblemException.Gone("This interview link has expired.", "interview_expired");
        }

        StoredBlob audio;
        if (part is { } number)
        {
            // A part exists only once it was spoken for this interview's reply: the key is built from the token's interview.
            audio = number >= 0 && await blobs.GetAsync(PromptAudio.PartKey(interview.OrganizationId, interview.Id, turnId, number), cancellationToken) is { } stored
                ? stored
                : throw new ApiProblemException(StatusCodes.Status404NotFound, "No audio", $"Part {number} of turn {turnId}'s audio was not found.", "no_audio");
        }
        else
        {
            var turn = await db.InterviewTurns.AsNoTracking().FirstOrDefaultAsync(t => t.Id == turnId && t.InterviewId == interview.Id, cancellationToken)
                ?? throw ApiProblemException.NotFound($"Turn {turnId} of this interview");
            audio = await prompts.GetOrCreateAsync(turn, cancellationToken);
        }
        // The words of a turn never change, so the browser may keep them for the interview's length.
        http.Response.Headers.CacheControl = "private, max-age=3600";
        return Results.File(audio.Content, audio.ContentType, enableRangeProcessing: audio.Content.CanSeek);
    }
}
