using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Candor.Web.Tests.Infrastructure;

/// <summary>
/// A throwaway PostgreSQL server for integration tests.
/// <para>
/// If <c>CANDOR_TEST_DATABASE_URL</c> is set (an Npgsql connection string, or a
/// <c>postgres://</c> URI), that server is used and nothing is started. Otherwise a private
/// cluster is created with <c>initdb</c> in a temporary directory, started with <c>pg_ctl</c>
/// on a free port on 127.0.0.1 (as the <c>postgres</c> user through <c>runuser</c> when the
/// tests run as root), and stopped and deleted on dispose or at process exit.
/// </para>
/// <para>
/// Use <see cref="Shared"/>: one cluster per test run, each test class / app factory asks for
/// its own empty database with <see cref="CreateDatabaseAsync"/>.
/// </para>
/// </summary>
public sealed partial class PostgresServer : IDisposable, IAsyncDisposable
{
    public const string ExternalUrlVariable = "CANDOR_TEST_DATABASE_URL";
    private const string TempDirPrefix = "candor-pg-";
    private const string OwnerFileName = "owner.pid";
    private const string InstallHint =
        "Run ./candor test (it installs PostgreSQL when missing), or apt-get install postgresql, "
        + "or set " + ExternalUrlVariable + " to an existing server's Npgsql connection string.";

