using Candor.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.CandidateResults;

/// <summary>
/// The candidate's whiteboard sketches, served to the signed-in workspace only (cookie, ViewResults): the results
/// API links here rather than inlining megabytes of base64 in every transcript.
/// </summary>
public static class Whiteboards
{
    public static string UrlFor(Guid interviewId, Guid turnId) => $"/app/interviews/{interviewId}/turns/{turnId}/whiteboard.png";

    /// <summary>Tenant-filtered like every query: another organisation's turn, or a turn without a sketch, is a 404.</summary>
    public static async Task<IResult> DownloadAsync(Guid id, Guid turnId, CandorDbContext db, CancellationToken cancellationToken)
    {
        var png = await db.InterviewTurns.AsNoTracking()
            .Where(t => t.Id == turnId && t.InterviewId == id)
            .Select(t => t.WhiteboardPng)
            .FirstOrDefaultAsync(cancellationToken);
        return png is null ? Results.NotFound() : Results.File(png, "image/png");
    }
}
