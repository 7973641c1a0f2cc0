using Npgsql;

namespace Candor.Web.Jobs;

/// <summary>
/// LISTEN/NOTIFY wake-ups for the database-backed workers (job queue, webhook delivery). A
/// notification only says "look now"; workers still poll, so a lost connection costs latency, never work.
/// </summary>
public static class PostgresNotifications
{
    /// <summary>Calls <paramref name="onNotification"/> for every NOTIFY on <paramref name="channel"/> until stopped, reconnecting after failures.</summary>
    public static async Task ListenAsync(NpgsqlDataSource dataSource, string channel, Action onNotification, ILogger logger, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var connection = await dataSource.OpenConnectionAsync(stoppingToken);
                connection.Notification += (_, _) => onNotification();
                await using (var listen = new NpgsqlCommand($"LISTEN {channel}", connection))
                {
                    await listen.ExecuteNonQueryAsync(stoppingToken);
                }
                while (!stoppingToken.IsCancellationRequested)
                {
                    await connection.WaitAsync(stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // Polling still runs; reconnect the listener after a pause.
                logger.LogWarning(ex, "LISTEN {Channel} connection lost; reconnecting", channel);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Runs one statement with positional parameters ($1, $2, …).</summary>
    public static async Task<int> ExecuteAsync(this NpgsqlDataSource dataSource, string sql, CancellationToken cancellationToken, params object[] parameters)
    {
        await using var command = dataSource.CreateCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}

/// <summary>
/// Wakes a worker loop early. Signals coalesce (a burst of NOTIFYs is one wake-up, not one loop per
/// row), and the loop keeps waiting on the same pending wait across iterations, so a wait abandoned
/// because a running task finished first cannot swallow a later signal.
/// </summary>
public sealed class WakeSignal : IDisposable
{
    private readonly SemaphoreSlim _semaphore = new(0, 1);
    private Task<bool>? _pending;

    public void Set()
    {
        if (_semaphore.CurrentCount > 0)
        {
            return;
        }
        try
        {
            _semaphore.Release();
        }
        catch (SemaphoreFullException)
        {
            // Set concurrently by another notification: one wake-up is enough.
        }
    }

    /// <summary>Completes on a signal or after <paramref name="timeout"/>; only the worker's own loop calls this.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_pending is null || _pending.IsCompleted)
        {
            _pending = _semaphore.WaitAsync(timeout, cancellationToken);
        }
        return _pending;
    }

    public void Dispose() => _semaphore.Dispose();
}