    private static readonly Lazy<PostgresServer> SharedInstance =
        new(Start, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly object _gate = new();
    private readonly List<string> _createdDatabases = [];
    private readonly string? _rootDir;
    private readonly string? _dataDir;
    private readonly string? _binDir;
    private readonly bool _asPostgresUser;
    private bool _disposed;

    private PostgresServer(string adminConnectionString)
    {
        AdminConnectionString = adminConnectionString;
        IsExternal = true;
    }

    private PostgresServer(string rootDir, string dataDir, string binDir, bool asPostgresUser, int port)
    {
        _rootDir = rootDir;
        _dataDir = dataDir;
        _binDir = binDir;
        _asPostgresUser = asPostgresUser;
        Port = port;
        AdminConnectionString = new NpgsqlConnectionStringBuilder
        {
            Host = "127.0.0.1",
            Port = port,
            Username = "postgres",
            Database = "postgres",
            Pooling = true,
        }.ConnectionString;
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    /// <summary>The run-wide server, started on first use (thread-safe, started once).</summary>
    public static PostgresServer Shared => SharedInstance.Value;

    /// <summary>Connection string to the <c>postgres</c> maintenance database, as a superuser.</summary>
    public string AdminConnectionString { get; }

    /// <summary>True when <c>CANDOR_TEST_DATABASE_URL</c> pointed at an existing server.</summary>
    public bool IsExternal { get; }

    /// <summary>TCP port of the private cluster (0 for an external server).</summary>
    public int Port { get; }

    /// <summary>Data directory of the private cluster (null for an external server).</summary>
    public string? DataDirectory => _dataDir;

    /// <summary>
    /// Starts a new server (or wraps the external one). Prefer <see cref="Shared"/>; a server
    /// from here is the caller's to dispose.
    /// </summary>
    public static PostgresServer Start()
    {
        var external = Environment.GetEnvironmentVariable(ExternalUrlVariable);
        if (!string.IsNullOrWhiteSpace(external))
        {
            var server = new PostgresServer(NormalizeConnectionString(external));
            server.ReapOrphanedExternalDatabases();
            return server;
        }

        var binDir = FindBinDirectory()
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found in /usr/lib/postgresql/*/bin or on PATH. "
                + InstallHint);
        var asPostgresUser = IsRoot();
        ReapOrphanedClusters(binDir, asPostgresUser);

        Exception? last = null;
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                return StartPrivateCluster(binDir, asPostgresUser);
            }
            catch (PortInUseException e)
            {
                // Another process grabbed the port between probing and binding: try a new one.
                last = e;
            }
        }

        throw new InvalidOperationException("Could not start a private PostgreSQL cluster: " + last?.Message, last);
    }

    /// <summary>
    /// Creates a fresh, empty database (default name <c>candor_test_&lt;guid&gt;</c>) and returns a
    /// pooled connection string to it.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? name = null)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        name ??= "candor_test_" + Guid.NewGuid().ToString("N");
        if (!DatabaseNameRegex().IsMatch(name))
        {
            throw new ArgumentException(
                $"Database name '{name}' must be 1-63 characters of lowercase letters, digits and underscores, starting with a letter or underscore.",
                nameof(name));
        }

        await using (var connection = new NpgsqlConnection(AdminConnectionString))
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = $"CREATE DATABASE \"{name}\"";
            await command.ExecuteNonQueryAsync();
            if (IsExternal)
            {
                // Lets a later run drop it if this process dies before disposing (see ReapOrphanedExternalDatabases).
                command.CommandText = $"COMMENT ON DATABASE \"{name}\" IS '{OwnerTag}'";
                await command.ExecuteNonQueryAsync();
            }
        }

        lock (_gate)
        {
            _createdDatabases.Add(name);
        }

        return new NpgsqlConnectionStringBuilder(AdminConnectionString)
        {
            Database = name,
            Pooling = true,
        }.ConnectionString;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        if (IsExternal)
        {
            DropCreatedDatabases();
            return;
        }

        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
        StopAndDelete();
    }

    public ValueTask DisposeAsync()
    {
        Dispose();
        return ValueTask.CompletedTask;
    }

    private void OnProcessExit(object? sender, EventArgs e) => Dispose();

    private static PostgresServer StartPrivateCluster(string binDir, bool asPostgresUser)
    {
        // Under root the cluster runs as 'postgres', which must be able to reach the directory:
        // /tmp is world-traversable, a TMPDIR under /root is not.
        var tempBase = asPostgresUser && Directory.Exists("/tmp") ? "/tmp" : Path.GetTempPath();
        var rootDir = Path.Combine(tempBase, TempDirPrefix + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(rootDir);
        File.WriteAllText(Path.Combine(rootDir, OwnerFileName), Environment.ProcessId.ToString());
        var dataDir = Path.Combine(rootDir, "data");
        var logFile = Path.Combine(rootDir, "postgres.log");

        try
        {
            if (asPostgresUser)
            {
                EnsurePostgresUserExists();
                RunChecked("chown", ["-R", "postgres:postgres", rootDir], runAsPostgres: false, rootDir);
            }

            RunChecked(
                Path.Combine(binDir, "initdb"),
                ["-D", dataDir, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"],
                asPostgresUser,
                rootDir);

            var port = FindFreePort();
            var options =
                $"-p {port} -k {dataDir} -h 127.0.0.1 -c fsync=off -c synchronous_commit=off "
                + "-c full_page_writes=off -c max_connections=300";
            var (exitCode, output) = Run(
                Path.Combine(binDir, "pg_ctl"),
                ["-w", "-t", "60", "-D", dataDir, "-l", logFile, "-o", options, "start"],
                asPostgresUser,
                rootDir);
            if (exitCode != 0)
            {
                var log = ReadLogTail(logFile);
                if (log.Contains("Address already in use", StringComparison.Ordinal))
                {
                    throw new PortInUseException($"port {port} is already in use");
                }

                throw new InvalidOperationException(
                    $"pg_ctl start failed (exit code {exitCode}):\n{output}\n--- {logFile} ---\n{log}");
            }

            StartWatchdog(rootDir, dataDir, binDir, asPostgresUser);
            return new PostgresServer(rootDir, dataDir, binDir, asPostgresUser, port);
        }
        catch
        {
            TryStop(binDir, dataDir, asPostgresUser, rootDir);
            TryDeleteDirectory(rootDir);
            throw;
        }
    }

    /// <summary>
    /// The test host may be killed right after the run (vstest does that) or by a user, before
    /// or while ProcessExit handlers run. A detached watchdog shell waits for this process to be
    /// gone, then stops the cluster and deletes its directory, so no cluster outlives its run.
    /// </summary>
    private static void StartWatchdog(string rootDir, string dataDir, string binDir, bool asPostgresUser)
    {
        const string script = """
            owner=$1; dir=$2; data=$3; pgctl=$4; asuser=$5
            while kill -0 "$owner" 2>/dev/null; do sleep 1; done
            if [ -f "$data/postmaster.pid" ]; then
              if [ "$asuser" = 1 ]; then
                runuser -u postgres -- "$pgctl" -D "$data" -m immediate -w -t 30 stop
              else
                "$pgctl" -D "$data" -m immediate -w -t 30 stop
              fi
            fi
            rm -rf "$dir"
            """;
        try
        {
            Run(
                "/bin/sh",
                [
                    "-c",
                    "exec setsid -f /bin/sh -c \"$1\" candor-pg-watchdog \"$2\" \"$3\" \"$4\" \"$5\" \"$6\" </dev/null >/dev/null 2>&1",
                    "sh", script, Environment.ProcessId.ToString(), rootDir, dataDir, Path.Combine(binDir, "pg_ctl"),
                    asPostgresUser ? "1" : "0",
                ],
                runAsPostgres: false,
                rootDir);
        }
        catch (Exception e)
        {
            // Best effort: ProcessExit and the orphan reaper still clean up.
            Console.Error.WriteLine($"PostgresServer: could not start the cleanup watchdog: {e.Message}");
        }
    }

    private void StopAndDelete()
    {
        if (_binDir is null || _dataDir is null || _rootDir is null)
        {
            return;
        }

        NpgsqlConnection.ClearAllPools();
        TryStop(_binDir, _dataDir, _asPostgresUser, _rootDir);
        TryDeleteDirectory(_rootDir);
    }

    private void DropCreatedDatabases()
    {
        string[] names;
        lock (_gate)
        {
            names = [.. _createdDatabases];
        }

        if (names.Length == 0)
        {
            return;
        }

        try
        {
            NpgsqlConnection.ClearAllPools();
            using var connection = new NpgsqlConnection(AdminConnectionString);
            connection.Open();
            foreach (var name in names)
            {
                using var command = connection.CreateCommand();
                command.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
                command.ExecuteNonQuery();
            }
        }
        catch (Exception e)
        {
            // Best effort: the databases are throwaway and uniquely named.
            Console.Error.WriteLine($"PostgresServer: could not drop test databases on the external server: {e.Message}");
        }
    }

    private static string OwnerTag => $"{OwnerTagPrefix}{SafeMachineName()}:{Environment.ProcessId}";

    private const string OwnerTagPrefix = "candor-test owner=";

    private static string SafeMachineName() =>
        new(Environment.MachineName.Where(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_').ToArray());

    /// <summary>
    /// Drops test databases on the external server that an earlier test process on this machine
    /// created and could not drop (it was killed). Databases of live processes, or of other
    /// machines, are left alone.
    /// </summary>
    private void ReapOrphanedExternalDatabases()
    {
        try
        {
            using var connection = new NpgsqlConnection(AdminConnectionString);
            connection.Open();
            var orphans = new List<string>();
            using (var query = connection.CreateCommand())
            {
                query.CommandText =
                    "SELECT datname, shobj_description(oid, 'pg_database') FROM pg_database WHERE shobj_description(oid, 'pg_database') LIKE @prefix";
                query.Parameters.AddWithValue("prefix", OwnerTagPrefix + SafeMachineName() + ":%");
                using var reader = query.ExecuteReader();
                while (reader.Read())
                {
                    var tag = reader.GetString(1);
                    if (int.TryParse(tag[(tag.LastIndexOf(':') + 1)..], out var pid) && !IsProcessAlive(pid))
                    {
                        orphans.Add(reader.GetString(0));
                    }
                }
            }

            foreach (var name in orphans.Where(n => DatabaseNameRegex().IsMatch(n)))
            {
                using var drop = connection.CreateCommand();
                drop.CommandText = $"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)";
                drop.ExecuteNonQuery();
            }
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"PostgresServer: could not clean up old test databases on the external server: {e.Message}");
        }
    }

    private static void TryStop(string binDir, string dataDir, bool asPostgresUser, string workingDir)
    {
        if (!File.Exists(Path.Combine(dataDir, "postmaster.pid")))
        {
            return;
        }

        try
        {
            Run(Path.Combine(binDir, "pg_ctl"), ["-D", dataDir, "-m", "immediate", "-w", "-t", "30", "stop"], asPostgresUser, workingDir);
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"PostgresServer: could not stop the cluster in {dataDir}: {e.Message}");
        }
    }

    private static void TryDeleteDirectory(string dir)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                if (Directory.Exists(dir))
                {
                    Directory.Delete(dir, recursive: true);
                }

                return;
            }
            catch (Exception e) when (attempt < 5)
            {
                // Exiting backends may still be removing files; try again shortly.
                _ = e;
                Thread.Sleep(100);
            }
            catch (Exception e)
            {
                Console.Error.WriteLine($"PostgresServer: could not delete {dir}: {e.Message}");
                return;
            }
        }
    }

    /// <summary>
    /// Stops and deletes clusters left behind by test processes that died without running their
    /// exit handlers (killed runs). Only clusters whose owning process is gone are touched.
    /// </summary>
    private static void ReapOrphanedClusters(string binDir, bool asPostgresUser)
    {
        var bases = new HashSet<string>(StringComparer.Ordinal) { Path.GetTempPath() };
        if (Directory.Exists("/tmp"))
        {
            bases.Add("/tmp");
        }

        foreach (var tempBase in bases)
        {
            string[] candidates;
            try
            {
                candidates = Directory.GetDirectories(tempBase, TempDirPrefix + "*");
            }
            catch (Exception)
            {
                continue;
            }

            foreach (var dir in candidates)
            {
                try
                {
                    var ownerFile = Path.Combine(dir, OwnerFileName);
                    if (!File.Exists(ownerFile)
                        || !int.TryParse(File.ReadAllText(ownerFile).Trim(), out var owner)
                        || IsProcessAlive(owner)
                        || Directory.GetLastWriteTimeUtc(dir) > DateTime.UtcNow.AddMinutes(-1))
                    {
                        continue;
                    }

                    TryStop(binDir, Path.Combine(dir, "data"), asPostgresUser, dir);
                    TryDeleteDirectory(dir);
                }
                catch (Exception)
                {
                    // Someone else's directory or a race with another reaper: leave it.
                }
            }
        }
    }

    private static bool IsProcessAlive(int pid)
    {
        if (pid <= 0)
        {
            return false;
        }

        if (OperatingSystem.IsLinux())
        {
            return Directory.Exists($"/proc/{pid}");
        }

        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    internal static string? FindBinDirectory()
    {
        static bool HasTools(string dir) =>
            File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl"));

        if (Directory.Exists("/usr/lib/postgresql"))
        {
            var versioned = Directory.GetDirectories("/usr/lib/postgresql")
                .Select(dir => (dir, version: int.TryParse(Path.GetFileName(dir).Split('.')[0], out var v) ? v : -1))
                .OrderByDescending(x => x.version)
                .Select(x => Path.Combine(x.dir, "bin"))
                .FirstOrDefault(HasTools);
            if (versioned is not null)
            {
                return versioned;
            }
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries).FirstOrDefault(HasTools);
    }

    private static bool IsRoot()
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return false;
        }

        if (string.Equals(Environment.UserName, "root", StringComparison.Ordinal))
        {
            return true;
        }

        // Environment.UserName can come from $USER; ask the kernel for the effective uid.
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
            {
                if (line.StartsWith("Uid:", StringComparison.Ordinal))
                {
                    var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
                    return fields.Length > 2 && fields[2] == "0";
                }
            }
        }
        catch (IOException)
        {
        }

        return false;
    }

    private static void EnsurePostgresUserExists()
    {
        var (exitCode, _) = Run("id", ["-u", "postgres"], runAsPostgres: false, workingDir: null);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                "Tests run as root, and PostgreSQL refuses to run as root, but there is no 'postgres' user. "
                + InstallHint);
        }
    }

    private static int FindFreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string ReadLogTail(string logFile)
    {
        try
        {
            var lines = File.ReadAllLines(logFile);
            return string.Join('\n', lines.Skip(Math.Max(0, lines.Length - 30)));
        }
        catch (Exception)
        {
            return "(no log)";
        }
    }

    private static void RunChecked(string fileName, string[] arguments, bool runAsPostgres, string? workingDir)
    {
        var (exitCode, output) = Run(fileName, arguments, runAsPostgres, workingDir);
        if (exitCode != 0)
        {
            throw new InvalidOperationException(
                $"{Path.GetFileName(fileName)} failed (exit code {exitCode}):\n{output}");
        }
    }

    private static (int ExitCode, string Output) Run(string fileName, string[] arguments, bool runAsPostgres, string? workingDir)
    {
        var startInfo = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (workingDir is not null)
        {
            startInfo.WorkingDirectory = workingDir;
        }

        if (runAsPostgres)
        {
            startInfo.FileName = "runuser";
            startInfo.ArgumentList.Add("-u");
            startInfo.ArgumentList.Add("postgres");
            startInfo.ArgumentList.Add("--");
            startInfo.ArgumentList.Add(fileName);
        }
        else
        {
            startInfo.FileName = fileName;
        }

        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // Keep the server's messages stable and free of the caller's locale.
        startInfo.Environment["LC_ALL"] = "C";
        startInfo.Environment.Remove("PGDATA");
        startInfo.Environment.Remove("PGPORT");
        startInfo.Environment.Remove("PGHOST");

        var output = new StringBuilder();
        using var process = new Process { StartInfo = startInfo };
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                lock (output)
                {
                    output.AppendLine(e.Data);
                }
            }
        };

        try
        {
            process.Start();
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new InvalidOperationException($"Could not run {startInfo.FileName}: {e.Message}. {InstallHint}", e);
        }

        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        if (!process.WaitForExit(TimeSpan.FromSeconds(120)))
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
            }

            throw new InvalidOperationException($"{Path.GetFileName(fileName)} did not finish within 120 s:\n{output}");
        }

        process.WaitForExit();
        lock (output)
        {
            return (process.ExitCode, output.ToString());
        }
    }

    internal static string NormalizeConnectionString(string value)
    {
        value = value.Trim();
        if (!value.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            && !value.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase))
        {
            return new NpgsqlConnectionStringBuilder(value).ConnectionString;
        }

        var uri = new Uri(value);
        var builder = new NpgsqlConnectionStringBuilder
        {
            Host = uri.Host,
            Port = uri.IsDefaultPort || uri.Port <= 0 ? 5432 : uri.Port,
            Database = Uri.UnescapeDataString(uri.AbsolutePath.TrimStart('/')) is { Length: > 0 } db ? db : "postgres",
        };
        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            var parts = uri.UserInfo.Split(':', 2);
            builder.Username = Uri.UnescapeDataString(parts[0]);
            if (parts.Length > 1)
            {
                builder.Password = Uri.UnescapeDataString(parts[1]);
            }
        }

        return builder.ConnectionString;
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex DatabaseNameRegex();

    private sealed class PortInUseException(string message) : Exception(message);
}
