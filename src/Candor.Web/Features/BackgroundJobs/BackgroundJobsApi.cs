using System.Text.Json;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.BackgroundJobs;

public sealed record BackgroundJobResponse(
    long Id, string Kind, BackgroundJobStatus Status, int Attempts, int MaxAttempts, JsonElement Payload,
    string? LastError, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, DateTimeOffset RunAt, DateTimeOffset? FinishedAt)
{
    public static BackgroundJobResponse From(BackgroundJob j) => new(
        j.Id, j.Kind, j.Status, j.Attempts, j.MaxAttempts, j.Payload.RootElement.Clone(),
        j.LastError, j.CreatedAt, j.UpdatedAt, j.RunAt, j.FinishedAt);
}

/// <summary>
/// The organisation's background work (answer scoring, reports): what is queued, what failed for
/// good, and a way to replay a dead job once the cause is fixed.
/// </summary>
public static class BackgroundJobsApi
{
    public static RouteGroupBuilder MapBackgroundJobsApi(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/background-jobs").WithTags("Background jobs");
        jobs.MapGet("/", List).RequireScope("interviews:read");
        jobs.MapPost("/{id:long}/retry", Retry).RequireScope("interviews:write");
        return api;
    }

    private static async Task<Ok<PagedList<BackgroundJobResponse>>> List(
        CandorDbContext db, string? status, int? page, [FromQuery(Name = "page_size")] int? pageSize, CancellationToken cancellationToken)
    {
        var paging = Paging.From(page, pageSize);
        var query = OwnJobs(db);
        if (!string.IsNullOrEmpty(status))
        {
            if (!CandorJson.TryParseEnum<BackgroundJobStatus>(status, out var wanted))
            {
                new FieldErrors().Add("status", "The field 'status' must be one of: pending, running, succeeded, dead.").ThrowIfAny();
            }
            query = query.Where(j => j.Status == wanted);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(j => j.UpdatedAt).ThenByDescending(j => j.Id)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<BackgroundJobResponse>(items.Select(BackgroundJobResponse.From).ToList(), paging.Number, paging.Size, total));
    }

    /// <summary>Puts a dead job back in the queue with a fresh set of attempts.</summary>
    private static async Task<Ok<BackgroundJobResponse>> Retry(long id, CandorDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var job = await OwnJobs(db).AsTracking().FirstOrDefaultAsync(j => j.Id == id, cancellationToken)
            ?? throw ApiProblemException.NotFound($"Background job {id}");
        if (job.Status != BackgroundJobStatus.Dead)
        {
            throw ApiProblemException.Conflict($"Only dead jobs can be retried; this one is {CandorJson.EnumName(job.Status)}.", "wrong_state");
        }
        var now = clock.GetUtcNow();
        job.Status = BackgroundJobStatus.Pending;
        job.Attempts = 0;
        job.RunAt = now;
        job.UpdatedAt = now;
        job.FinishedAt = null;
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(BackgroundJobResponse.From(job));
    }

    // The queue table is shared infrastructure, not tenant-filtered: scope it to the caller explicitly.
    private static IQueryable<BackgroundJob> OwnJobs(CandorDbContext db) =>
        db.BackgroundJobs.AsNoTracking().Where(j => j.OrganizationId == db.Tenant.OrganizationId);
}
