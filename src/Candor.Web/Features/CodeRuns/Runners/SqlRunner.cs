using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Candor.Web.Data;
using Candor.Web.Sandbox;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Candor.Web.Features.CodeRuns.Runners;

/// <summary>
/// SQL: each run gets a throwaway PostgreSQL login role and a schema it owns, in a separate database
/// ("&lt;app database&gt;_sandbox" when the app may create it). The candidate's query runs over the role's own
/// connection (so RESET ROLE leads nowhere) with a statement timeout, a client-side timeout that cancels it
/// even if the query turned the timeout off, and capped rows. Each test runs its setup and the query in a
/// transaction that is rolled back; the schema and the role are dropped after the run.
/// Output: one line per row, columns separated by "|", NULL for nulls.
/// </summary>
public sealed class SqlRunner(IConfiguration configuration, IOptions<SandboxOptions> options, ILogger<SqlRunner> logger)
{
    private readonly SandboxOptions options = options.Value;
    private readonly SemaphoreSlim databaseReady = new(1, 1);
    private string? sandboxConnectionString;

    internal async Task<CodeRunResult> RunAsync(string code, IReadOnlyList<TestCase> tests, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var adminConnectionString = await SandboxDatabaseAsync(cancellationToken);
        var role = "candor_sql_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        var password = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        await using var admin = new NpgsqlConnection(adminConnectionString);
        await admin.OpenAsync(cancellationToken);
        await ExecuteAsync(admin, $"""
            CREATE ROLE {role} LOGIN PASSWORD '{password}' NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION NOBYPASSRLS CONNECTION LIMIT 2;
            CREATE SCHEMA {role} AUTHORIZATION {role};
            ALTER ROLE {role} SET search_path = {role};
            ALTER ROLE {role} SET statement_timeout = {options.SqlStatementTimeoutMs};
            ALTER ROLE {role} SET idle_in_transaction_session_timeout = 10000;
            ALTER ROLE {role} SET temp_file_limit = '16MB';
            GRANT CONNECT ON DATABASE "{admin.Database}" TO {role};
            """, CancellationToken.None);
        try
        {
            var builder = new RunResultBuilder(tests);
            var candidate = new NpgsqlConnectionStringBuilder(adminConnectionString)
            {
                Username = role,
                Password = password,
                Pooling = false,
                Timeout = 10,
                CommandTimeout = Math.Max(1, (int)Math.Ceiling(options.SqlStatementTimeoutMs / 1000.0) + 1),
            }.ConnectionString;
            foreach (var test in tests)
            {
                var (verdict, output, error) = await RunTestAsync(candidate, test, code, cancellationToken);
                if (!builder.Add(test, verdict, output, error))
                {
                    break;
                }
            }
            return builder.Build(clock.ElapsedMilliseconds);
        }
        finally
        {
            await DropAsync(admin, role);
        }
    }

    private async Task<(RunVerdict? Verdict, string Output, string Error)> RunTestAsync(string connectionString, TestCase test, string code, CancellationToken cancellationToken)
    {
        using var wallClock = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        wallClock.CancelAfter(TimeSpan.FromMilliseconds(options.SqlStatementTimeoutMs * 2 + 2000));
        try
        {
            await using var connection = new NpgsqlConnection(connectionString);
            await connection.OpenAsync(wallClock.Token);
            await using var transaction = await connection.BeginTransactionAsync(wallClock.Token);
            if (!string.IsNullOrWhiteSpace(test.Input))
            {
                await using var setup = new NpgsqlCommand(test.Input, connection, transaction);
                await setup.ExecuteNonQueryAsync(wallClock.Token);
            }
            await using var query = new NpgsqlCommand(code, connection, transaction);
            await using var reader = await query.ExecuteReaderAsync(wallClock.Token);
            var text = new StringBuilder();
            var rows = 0;
            var overflow = false;
            do
            {
                // The last statement that returns rows is the answer; earlier ones are the candidate's own setup.
                if (reader.FieldCount == 0)
                {
                    continue;
                }
                text.Clear();
                rows = 0;
                while (await reader.ReadAsync(wallClock.Token))
                {
                    if (++rows > options.SqlMaxRows)
                    {
                        overflow = true;
                        break;
                    }
                    text.AppendLine(FormatRow(reader));
                }
            }
            while (!overflow && await reader.NextResultAsync(wallClock.Token));
            if (overflow)
            {
                return (RunVerdict.OutputLimit, text.ToString(), $"The query returned more than {options.SqlMaxRows} rows.");
            }
            return (null, text.ToString(), "");
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return (RunVerdict.Timeout, "", "The query ran past the time limit.");
        }
        catch (NpgsqlException e) when (e.InnerException is TimeoutException || e is PostgresException { SqlState: "57014" })
        {
            return (RunVerdict.Timeout, "", "The query ran past the time limit.");
        }
        catch (PostgresException e)
        {
            return (Classify(e.SqlState), "", $"{e.Severity}: {e.MessageText}" + (e.Position > 0 ? $" (at character {e.Position})" : ""));
        }
    }

