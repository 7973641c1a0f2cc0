using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Options;

namespace Candor.Web.Sandbox;

/// <summary>What to run: argv inside the sandbox, the host folder shown read-only at /src, and stdin.</summary>
/// <param name="MemoryBytesOverride">Address-space limit when the runtime needs more virtual memory than it uses
/// (V8 and the .NET GC reserve address space up front; their heaps are capped by their own flags instead).</param>
public sealed record SandboxRequest(
    IReadOnlyList<string> Command,
    string SourceDirectory,
    string Stdin,
    IReadOnlyDictionary<string, string>? Environment = null,
    IReadOnlyList<string>? ReadOnlyBinds = null,
    long? MemoryBytesOverride = null);

/// <summary>The limit that stopped a run, if one did.</summary>
public enum SandboxLimit { None, WallClock, CpuTime, Output }

public sealed record SandboxOutcome(int ExitCode, SandboxLimit LimitHit, string Stdout, string Stderr, TimeSpan Duration)
{
    /// <summary>Killed by a signal (128 + signal number, the way bwrap reports it).</summary>
    public int? Signal => ExitCode > 128 && ExitCode < 128 + 65 ? ExitCode - 128 : null;
}

/// <summary>
/// Runs one untrusted program under bubblewrap: fresh user, pid, network, ipc and uts namespaces (no network at all),
/// a read-only /usr and nothing else of the host (no /etc secrets, no /home, /root, repository or data folders),
/// a private size-capped tmpfs at /tmp, a cleared environment, a new session, die-with-parent, rlimits on CPU,
/// address space, processes and file size, a wall-clock timeout and capped output. When the app runs as root the
/// sandbox also runs as its own unprivileged uid, so it can neither read root's files nor signal the app's processes.
/// </summary>
public sealed class SandboxProcess(IOptions<SandboxOptions> options, ILogger<SandboxProcess> logger) : IDisposable
{
    private readonly SandboxOptions options = options.Value;
    private readonly SemaphoreSlim slots = new(Math.Max(1, options.Value.MaxConcurrentRuns));
    // Machine-wide: the process limit counts every process of a uid, so two sandboxes sharing one uid (two hosts in
    // one test process, or two app processes on one machine) could starve each other of forks ("Can't fork").
    // Within this process the dictionary says which uids are taken; across processes an exclusive lock on a
    // per-uid file does (released by the kernel if the holder dies).
    private static readonly Lock uidLock = new();
    private static readonly Dictionary<int, FileStream> uidsInUse = [];
    private static readonly string UidLockDirectory = Path.Combine(Path.GetTempPath(), "candor-sandbox-uids");
    private readonly bool runsAsRoot = IsRoot();
    private readonly ProcessLauncher launcher = new();

    public SandboxOptions Options => options;

    /// <summary>True when bubblewrap and prlimit are installed; runs fail with a clear message otherwise.</summary>
    public bool IsAvailable => File.Exists(options.BubblewrapPath) && File.Exists(options.PrlimitPath);

    /// <summary>A fresh host folder for one run's source files, readable by the sandbox uid; delete it after.</summary>
    public static string CreateSourceDirectory()
    {
        var root = Path.Combine(Path.GetTempPath(), "candor-sandbox");
        Directory.CreateDirectory(root);
        var dir = Directory.CreateDirectory(Path.Combine(root, Guid.NewGuid().ToString("N")));
        if (OperatingSystem.IsWindows())
        {
            return dir.FullName; // No bubblewrap there: runs fail with IsAvailable's message.
        }
        // Traversable and readable (not writable) by the sandbox's uid; the sandbox mounts it read-only anyway.
        File.SetUnixFileMode(root, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
        File.SetUnixFileMode(dir.FullName, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
            | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        return dir.FullName;
    }

    /// <summary>Writes a file into a source folder, readable by the sandbox.</summary>
    public static void WriteSourceFile(string directory, string name, string content) => WriteSourceFile(directory, name, Encoding.UTF8.GetBytes(content));

    public static void WriteSourceFile(string directory, string name, byte[] content)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllBytes(path, content);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
    }

    public static void DeleteSourceDirectory(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp folder is harmless; the next cleanup of /tmp takes it.
        }
    }

