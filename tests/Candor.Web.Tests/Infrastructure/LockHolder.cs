using Npgsql;

namespace Candor.Web.Tests.Infrastructure;

/// <summary>
/// Holds a database lock from outside the app, so requests that need it stop part-way and can be caught in flight:
/// concurrency made deterministic instead of hoped for. Released on <see cref="ReleaseAsync"/> or dispose.
/// </summary>
public sealed class LockHolder : IAsyncDisposable
{
    private readonly NpgsqlConnection _connection;
    private readonly NpgsqlTransaction _transaction;

    private LockHolder(NpgsqlConnection connection, NpgsqlTransaction transaction)
    {
        _connection = connection;
        _transaction = transaction;
    }

    /// <summary>Runs <paramref name="lockSql"/> (e.g. <c>LOCK TABLE …</c> or <c>SELECT … FOR UPDATE</c>) in a transaction left open.</summary>
    public static async Task<LockHolder> TakeAsync(CandorApp app, string lockSql, params object[] parameters)
    {
        var connection = new NpgsqlConnection(app.ConnectionString);
        await connection.OpenAsync();
        var transaction = await connection.BeginTransactionAsync();
        await using var command = new NpgsqlCommand(lockSql, connection, transaction);
        foreach (var parameter in parameters)
        {
            command.Parameters.AddWithValue(parameter);
        }
        await command.ExecuteNonQueryAsync();
        return new LockHolder(connection, transaction);
    }

    /// <summary>Waits until <paramref name="count"/> sessions of this database wait on a lock (ours, presumably).</summary>
    public async Task WaitForWaitersAsync(int count)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (true)
        {
            await using var command = new NpgsqlCommand(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'", _connection, _transaction);
            var waiting = (long)(await command.ExecuteScalarAsync())!;
            if (waiting >= count)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Only {waiting} of {count} sessions came to wait on the held lock.");
            }
            await Task.Delay(20);
        }
    }

    public Task ReleaseAsync() => _transaction.RollbackAsync();

    public async ValueTask DisposeAsync()
    {
        await _transaction.DisposeAsync();
        await _connection.DisposeAsync();
    }
}