    private static RunVerdict Classify(string sqlState) => sqlState switch
    {
        "42501" => RunVerdict.Forbidden, // insufficient privilege
        "53200" or "53400" or "54000" or "53100" => RunVerdict.MemoryLimit, // out of memory, temp_file_limit, program limit, disk full
        _ when sqlState.StartsWith("42", StringComparison.Ordinal) => RunVerdict.CompileError, // syntax error or unknown name
        _ => RunVerdict.RuntimeError,
    };

    private static string FormatRow(DbDataReader reader)
    {
        var cells = new string[reader.FieldCount];
        for (var i = 0; i < reader.FieldCount; i++)
        {
            cells[i] = reader.IsDBNull(i) ? "NULL" : Convert.ToString(reader.GetValue(i), CultureInfo.InvariantCulture) ?? "";
        }
        return string.Join('|', cells);
    }

    private async Task DropAsync(NpgsqlConnection admin, string role)
    {
        try
        {
            await ExecuteAsync(admin, $"""
                SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = '{role}';
                DROP SCHEMA IF EXISTS {role} CASCADE;
                DROP OWNED BY {role} CASCADE;
                DROP ROLE IF EXISTS {role};
                """, CancellationToken.None);
        }
        catch (NpgsqlException e)
        {
            logger.LogWarning(e, "Could not drop the SQL sandbox role {Role}", role);
        }
    }

    /// <summary>The sandbox database's admin connection string: created on first use, else the app's own database.</summary>
    private async Task<string> SandboxDatabaseAsync(CancellationToken cancellationToken)
    {
        if (sandboxConnectionString is { } ready)
        {
            return ready;
        }
        await databaseReady.WaitAsync(cancellationToken);
        try
        {
            if (sandboxConnectionString is not null)
            {
                return sandboxConnectionString;
            }
            var app = new NpgsqlConnectionStringBuilder(DataServices.ConnectionString(configuration)) { Pooling = false };
            var sandboxName = (app.Database ?? "candor") + "_sandbox";
            await using (var connection = new NpgsqlConnection(app.ConnectionString))
            {
                await connection.OpenAsync(cancellationToken);
                try
                {
                    await ExecuteAsync(connection, $"CREATE DATABASE \"{sandboxName}\"", cancellationToken);
                }
                catch (PostgresException e) when (e.SqlState == "42P04")
                {
                    // Already there.
                }
                catch (PostgresException e) when (e.SqlState == "42501")
                {
                    logger.LogWarning("The app may not create {Database}; SQL runs use throwaway schemas in the app's own database", sandboxName);
                    sandboxName = app.Database ?? "candor";
                }
            }
            app.Database = sandboxName;
            await using (var connection = new NpgsqlConnection(app.ConnectionString))
            {
                await connection.OpenAsync(cancellationToken);
                if (sandboxName.EndsWith("_sandbox", StringComparison.Ordinal))
                {
                    // Only the per-run roles (granted one by one) may connect to the sandbox database.
                    await ExecuteAsync(connection, $"REVOKE CONNECT, TEMPORARY ON DATABASE \"{sandboxName}\" FROM PUBLIC; REVOKE ALL ON SCHEMA public FROM PUBLIC;", cancellationToken);
                }
            }
            sandboxConnectionString = app.ConnectionString;
            return sandboxConnectionString;
        }
        finally
        {
            databaseReady.Release();
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