    public async Task<SandboxOutcome> RunAsync(SandboxRequest request, CancellationToken cancellationToken)
    {
        if (!IsAvailable)
        {
            throw new InvalidOperationException($"The code sandbox needs bubblewrap ({options.BubblewrapPath}) and prlimit ({options.PrlimitPath}); ./candor installs them.");
        }
        await slots.WaitAsync(cancellationToken);
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                var uid = RentUid();
                SandboxOutcome outcome;
                try
                {
                    outcome = await RunInSlotAsync(request, uid, cancellationToken);
                }
                finally
                {
                    ReturnUid(uid);
                }
                // bwrap could not start the sandbox at all (the uid was at its process limit), so the candidate's
                // program never ran: that is the machine's failure, not their verdict. Once more, on a fresh uid.
                if (attempt == 1 && outcome.Stderr.StartsWith(CouldNotStartMarker, StringComparison.Ordinal))
                {
                    logger.LogWarning("The sandbox could not start under uid {Uid} ({Error}) while these ran under it: {Processes}; trying once more",
                        uid, outcome.Stderr.Trim(), uid is { } busy ? string.Join(", ", ProcessesOf(busy)) : "(no uid of its own)");
                    continue;
                }
                return outcome;
            }
        }
        finally
        {
            slots.Release();
        }
    }

    // What bwrap prints when it cannot fork the sandbox's init (RLIMIT_NPROC reached before anything ran).
    private const string CouldNotStartMarker = "bwrap: Can't fork";

    private async Task<SandboxOutcome> RunInSlotAsync(SandboxRequest request, int? uid, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        // bwrap itself inherits this environment (and shows it as /proc/1/environ inside): none of the app's.
        start.Environment.Clear();
        foreach (var argument in BuildArguments(request, uid))
        {
            start.ArgumentList.Add(argument);
        }
        start.FileName = start.ArgumentList[0];
        start.ArgumentList.RemoveAt(0);

        var clock = Stopwatch.StartNew();
        using var process = await launcher.StartAsync(start);
        using var outputExceeded = new CancellationTokenSource();
        var stdoutTask = ReadCappedAsync(process.StandardOutput.BaseStream, options.MaxOutputBytes, outputExceeded);
        var stderrTask = ReadCappedAsync(process.StandardError.BaseStream, options.MaxOutputBytes, outputExceeded);
        var stdinTask = WriteStdinAsync(process, request.Stdin);

        using var wallClock = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, outputExceeded.Token);
        wallClock.CancelAfter(TimeSpan.FromSeconds(options.WallClockSeconds));
        var limit = SandboxLimit.None;
        try
        {
            await process.WaitForExitAsync(wallClock.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync(process);
            await process.WaitForExitAsync(CancellationToken.None);
            cancellationToken.ThrowIfCancellationRequested();
            limit = outputExceeded.IsCancellationRequested ? SandboxLimit.Output : SandboxLimit.WallClock;
        }
        clock.Stop();
        await stdinTask;
        var stdout = await stdoutTask;
        var stderr = await stderrTask;
        if (limit == SandboxLimit.None && (stdout.Exceeded || stderr.Exceeded))
        {
            limit = SandboxLimit.Output;
        }
        var exitCode = process.ExitCode;
        // SIGXCPU comes at the soft CPU limit, SIGKILL at the hard one (a program that ignored SIGXCPU).
        if (limit == SandboxLimit.None && exitCode is 128 + 24 or 128 + 9)
        {
            limit = SandboxLimit.CpuTime;
        }
        return new SandboxOutcome(exitCode, limit, stdout.Text, stderr.Text, clock.Elapsed);
    }

    private List<string> BuildArguments(SandboxRequest request, int? uid)
    {
        var memory = request.MemoryBytesOverride ?? (long)options.MemoryMegabytes * 1024 * 1024;
        var arguments = new List<string>();
        if (uid is { } sandboxUid)
        {
            arguments.AddRange([options.SetprivPath, $"--reuid={sandboxUid}", $"--regid={sandboxUid}", "--clear-groups", "--inh-caps=-all"]);
        }
        arguments.AddRange([
            options.PrlimitPath,
            $"--cpu={options.CpuSeconds}:{options.CpuSeconds + 1}",
            $"--as={memory}",
            $"--nproc={ProcessLimit(uid)}",
            $"--fsize={(long)options.MaxFileMegabytes * 1024 * 1024}",
            "--nofile=256",
            "--core=0",
            "--",
            options.BubblewrapPath,
            "--unshare-all", // user, ipc, pid, net, uts, cgroup: no network interface but an unconfigured loopback
            "--die-with-parent",
            "--new-session", // no TIOCSTI into the app's terminal
            "--cap-drop", "ALL",
            "--clearenv",
            "--ro-bind", "/usr", "/usr",
            "--symlink", "usr/bin", "/bin",
            "--symlink", "usr/lib", "/lib",
            "--symlink", "usr/lib64", "/lib64",
            "--symlink", "usr/sbin", "/sbin",
            "--dev", "/dev",
            "--proc", "/proc",
            "--size", ((long)options.ScratchMegabytes * 1024 * 1024).ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tmpfs", "/tmp",
            "--ro-bind", request.SourceDirectory, "/src",
            "--chdir", "/tmp",
            "--setenv", "PATH", "/usr/local/bin:/usr/bin:/bin",
            "--setenv", "HOME", "/tmp",
            "--setenv", "TMPDIR", "/tmp",
            "--setenv", "LANG", "C.UTF-8",
        ]);
        // Only what the runtimes need from /etc; never the host's passwd, shadow, ssl keys or hosts.
        foreach (var etc in new[] { "/etc/alternatives", "/etc/ld.so.cache" })
        {
            if (Path.Exists(etc))
            {
                arguments.AddRange(["--ro-bind", etc, etc]);
            }
        }
        foreach (var bind in request.ReadOnlyBinds ?? [])
        {
            if (!bind.StartsWith("/usr/", StringComparison.Ordinal))
            {
                arguments.AddRange(["--ro-bind", bind, bind]);
            }
        }
        // bwrap builds the new root on a tmpfs of its own: made read-only, or it would be a second, unlimited scratch.
        arguments.AddRange(["--remount-ro", "/"]);
        foreach (var (name, value) in request.Environment ?? new Dictionary<string, string>())
        {
            arguments.AddRange(["--setenv", name, value]);
        }
        arguments.Add("--");
        arguments.AddRange(request.Command);
        return arguments;
    }

    // Under its own uid the sandbox's process count is its own. Without root the count is per user, so it is
    // the app user's current tasks plus the allowance (the app's threads count too).
    private string ProcessLimit(int? uid)
    {
        if (uid is not null)
        {
            return options.MaxProcesses.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        return (CountTasksOfCurrentUser() + options.MaxProcesses).ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int CountTasksOfCurrentUser()
    {
        var count = 0;
        foreach (var processDir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(processDir), out _))
            {
                continue;
            }
            try
            {
                // Only our own processes' task folders are listable by us; that is exactly the per-user count.
                count += Directory.EnumerateDirectories(Path.Combine(processDir, "task")).Count();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone, or another user's.
            }
        }
        return count;
    }

    private int? RentUid()
    {
        if (!runsAsRoot)
        {
            return null;
        }
        lock (uidLock)
        {
            Directory.CreateDirectory(UidLockDirectory);
            // A run's processes can outlive it for a moment (the kernel tears a pid namespace down after bwrap has
            // exited) and still count against the uid's process limit: a uid with any task left is passed over.
            var stillBusy = UidsWithTasks(options.FirstSandboxUid);
            for (var uid = options.FirstSandboxUid; ; uid++)
            {
                if (!uidsInUse.ContainsKey(uid) && !stillBusy.Contains(uid) && TryLockUid(uid) is { } held)
                {
                    uidsInUse.Add(uid, held);
                    return uid;
                }
            }
        }
    }

    /// <summary>The real uids, from <paramref name="first"/> up, of every process on the machine (zombies too).</summary>
    private static HashSet<int> UidsWithTasks(int first) => [.. RealUids().Where(p => p.Uid >= first).Select(p => p.Uid)];

    /// <summary>"pid name (state)" of each process whose real uid is <paramref name="uid"/>, for the log.</summary>
    private static IEnumerable<string> ProcessesOf(int uid) =>
        RealUids().Where(p => p.Uid == uid).Select(p => $"{Path.GetFileName(p.ProcessDir)} {ReadOrEmpty(Path.Combine(p.ProcessDir, "comm")).Trim()}");

    private static string ReadOrEmpty(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    /// <summary>Every process on the machine with its real uid (processes that end meanwhile are left out).</summary>
    private static IEnumerable<(string ProcessDir, int Uid)> RealUids()
    {
        foreach (var processDir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(processDir), out _))
            {
                continue;
            }
            int? uid = null;
            try
            {
                if (UidFields(processDir) is { } fields && int.TryParse(fields[1], System.Globalization.CultureInfo.InvariantCulture, out var real))
                {
                    uid = real;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile.
            }
            if (uid is { } found)
            {
                yield return (processDir, found);
            }
        }
    }

    /// <summary>An exclusive lock on the uid's file (flock on Linux), or null when another process holds it.</summary>
    private static FileStream? TryLockUid(int uid)
    {
        try
        {
            return new FileStream(Path.Combine(UidLockDirectory, $"{uid}.lock"), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private static bool IsRoot() => UidFields("/proc/self")?[2] == "0";

    /// <summary>The "Uid:" line of a process's status: the label, then the real, effective, saved and fs uids.</summary>
    private static string[]? UidFields(string processDir) =>
        File.ReadLines(Path.Combine(processDir, "status"))
            .FirstOrDefault(line => line.StartsWith("Uid:", StringComparison.Ordinal))?
            .Split('\t', StringSplitOptions.RemoveEmptyEntries);

    private void ReturnUid(int? uid)
    {
        if (uid is { } rented)
        {
            lock (uidLock)
            {
                if (uidsInUse.Remove(rented, out var held))
                {
                    held.Dispose();
                }
            }
        }
    }

    /// <summary>
    /// Stops a sandbox from outside: SIGKILL to the program's processes inside it, so the sandbox's own init
    /// (inner bwrap) sees its child die and exits, taking the rest of its pid namespace with it, and the outer
    /// bwrap exits and is reaped by us. Killing bwrap itself would orphan its children as zombies under the
    /// machine's init (they count against the sandbox uid's process limit until something reaps them).
    /// </summary>
    private async Task KillAsync(Process process)
    {
        for (var attempt = 0; attempt < 20 && !process.HasExited; attempt++)
        {
            foreach (var pid in Descendants(process.Id))
            {
                if (ProcessName(pid) is { } name && name != "bwrap")
                {
                    SendKill(pid);
                }
            }
            using var wait = new CancellationTokenSource(TimeSpan.FromMilliseconds(100));
            try
            {
                await process.WaitForExitAsync(wait.Token);
            }
            catch (OperationCanceledException)
            {
                // Still going (a fork bomb's children, or not yet reaped): again.
            }
        }
        if (!process.HasExited)
        {
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                logger.LogDebug(e, "The sandbox had already exited");
            }
        }
    }

    private static List<int> Descendants(int root)
    {
        var children = new Dictionary<int, List<int>>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (int.TryParse(Path.GetFileName(dir), out var pid) && ParentOf(pid) is { } parent)
            {
                if (!children.TryGetValue(parent, out var list))
                {
                    children[parent] = list = [];
                }
                list.Add(pid);
            }
        }
        var result = new List<int>();
        var queue = new Queue<int>([root]);
        while (queue.TryDequeue(out var pid))
        {
            foreach (var child in children.GetValueOrDefault(pid) ?? [])
            {
                result.Add(child);
                queue.Enqueue(child);
            }
        }
        return result;
    }

    // /proc/PID/stat: "pid (comm) state ppid ...", where comm may itself hold spaces or parentheses.
    private static int? ParentOf(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or ArgumentOutOfRangeException)
        {
            return null;
        }
    }

    private static string? ProcessName(int pid)
    {
        try
        {
            return File.ReadAllText($"/proc/{pid}/comm").Trim();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    private void SendKill(int pid)
    {
        try
        {
            using var target = Process.GetProcessById(pid);
            target.Kill();
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            logger.LogDebug(e, "Process {Pid} had already exited", pid);
        }
    }

    private static async Task WriteStdinAsync(Process process, string stdin)
    {
        try
        {
            await process.StandardInput.WriteAsync(stdin);
            await process.StandardInput.FlushAsync();
            process.StandardInput.Close();
        }
        catch (IOException)
        {
            // The program exited (or closed stdin) without reading it all.
        }
    }

    private sealed record CappedText(string Text, bool Exceeded);

    private static async Task<CappedText> ReadCappedAsync(Stream stream, int limit, CancellationTokenSource exceeded)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[8192];
        var over = false;
        int read;
        while ((read = await stream.ReadAsync(chunk)) > 0)
        {
            var room = limit - (int)buffer.Length;
            buffer.Write(chunk, 0, Math.Min(room, read));
            if (read > room)
            {
                over = true;
                await exceeded.CancelAsync();
                break;
            }
        }
        return new CappedText(Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length), over);
    }

    public void Dispose()
    {
        slots.Dispose();
        launcher.Dispose();
    }
}
