using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Greenhouse;
using Candor.Web.Features.Scoring;
using Candor.Web.Features.Webhooks;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Candor.Web.Features.Interviews;

/// <summary>
/// Expires links that were never used and closes interviews the candidate walked away from.
/// An abandoned interview is completed with end reason "abandoned": what was answered is still
/// scored and reported. Safe to run on every node at once (row locks, idempotent updates).
/// </summary>
public sealed class InterviewSweeper(NpgsqlDataSource dataSource, IServiceScopeFactory scopes, IOptions<CandorOptions> options, TimeProvider clock, ILogger<InterviewSweeper> logger) : BackgroundService
{
    private readonly InterviewOptions _options = options.Value.Interviews;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.SweepInterval);
        do
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Interview sweep failed; will retry next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
    }

    public async Task SweepAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        await ExpireAsync(now, cancellationToken);

        var idle = new List<(Guid Id, Guid OrganizationId)>();
        await using (var find = dataSource.CreateCommand(
            "SELECT id, organization_id FROM interviews WHERE status = 'in_progress' AND last_activity_at <= $1 LIMIT 500"))
        {
            find.Parameters.AddWithValue(now - _options.IdleLimit);
            await using var reader = await find.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                idle.Add((reader.GetGuid(0), reader.GetGuid(1)));
            }
        }

        foreach (var (id, organizationId) in idle)
        {
            await AbandonAsync(id, organizationId, now, cancellationToken);
        }
    }

    /// <summary>Expires unused links in one statement, with their interview.expired events in the same transaction.</summary>
    private async Task ExpireAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var events = new List<(Guid OrganizationId, string Type, object Data)>();
        var expired = new List<Guid>();
        await using (var expire = new NpgsqlCommand("""
            UPDATE interviews SET status = 'expired', ended_at = $1 WHERE status = 'scheduled' AND expires_at <= $1
            RETURNING id, organization_id, external_id, job_id
            """, connection, transaction))
        {
            expire.Parameters.AddWithValue(now);
            await using var reader = await expire.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var id = reader.GetGuid(0);
                expired.Add(id);
                var data = new InterviewEventData(id, id, reader.IsDBNull(2) ? null : reader.GetString(2), reader.GetGuid(3), InterviewStatus.Expired, EndReason: null);
                events.Add((reader.GetGuid(1), WebhookEventTypes.InterviewExpired, data));
            }
        }
        await OutboxExtensions.InsertEventsAsync(connection, transaction, events, now, cancellationToken);
        await GreenhouseCallbackJob.EnqueueForExpiredAsync(connection, transaction, expired, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        if (events.Count > 0)
        {
            logger.LogInformation("Expired {Count} unused interview links", events.Count);
        }
    }

    private async Task AbandonAsync(Guid id, Guid organizationId, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(organizationId);
        var db = scope.ServiceProvider.GetRequiredService<CandorDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var interview = await db.LockInterview(id).FirstAsync(cancellationToken);
        if (interview.Status != InterviewStatus.InProgress || interview.LastActivityAt > now - _options.IdleLimit)
        {
            return; // Someone answered, or another node got here first.
        }
        interview.Status = InterviewStatus.Completed;
        interview.EndReason = EndReason.Abandoned;
        interview.EndedAt = now;
        db.AddEvent(WebhookEventTypes.InterviewCompleted, InterviewEvents.Data(interview), now);
        var turns = await db.InterviewTurns.Where(t => t.InterviewId == id).ToListAsync(cancellationToken);
        ReportTrigger.QueueReportIfReady(db, interview, turns);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Interview {InterviewId} abandoned after {IdleLimit} idle; scoring what was answered", id, _options.IdleLimit);
    }
}
