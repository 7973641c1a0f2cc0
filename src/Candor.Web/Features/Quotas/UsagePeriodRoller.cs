using Microsoft.Extensions.Options;
using Npgsql;

namespace Candor.Web.Features.Quotas;

/// <summary>
/// Opens each organisation's counter for the new month and prunes months past the retention.
/// Correctness never depends on it (counting is by period_start, so a new month starts at zero even
/// if this runs late); it keeps the table small and the rows ready. Safe on every node at once.
/// </summary>
public sealed class UsagePeriodRoller(NpgsqlDataSource dataSource, IOptionsMonitor<QuotaOptions> options, TimeProvider clock, ILogger<UsagePeriodRoller> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CurrentValue.MaintenanceInterval, clock);
        do
        {
            try
            {
                await RollAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Usage period roll-over failed; will retry next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
    }

    public async Task RollAsync(CancellationToken cancellationToken)
    {
        var period = UsagePeriod.Containing(clock.GetUtcNow());
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(new NpgsqlBatchCommand("""
            INSERT INTO organization_usage (organization_id, period_start, interviews_scheduled)
            SELECT id, $1, 0 FROM organizations
            ON CONFLICT (organization_id, period_start) DO NOTHING
            """) { Parameters = { new() { Value = period.Start } } });
        batch.BatchCommands.Add(new NpgsqlBatchCommand("DELETE FROM organization_usage WHERE period_start < $1")
        {
            Parameters = { new() { Value = period.Start.AddMonths(-options.CurrentValue.MonthsKept) } },
        });
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }
}
