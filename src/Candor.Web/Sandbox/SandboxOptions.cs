namespace Candor.Web.Sandbox;

/// <summary>
/// Limits and tools of the sandbox that runs candidates' code (bound from configuration section "Sandbox").
/// The defaults suit an interview problem: a correct solution needs well under a second and a few MB.
/// </summary>
public sealed class SandboxOptions
{
    public const string SectionName = "Sandbox";

    public string BubblewrapPath { get; set; } = "/usr/bin/bwrap";
    public string PrlimitPath { get; set; } = "/usr/bin/prlimit";

    /// <summary>Used when the app runs as root, to run each sandbox as its own unprivileged uid.</summary>
    public string SetprivPath { get; set; } = "/usr/bin/setpriv";

    public string PythonPath { get; set; } = "/usr/bin/python3";
    public string NodePath { get; set; } = "/usr/bin/node";

    /// <summary>The `dotnet` host that runs compiled C#; null = the runtime the app itself runs on.</summary>
    public string? DotnetPath { get; set; }

    /// <summary>
    /// Folder holding node_modules/typescript (installed by ./candor from src/Candor.Web/Sandbox/tools);
    /// null = look next to the app and up the source tree.
    /// </summary>
    public string? ToolsDirectory { get; set; }

    /// <summary>Wall-clock limit of one program run (one test).</summary>
    public double WallClockSeconds { get; set; } = 10;

    /// <summary>CPU-time limit of one program run (RLIMIT_CPU).</summary>
    public int CpuSeconds { get; set; } = 5;

    /// <summary>Memory the candidate's program may use: address space for Python, heap for Node and .NET.</summary>
    public int MemoryMegabytes { get; set; } = 256;

    /// <summary>Processes and threads the sandbox may hold at once (RLIMIT_NPROC under its own uid).</summary>
    public int MaxProcesses { get; set; } = 64;

    /// <summary>stdout and stderr are each cut here and the run stops with output_limit.</summary>
    public int MaxOutputBytes { get; set; } = 64 * 1024;

    /// <summary>Size of the private tmpfs at /tmp inside the sandbox (the only writable place).</summary>
    public int ScratchMegabytes { get; set; } = 32;

    /// <summary>Largest single file the program may write (RLIMIT_FSIZE).</summary>
    public int MaxFileMegabytes { get; set; } = 8;

    /// <summary>Sandboxes running at once; more wait their turn (the machine has few cores).</summary>
    public int MaxConcurrentRuns { get; set; } = 2;

    /// <summary>First uid of the pool each sandbox runs as when the app is root (one uid per concurrent run).</summary>
    public int FirstSandboxUid { get; set; } = 61000;

    /// <summary>statement_timeout of a candidate's SQL, in milliseconds.</summary>
    public int SqlStatementTimeoutMs { get; set; } = 3000;

    /// <summary>Rows of a SQL result kept; more stop the run with output_limit.</summary>
    public int SqlMaxRows { get; set; } = 1000;
}
