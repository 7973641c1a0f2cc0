using Candor.Web.Data;
using Candor.Web.Infrastructure;
using Candor.Web.Infrastructure.Blobs;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Audio;

/// <summary>
/// GET /api/v1/audio/{blob key}?expires=&amp;signature=: both sides of a voice interview for whoever holds a recruiter's
/// signed link (<see cref="AudioUrls"/>). The signature is the credential; the blob must also belong, in the
/// database, to the organisation the signed key names. A candidate's token opens nothing here.
/// </summary>
public static class AudioApi
{
    public static RouteGroupBuilder MapAudioApi(this RouteGroupBuilder api)
    {
        api.MapGet("/audio/{**key}", GetAsync).WithTags("Audio").AllowAnonymous();
        return api;
    }

    private static async Task<IResult> GetAsync(
        string key, string? expires, string? signature, AudioUrls urls, CandorDbContext db, IBlobStore blobs, PromptAudio prompts,
        HttpContext http, CancellationToken cancellationToken)
    {
        if (!BlobKey.TryParse(key, out var blob))
        {
            throw ApiProblemException.NotFound("This recording");
        }
        switch (urls.Verify(blob, expires, signature))
        {
            case AudioUrlVerdict.Invalid:
                throw new ApiProblemException(StatusCodes.Status403Forbidden, "Forbidden",
                    "This audio link is not valid: it must be used exactly as Candor issued it.", "signed_url_invalid");
            case AudioUrlVerdict.Expired:
                throw new ApiProblemException(StatusCodes.Status403Forbidden, "Forbidden",
                    "This audio link has expired. Open the results again for a fresh one.", "signed_url_expired");
        }
        if (db.Tenant.OrganizationId is { } caller && caller != blob.OrganizationId)
        {
            throw ApiProblemException.NotFound("This recording"); // An API key of another organisation came along.
        }
        db.Tenant.Set(blob.OrganizationId);

        StoredBlob? audio = null;
        if (await db.VoiceRecordings.AsNoTracking().AnyAsync(r => r.AudioKey == blob.Value, cancellationToken))
        {
            audio = await blobs.GetAsync(blob, cancellationToken);
        }
        else if (PromptAudio.TryParseWholeKey(blob, out var interviewId, out var turnId)
            && await db.InterviewTurns.AsNoTracking().FirstOrDefaultAsync(t => t.Id == turnId && t.InterviewId == interviewId, cancellationToken) is { } turn)
        {
            audio = await prompts.GetOrCreateAsync(turn, cancellationToken);
        }
        if (audio is null)
        {
            throw ApiProblemException.NotFound("This recording");
        }
        http.Response.Headers.CacheControl = $"private, max-age={urls.SecondsLeft(expires!)}";
        return Results.File(audio.Content, audio.ContentType, enableRangeProcessing: audio.Content.CanSeek);
    }
}
