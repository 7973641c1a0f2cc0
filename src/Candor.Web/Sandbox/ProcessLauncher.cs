using System.Collections.Concurrent;
using System.Diagnostics;

namespace Candor.Web.Sandbox;

/// <summary>
/// Starts sandboxes from one long-lived thread. bwrap's --die-with-parent is PR_SET_PDEATHSIG, which fires when
/// the *thread* that forked bwrap exits, not the process: started from a thread-pool thread, a sandbox would be
/// SIGKILLed whenever the pool retired that thread. This thread lives as long as the app, so the sandbox dies
/// with the app and only then.
/// </summary>
internal sealed class ProcessLauncher : IDisposable
{
    private readonly BlockingCollection<(ProcessStartInfo Start, TaskCompletionSource<Process> Started)> queue = [];
    private readonly Thread thread;

    public ProcessLauncher()
    {
        thread = new Thread(Run) { IsBackground = true, Name = "Sandbox launcher" };
        thread.Start();
    }

    public Task<Process> StartAsync(ProcessStartInfo start)
    {
        var started = new TaskCompletionSource<Process>(TaskCreationOptions.RunContinuationsAsynchronously);
        queue.Add((start, started));
        return started.Task;
    }

    private void Run()
    {
        foreach (var (start, started) in queue.GetConsumingEnumerable())
        {
            try
            {
                started.SetResult(Process.Start(start) ?? throw new InvalidOperationException("bubblewrap did not start"));
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or IOException)
            {
                started.SetException(e);
            }
        }
    }

    public void Dispose()
    {
        queue.CompleteAdding();
        queue.Dispose();
    }
}
