using Microsoft.Extensions.Options;
using Npgsql;

namespace Candor.Web.Jobs;

/// <summary>
/// This process as the database-backed workers (job queue, webhook delivery) see it: a node name that stays the
/// same across restarts (Candor:Jobs:NodeId, by default the machine name) and this run's worker id, which is what
/// their claims record as locked_by. The run beats a heartbeat in worker_heartbeats. Work locked by a run that
/// stopped, that a newer run of the same node replaced (it crashed and came back), or whose heartbeat is older than
/// <see cref="JobQueueOptions.NodeTimeout"/> (its node died) is taken over at once rather than after its lease.
/// </summary>
public sealed class WorkerNode(NpgsqlDataSource dataSource, IOptions<JobQueueOptions> options, ILogger<WorkerNode> logger) : BackgroundService
{
    /// <summary>
    /// The SQL condition, for a row's <c>locked_by</c>, that its worker is gone; <c>$timeout</c> is a parameter holding
    /// <see cref="JobQueueOptions.NodeTimeout"/>. A worker with no heartbeat row at all (a version before heartbeats)
    /// is left to its lease.
    /// </summary>
    public static string WorkerIsGone(string lockedBy, string timeout) =>
        $"{lockedBy} IN (SELECT worker_id FROM worker_heartbeats WHERE stopped_at IS NOT NULL OR heartbeat_at < now() - {timeout})";

    private readonly JobQueueOptions _options = options.Value;
    private readonly TaskCompletionSource _registered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public string Node { get; } = NodeOf(options.Value);

    /// <summary>Unique to this run: a restarted node is a new worker of the same node.</summary>
    public string WorkerId { get; } = $"{NodeOf(options.Value)}/{Environment.ProcessId}/{Guid.NewGuid():N}";

    /// <summary>How long a silent worker is trusted to be alive (<see cref="JobQueueOptions.NodeTimeout"/>).</summary>
    public TimeSpan Timeout => _options.NodeTimeout;

    private static string NodeOf(JobQueueOptions options) => options.NodeId is { Length: > 0 } node ? node : Environment.MachineName;

    /// <summary>Completes once this run is registered, so a worker's first claim already sees its node's earlier run as gone.</summary>
    public Task RegisteredAsync(CancellationToken cancellationToken) => _registered.Task.WaitAsync(cancellationToken);

    /// <summary>
    /// Records this run and marks every earlier run of this node as stopped: a node starting up is proof that its
    /// previous run is dead, so what that run was doing is taken over now. Public so tests can drive it.
    /// </summary>
    public async Task RegisterAsync(CancellationToken cancellationToken)
    {
        await using var batch = dataSource.CreateBatch();
        batch.BatchCommands.Add(Command("""
            INSERT INTO worker_heartbeats (worker_id, node) VALUES ($1, $2)
            ON CONFLICT (worker_id) DO UPDATE SET heartbeat_at = now(), stopped_at = NULL
            """, WorkerId, Node));
        batch.BatchCommands.Add(Command("""
            UPDATE worker_heartbeats SET stopped_at = now() WHERE node = $2 AND worker_id <> $1 AND stopped_at IS NULL
            """, WorkerId, Node));
        // Runs silent for a day hold nothing: every lease they took has long run out.
        batch.BatchCommands.Add(Command("DELETE FROM worker_heartbeats WHERE heartbeat_at < now() - interval '1 day'"));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        _registered.TrySetResult();
        logger.LogInformation("Worker {WorkerId} of node {Node} registered", WorkerId, Node);
    }

    /// <summary>One heartbeat. Public so tests can drive it.</summary>
    public async Task BeatAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("UPDATE worker_heartbeats SET heartbeat_at = now() WHERE worker_id = $1 RETURNING stopped_at IS NOT NULL");
        command.Parameters.AddWithValue(WorkerId);
        var replaced = await command.ExecuteScalarAsync(cancellationToken);
        if (replaced is null)
        {
            await RegisterAsync(cancellationToken); // Our row was cleaned away (a long database outage): start over.
        }
        else if (replaced is true)
        {
            // Another process registered with our node name: it took over our work and will keep doing so.
            logger.LogError("Another process runs as node {Node}: give every node its own Candor:Jobs:NodeId", Node);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested && !_registered.Task.IsCompleted)
        {
            try
            {
                await RegisterAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(ex, "Could not register worker {WorkerId}; retrying", WorkerId);
                await Task.Delay(_options.HeartbeatInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        using var timer = new PeriodicTimer(_options.HeartbeatInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    await BeatAsync(stoppingToken);
                }
                catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
                {
                    logger.LogWarning(ex, "Heartbeat of worker {WorkerId} failed", WorkerId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Stops after the workers (it is registered before them): anything they failed to hand back is free at once.</summary>
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        try
        {
            await dataSource.ExecuteAsync("UPDATE worker_heartbeats SET stopped_at = now() WHERE worker_id = $1", cancellationToken, WorkerId);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not record that worker {WorkerId} stopped; its work is taken over after {Timeout}", WorkerId, _options.NodeTimeout);
        }
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }
        return command;
    }
}
