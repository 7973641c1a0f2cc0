using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Interviews;

/// <summary>
/// Links retired by "Resend invitation" (their hashes, in superseded_interview_links). A candidate who opens an old
/// link is told a newer one was sent, not that the interview does not exist; the API answers 410 <c>link_superseded</c>.
/// </summary>
public static class SupersededLinks
{
    public const string ProblemCode = "link_superseded";

    public static ApiProblemException Problem() =>
        ApiProblemException.Gone("A newer link to this interview was sent to the candidate; this one no longer works. Use the link in the most recent invitation.", ProblemCode);

    /// <summary>Records the interview's current link as retired; call before issuing the new one, in the same transaction.</summary>
    public static Task RecordAsync(CandorDbContext db, Interview interview, DateTimeOffset now, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"""
            INSERT INTO superseded_interview_links (token_hash, organization_id, interview_id, superseded_at)
            VALUES ({interview.TokenHash}, {interview.OrganizationId}, {interview.Id}, {now})
            ON CONFLICT (token_hash) DO NOTHING
            """, cancellationToken);

    /// <summary>The organisation whose interview a retired link belonged to; null when the hash was never a retired link.</summary>
    public static async Task<Guid?> OrganizationOfAsync(CandorDbContext db, string tokenHash, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<Guid>($"SELECT organization_id AS \"Value\" FROM superseded_interview_links WHERE token_hash = {tokenHash}")
            .ToListAsync(cancellationToken)).Cast<Guid?>().FirstOrDefault();
}
