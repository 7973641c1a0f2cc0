using System.ComponentModel;
using System.Diagnostics;
using System.Text;

namespace Candor.Web.Providers.Speech;

/// <summary>What a finished tool run printed and returned.</summary>
public sealed record ProcessResult(int ExitCode, byte[] StandardOutput, string StandardError)
{
    public string OutputText => Encoding.UTF8.GetString(StandardOutput);
}

/// <summary>A speech tool could not be started, timed out, or crashed; says which and why, never with user text.</summary>
public sealed class SpeechToolException(string tool, string message, Exception? innerException = null)
    : Exception($"{tool}: {message}", innerException)
{
    public string Tool { get; } = tool;
}

/// <summary>
/// Runs the speech tools (ffmpeg, pocketsphinx, festival, flite) without a shell: arguments go through
/// <see cref="ProcessStartInfo.ArgumentList"/>, user text only through stdin or files, stdout and stderr are read
/// concurrently (a full pipe would deadlock the child), and the whole process tree is killed on timeout or
/// cancellation so no orphan keeps a core busy after the request is gone.
/// </summary>
public static class ExternalProcess
{
    /// <summary>Stdout beyond this is a runaway tool, not audio we want (10 minutes of 16 kHz wav is ~19 MB).</summary>
    private const int MaxOutputBytes = 256 * 1024 * 1024;

    private const int MaxErrorChars = 64 * 1024;

    public static async Task<ProcessResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        ReadOnlyMemory<byte> standardInput,
        TimeSpan timeout,
        CancellationToken cancellationToken,
        string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = new Process { StartInfo = start };
        try
        {
            process.Start();
        }
        catch (Win32Exception ex)
        {
            throw new SpeechToolException(Path.GetFileName(fileName),
                "could not be started; is it installed? (./candor installs pocketsphinx, festival, flite and ffmpeg with apt-get)", ex);
        }

        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            var stdout = ReadAllAsync(process.StandardOutput.BaseStream, MaxOutputBytes, deadline.Token);
            var stderr = ReadErrorAsync(process.StandardError, deadline.Token);
            var stdin = WriteInputAsync(process.StandardInput.BaseStream, standardInput, deadline.Token);
            await Task.WhenAll(stdout, stderr, stdin);
            await process.WaitForExitAsync(deadline.Token);
            return new ProcessResult(process.ExitCode, stdout.Result, stderr.Result);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or InvalidDataException)
        {
            Kill(process);
            cancellationToken.ThrowIfCancellationRequested();
            if (ex is InvalidDataException)
            {
                throw new SpeechToolException(Path.GetFileName(fileName), ex.Message, ex);
            }
            if (deadline.IsCancellationRequested)
            {
                throw new SpeechToolException(Path.GetFileName(fileName), $"did not finish within {timeout.TotalSeconds:0.#} s and was stopped", ex);
            }
            throw new SpeechToolException(Path.GetFileName(fileName), "its pipes failed: " + ex.Message, ex);
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    /// <summary>Throws a <see cref="SpeechToolException"/> quoting the tool's last stderr line when it failed.</summary>
    public static ProcessResult EnsureSuccess(this ProcessResult result, string tool)
    {
        if (result.ExitCode != 0)
        {
            throw new SpeechToolException(tool, $"exited with code {result.ExitCode}: {LastLine(result.StandardError)}");
        }
        return result;
    }

    public static string LastLine(string text)
    {
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(no message)" : lines[^1].Length > 300 ? lines[^1][..300] : lines[^1];
    }

    private static async Task WriteInputAsync(Stream stdin, ReadOnlyMemory<byte> input, CancellationToken cancellationToken)
    {
        try
        {
            if (!input.IsEmpty)
            {
                await stdin.WriteAsync(input, cancellationToken);
            }
        }
        catch (IOException)
        {
            // The tool stopped reading (it had what it needed, or failed): its exit code and stderr tell the story.
        }
        finally
        {
            try
            {
                await stdin.DisposeAsync();
            }
            catch (IOException)
            {
            }
        }
    }

    private static async Task<byte[]> ReadAllAsync(Stream stream, int limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new InvalidDataException($"wrote more than {limit / (1024 * 1024)} MB to stdout");
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }

    private static async Task<string> ReadErrorAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var chunk = new char[4096];
        int read;
        while ((read = await reader.ReadAsync(chunk, cancellationToken)) > 0)
        {
            // Keep the tail: ffmpeg's useful lines (the error, volumedetect's summary) come last.
            text.Append(chunk, 0, read);
            if (text.Length > MaxErrorChars * 2)
            {
                text.Remove(0, text.Length - MaxErrorChars);
            }
        }
        return text.ToString();
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (Exception ex) when (ex is InvalidOperationException or Win32Exception)
        {
            // Already gone.
        }
    }
}

/// <summary>
/// A private working folder for one tool run (mode 0700 on Unix, under the system temp folder), deleted on dispose.
/// Tools that need seekable input (m4a keeps its index at the end) or write their output to a path get it here.
/// </summary>
public sealed class ScratchFolder : IDisposable
{
    private ScratchFolder(string path) => Path = path;

    public string Path { get; }

    public static ScratchFolder Create() => new(Directory.CreateTempSubdirectory("candor-speech-").FullName);

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public async Task<string> WriteAsync(string name, ReadOnlyMemory<byte> content, CancellationToken cancellationToken)
    {
        var path = File(name);
        await using var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.None, 81920, useAsync: true);
        await stream.WriteAsync(content, cancellationToken);
        return path;
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A file still held by a killed tool; the system's temp cleaning gets it later.
        }
    }
}
