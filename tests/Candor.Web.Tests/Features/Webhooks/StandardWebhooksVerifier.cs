using System.Diagnostics;
using System.Text.Json;

namespace Candor.Web.Tests.Features.Webhooks;

/// <summary>
/// Checks a captured webhook with the reference <c>standardwebhooks</c> npm library (Webhooks.Verifier/verify.mjs),
/// so signatures are verified by the spec's own implementation, not only by our code. Runs
/// <c>npm ci</c> there first when node_modules is missing, so the tests never skip.
/// </summary>
public static class StandardWebhooksVerifier
{
    private static readonly SemaphoreSlim InstallGate = new(1, 1);
    private static bool _installed;

    public static string Folder { get; } = FindFolder();

    /// <summary>Null when the library accepts the webhook; otherwise its reason.</summary>
    public static async Task<string?> VerifyAsync(string secret, CapturedWebhook webhook)
    {
        await EnsureInstalledAsync();
        var input = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["secret"] = secret,
            ["headers"] = new Dictionary<string, string>
            {
                ["webhook-id"] = webhook.Headers["webhook-id"],
                ["webhook-timestamp"] = webhook.Headers["webhook-timestamp"],
                ["webhook-signature"] = webhook.Headers["webhook-signature"],
            },
            ["body"] = webhook.Body,
        });
        var (exitCode, output) = await RunAsync("node", "verify.mjs", input);
        return exitCode == 0 ? null : output.Trim();
    }

    private static async Task EnsureInstalledAsync()
    {
        await InstallGate.WaitAsync();
        try
        {
            if (_installed || File.Exists(Path.Combine(Folder, "node_modules", "standardwebhooks", "package.json")))
            {
                _installed = true;
                return;
            }
            var (exitCode, output) = await RunAsync("npm", "ci --no-audit --no-fund", stdin: null);
            if (exitCode != 0)
            {
                throw new InvalidOperationException($"npm ci in {Folder} failed ({exitCode}):\n{output}");
            }
            _installed = true;
        }
        finally
        {
            InstallGate.Release();
        }
    }

    private static async Task<(int ExitCode, string Output)> RunAsync(string fileName, string arguments, string? stdin)
    {
        var start = new ProcessStartInfo(fileName, arguments)
        {
            WorkingDirectory = Folder,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (stdin is not null)
        {
            await process.StandardInput.WriteAsync(stdin);
        }
        process.StandardInput.Close();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string FindFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "tests", "Candor.Web.Tests", "Webhooks.Verifier");
            if (File.Exists(Path.Combine(candidate, "verify.mjs")))
            {
                return candidate;
            }
        }
        throw new DirectoryNotFoundException("tests/Candor.Web.Tests/Webhooks.Verifier was not found above " + AppContext.BaseDirectory);
    }
}
