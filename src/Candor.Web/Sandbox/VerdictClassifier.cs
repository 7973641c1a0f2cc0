using Candor.Web.Features.CodeRuns;

namespace Candor.Web.Sandbox;

/// <summary>Names the limit or refusal that stopped a program, from how it ended and what it printed.</summary>
public static class VerdictClassifier
{
    // What Python, Node and .NET print when an allocation fails under the address-space or heap limit.
    private static readonly string[] MemoryMarkers =
    [
        "MemoryError", "heap out of memory", "Allocation failed", "OutOfMemoryException", "std::bad_alloc",
        "Cannot allocate memory", "Out of memory.", "ENOMEM", "Invalid array length", "Array buffer allocation failed",
    ];

    // A full scratch tmpfs or a file past RLIMIT_FSIZE: output written to files rather than stdout.
    private static readonly string[] OutputMarkers = ["No space left on device", "ENOSPC", "File too large", "EFBIG"];

    // What they print when the sandbox refused something: the network, a read-only or missing mount,
    // another process, or one process too many (a fork bomb at the process limit).
    private static readonly string[] ForbiddenMarkers =
    [
        "Permission denied", "Operation not permitted", "Read-only file system", "PermissionError",
        "EACCES", "EPERM", "EROFS", "Network is unreachable", "ENETUNREACH", "Connection refused", "ECONNREFUSED",
        "Temporary failure in name resolution", "Name or service not known", "EAI_AGAIN", "ENOTFOUND",
        "UnauthorizedAccessException", "SocketException", "Resource temporarily unavailable", "EAGAIN",
        "No such process", "ESRCH",
        // Node at the process limit: libuv cannot start its threads, or spawn runs out of descriptors.
        "uv_thread_create", "pthread_create", "EMFILE", "Too many open files",
    ];

    /// <summary>The verdict of one run that produced an outcome; null when it ended normally (exit 0).</summary>
    public static RunVerdict? Classify(SandboxOutcome outcome)
    {
        switch (outcome.LimitHit)
        {
            case SandboxLimit.WallClock or SandboxLimit.CpuTime:
                return RunVerdict.Timeout;
            case SandboxLimit.Output:
                return RunVerdict.OutputLimit;
        }
        if (outcome.ExitCode == 0)
        {
            return null;
        }
        if (MemoryMarkers.Any(marker => outcome.Stderr.Contains(marker, StringComparison.Ordinal)))
        {
            return RunVerdict.MemoryLimit;
        }
        if (OutputMarkers.Any(marker => outcome.Stderr.Contains(marker, StringComparison.Ordinal)))
        {
            return RunVerdict.OutputLimit;
        }
        if (ForbiddenMarkers.Any(marker => outcome.Stderr.Contains(marker, StringComparison.Ordinal)))
        {
            return RunVerdict.Forbidden;
        }
        // A file bigger than RLIMIT_FSIZE ends the writer with SIGXFSZ.
        if (outcome.Signal == 25)
        {
            return RunVerdict.OutputLimit;
        }
        return RunVerdict.RuntimeError;
    }
}
