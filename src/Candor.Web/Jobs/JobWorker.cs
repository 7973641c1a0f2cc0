using System.Diagnostics;
using System.Text.Json;
using Candor.Web.Data;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Candor.Web.Jobs;

/// <summary>
/// Runs queued jobs. Claims with FOR UPDATE SKIP LOCKED so two workers (on one node or many) never
/// take the same job; sleeps until NOTIFY candor_jobs or the poll interval; retries failures with
/// exponential backoff and full jitter; parks a job as dead after its last attempt. A running job whose
/// worker is gone (see <see cref="WorkerNode"/>) is claimed again at once; its lease is only the backstop.
/// </summary>
public sealed class JobWorker(
    NpgsqlDataSource dataSource,
    WorkerNode node,
    IServiceScopeFactory scopes,
    IEnumerable<JobHandlerRegistration> handlers,
    IOptions<JobQueueOptions> options,
    ILogger<JobWorker> logger) : BackgroundService
{
    private readonly JobQueueOptions _options = options.Value;
    private readonly Dictionary<string, Type> _handlerTypes = handlers.ToDictionary(h => h.Kind, h => h.HandlerType, StringComparer.Ordinal);

    // Named queues (e.g. ai.review-code): their kinds run under the queue's own concurrency, lease and backoff.
    private readonly Dictionary<string, string> _queueOfKind = handlers.Where(h => h.Queue is not null)
        .ToDictionary(h => h.Kind, h => h.Queue!, StringComparer.Ordinal);
    private readonly WakeSignal _wake = new();
    private readonly string _workerId = node.WorkerId;

    public string WorkerId => _workerId;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        _ = Task.Run(() => PostgresNotifications.ListenAsync(dataSource, "candor_jobs", _wake.Set, logger, stoppingToken), stoppingToken);
        try
        {
            // The first claim then takes back what this node's previous run left running.
            await node.RegisteredAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var running = new List<Task>();
        var runningByQueue = _queueOfKind.Values.Distinct(StringComparer.Ordinal).ToDictionary(q => q, _ => new List<Task>(), StringComparer.Ordinal);
        var lastCleanup = DateTimeOffset.MinValue;

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                running.RemoveAll(t => t.IsCompleted);
                var free = _options.Concurrency - running.Count;
                if (free > 0)
                {
                    foreach (var job in await ClaimAsync(free, stoppingToken))
                    {
                        running.Add(RunAsync(job, stoppingToken));
                    }
                }
                foreach (var (queue, queueRunning) in runningByQueue)
                {
                    queueRunning.RemoveAll(t => t.IsCompleted);
                    var queueFree = QueueFor(queue).Concurrency - queueRunning.Count;
                    if (queueFree > 0)
                    {
                        foreach (var job in await ClaimQueueAsync(queue, queueFree, stoppingToken))
                        {
                            queueRunning.Add(RunAsync(job, stoppingToken));
                        }
                    }
                }

                if (DateTimeOffset.UtcNow - lastCleanup > TimeSpan.FromHours(1))
                {
                    await CleanupAsync(stoppingToken);
                    lastCleanup = DateTimeOffset.UtcNow;
                }

                // Wake on NOTIFY, on a finished job (a slot freed), or at the poll interval.
                var waitFor = new List<Task> { _wake.WaitAsync(_options.PollInterval, stoppingToken) };
                waitFor.AddRange(running);
                waitFor.AddRange(runningByQueue.Values.SelectMany(t => t));
                await Task.WhenAny(waitFor);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Job worker loop failed; retrying shortly");
                await Task.Delay(_options.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        await Task.WhenAll(running.Concat(runningByQueue.Values.SelectMany(t => t))).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>A named queue's settings: configured under Candor:Jobs:Queues, else the defaults its feature registered.</summary>
    public JobQueueDefinition QueueFor(string queue) =>
        _options.Queues.TryGetValue(queue, out var definition) ? definition : new JobQueueDefinition();

    /// <summary>Claims due jobs of one named queue, under its own lease (the stall lease), leaving other kinds alone.</summary>
    public Task<IReadOnlyList<ClaimedJob>> ClaimQueueAsync(string queue, int limit, CancellationToken cancellationToken) =>
        ClaimAsync(limit, QueueFor(queue).Lease, _queueOfKind.Where(p => p.Value == queue).Select(p => p.Key).ToArray(), only: true, cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="limit"/> due jobs, including running ones whose worker is gone (stopped, replaced
    /// by a restart of its node, or silent past the node timeout) or whose lease ran out. Runs every poll, so a node
    /// that dies is noticed by the others within <see cref="JobQueueOptions.NodeTimeout"/> plus a poll.
    /// </summary>
    public Task<IReadOnlyList<ClaimedJob>> ClaimAsync(int limit, CancellationToken cancellationToken) =>
        ClaimAsync(limit, _options.Lease, [.. _queueOfKind.Keys], only: false, cancellationToken);

    /// <param name="kinds">With <paramref name="only"/>, the kinds to claim; otherwise the kinds to leave to their queues.</param>
    private async Task<IReadOnlyList<ClaimedJob>> ClaimAsync(int limit, TimeSpan lease, string[] kinds, bool only, CancellationToken cancellationToken)
    {
        var kindFilter = only ? "kind = ANY($5)" : "NOT (kind = ANY($5))";
        await using var command = dataSource.CreateCommand($"""
            UPDATE background_jobs AS j
               SET status = 'running', attempts = j.attempts + 1, locked_by = $1,
                   locked_until = now() + $2, updated_at = now()
             WHERE j.id IN (
                   SELECT id FROM background_jobs
                    WHERE ((status = 'pending' AND run_at <= now())
                       OR (status = 'running' AND (locked_until < now() OR {WorkerNode.WorkerIsGone("locked_by", "$4")})))
                      AND {kindFilter}
                    ORDER BY run_at, id
                    FOR UPDATE SKIP LOCKED
                    LIMIT $3)
            RETURNING j.id, j.kind, j.payload::text, j.organization_id, j.attempts, j.max_attempts
            """);
        command.Parameters.AddWithValue(_workerId);
        command.Parameters.AddWithValue(lease);
        command.Parameters.AddWithValue(limit);
        command.Parameters.AddWithValue(_options.NodeTimeout);
        command.Parameters.AddWithValue(kinds);
        var claimed = new List<ClaimedJob>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            claimed.Add(new ClaimedJob(
                reader.GetInt64(0), reader.GetString(1), reader.GetString(2),
                reader.IsDBNull(3) ? null : reader.GetGuid(3), reader.GetInt32(4), reader.GetInt32(5)));
        }
        return claimed;
    }

    /// <summary>Runs one claimed job to success, retry or death. Public so tests can drive the queue step by step.</summary>
    public async Task RunAsync(ClaimedJob job, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        try
        {
            if (!_handlerTypes.TryGetValue(job.Kind, out var handlerType))
            {
                throw new InvalidOperationException($"No handler registered for job kind '{job.Kind}'.");
            }

            await using var scope = scopes.CreateAsyncScope();
            if (job.OrganizationId is { } organizationId)
            {
                scope.ServiceProvider.GetRequiredService<TenantContext>().Set(organizationId);
            }
            var handler = (IJobHandler)scope.ServiceProvider.GetRequiredService(handlerType);
            using var payload = JsonDocument.Parse(job.Payload);
            await handler.HandleAsync(payload.RootElement, cancellationToken);

            await dataSource.ExecuteAsync("""
                UPDATE background_jobs SET status = 'succeeded', finished_at = now(), updated_at = now(),
                       locked_by = NULL, locked_until = NULL, last_error = NULL
                 WHERE id = $1 AND locked_by = $2
                """, cancellationToken, job.Id, _workerId);
            logger.LogDebug("Job {JobId} ({Kind}) succeeded in {Elapsed} ms", job.Id, job.Kind, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Shutting down: hand the job back untouched so the next start picks it up at once.
            await dataSource.ExecuteAsync("""
                UPDATE background_jobs SET status = 'pending', attempts = greatest(attempts - 1, 0),
                       locked_by = NULL, locked_until = NULL, updated_at = now()
                 WHERE id = $1 AND locked_by = $2
                """, CancellationToken.None, job.Id, _workerId);
        }
        catch (Exception ex)
        {
            var permanent = ex is PermanentJobFailureException;
            var dead = permanent || job.Attempts >= job.MaxAttempts;
            var delay = _queueOfKind.TryGetValue(job.Kind, out var queue) ? QueueFor(queue).RetryDelay(job.Attempts) : RetryDelay(job.Attempts);
            var error = Truncate(ex.ToString(), 4000);
            if (permanent)
            {
                logger.LogError("Job {JobId} ({Kind}) failed permanently on attempt {Attempt}; parked as dead without retrying: {Reason}",
                    job.Id, job.Kind, job.Attempts, ex.Message);
            }
            else if (dead)
            {
                logger.LogError(ex, "Job {JobId} ({Kind}) failed on attempt {Attempt} of {Max}; parked as dead", job.Id, job.Kind, job.Attempts, job.MaxAttempts);
            }
            else
            {
                logger.LogWarning(ex, "Job {JobId} ({Kind}) failed on attempt {Attempt} of {Max}; retrying in {Delay}", job.Id, job.Kind, job.Attempts, job.MaxAttempts, delay);
            }
            await dataSource.ExecuteAsync("""
                UPDATE background_jobs
                   SET status = CASE WHEN $3 THEN 'dead' ELSE 'pending' END,
                       run_at = now() + $4, last_error = $5, updated_at = now(),
                       locked_by = NULL, locked_until = NULL
                 WHERE id = $1 AND locked_by = $2
                """, CancellationToken.None, job.Id, _workerId, dead, delay, error);
        }
    }

    /// <summary>Exponential backoff with full jitter: uniform in [base·2^(n−1)/2, base·2^(n−1)], capped.</summary>
    internal TimeSpan RetryDelay(int attempt)
    {
        var exponential = _options.BaseRetryDelay.TotalMilliseconds * Math.Pow(2, Math.Max(0, attempt - 1));
        var capped = Math.Min(exponential, _options.MaxRetryDelay.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(capped / 2 + Random.Shared.NextDouble() * capped / 2);
    }

    private Task CleanupAsync(CancellationToken cancellationToken) =>
        dataSource.ExecuteAsync("DELETE FROM background_jobs WHERE status = 'succeeded' AND finished_at < now() - $1",
            cancellationToken, _options.KeepSucceededFor);

    private static string Truncate(string value, int max) => value.Length <= max ? value : value[..max];

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}

public sealed record ClaimedJob(long Id, string Kind, string Payload, Guid? OrganizationId, int Attempts, int MaxAttempts);
