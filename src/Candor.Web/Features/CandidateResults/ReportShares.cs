using Candor.Web.Data;
using Candor.Web.Features.ApiKeys;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.CandidateResults;

/// <summary>
/// Read-only report links for people without an account (a hiring manager, say). The link carries 32 random
/// bytes; only their SHA-256 is stored, so a database leak exposes no working link.
/// </summary>
public sealed class ReportShares(CandorDbContext db, TimeProvider clock)
{
    /// <summary>The lifetimes offered on the results page, as (form value, label).</summary>
    public static readonly IReadOnlyList<(string Value, string Label, TimeSpan Lifetime)> Lifetimes =
        [("24h", "24 hours", TimeSpan.FromHours(24)), ("7d", "7 days", TimeSpan.FromDays(7)), ("30d", "30 days", TimeSpan.FromDays(30))];

    public sealed record Created(ReportShare Share, string Token);

    /// <summary>Creates a link for an interview of the current organisation; null when there is no such interview.</summary>
    public async Task<Created?> CreateAsync(Guid interviewId, string? lifetime, Reviewer creator, CancellationToken cancellationToken)
    {
        var chosen = Lifetimes.FirstOrDefault(l => l.Value == lifetime);
        if (chosen.Value is null || !await db.Interviews.AnyAsync(i => i.Id == interviewId, cancellationToken))
        {
            return null;
        }
        var token = ApiKeySecrets.NewToken();
        var now = clock.GetUtcNow();
        var share = new ReportShare
        {
            Id = Guid.CreateVersion7(), InterviewId = interviewId, TokenHash = ApiKeySecrets.Hash(token),
            CreatedBy = creator.UserId, CreatedByName = creator.Name, CreatedAt = now, ExpiresAt = now + chosen.Lifetime,
        };
        db.ReportShares.Add(share);
        await db.SaveChangesAsync(cancellationToken);
        return new Created(share, token);
    }

    public async Task<List<ReportShare>> ListActiveAsync(Guid interviewId, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        return await db.ReportShares.AsNoTracking()
            .Where(s => s.InterviewId == interviewId && s.RevokedAt == null && s.ExpiresAt > now)
            .OrderByDescending(s => s.CreatedAt).ToListAsync(cancellationToken);
    }

    /// <summary>Revokes a link of this interview; false when there is none (or it belongs elsewhere).</summary>
    public async Task<bool> RevokeAsync(Guid interviewId, Guid shareId, CancellationToken cancellationToken)
    {
        var share = await db.ReportShares.FirstOrDefaultAsync(s => s.Id == shareId && s.InterviewId == interviewId, cancellationToken);
        if (share is null)
        {
            return false;
        }
        share.RevokedAt ??= clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    /// <summary>
    /// Finds a link by its token across organisations (the visitor has no tenant yet: the link decides it).
    /// Null when unknown; the caller checks <see cref="ReportShare.IsActiveAt"/> to tell expired or revoked apart.
    /// </summary>
    public Task<ReportShare?> FindByTokenAsync(string token, CancellationToken cancellationToken)
    {
        var hash = ApiKeySecrets.Hash(token);
        return db.ReportShares.IgnoreQueryFilters().AsNoTracking().FirstOrDefaultAsync(s => s.TokenHash == hash, cancellationToken);
    }

    public DateTimeOffset Now => clock.GetUtcNow();
}
