using System.Diagnostics;
using Candor.Engine.Technical;
using Candor.Web.Sandbox;

namespace Candor.Web.Features.CodeRuns.Runners;

/// <summary>
/// TypeScript: transpiled by TypeScript's own compiler (npm "typescript", Sandbox/tools) running inside the
/// sandbox, since the compiler reads the candidate's code; the JavaScript then runs like the JavaScript runner's.
/// </summary>
public sealed class TypeScriptToolchain(SandboxProcess sandbox, SandboxTools tools) : ILanguageToolchain
{
    public CodeLanguage Language => CodeLanguage.TypeScript;

    public async Task<PreparedProgram> PrepareAsync(string sourceDirectory, string code, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        SandboxProcess.WriteSourceFile(sourceDirectory, "main.ts", code);
        var toolsDirectory = tools.RequireToolsDirectory();
        var transpile = JavaScriptToolchain.NodeRequest(sandbox.Options, Path.Combine(toolsDirectory, "transpile.js"), sourceDirectory, "", [toolsDirectory]);
        var outcome = await sandbox.RunAsync(transpile, cancellationToken);
        if (outcome.ExitCode != 0 || outcome.LimitHit != SandboxLimit.None)
        {
            var message = outcome.LimitHit == SandboxLimit.None ? outcome.Stderr : $"The TypeScript compiler stopped: {outcome.LimitHit} limit.";
            return new PreparedProgram(false, message, clock.Elapsed);
        }
        SandboxProcess.WriteSourceFile(sourceDirectory, "main.js", outcome.Stdout);
        return new PreparedProgram(true, "", clock.Elapsed);
    }

    public SandboxRequest RunRequest(string sourceDirectory, string stdin) => JavaScriptToolchain.NodeRequest(sandbox.Options, "/src/main.js", sourceDirectory, stdin);
}

/// <summary>Finds the sandbox's npm tools (Sandbox/tools with node_modules installed).</summary>
public sealed class SandboxTools(Microsoft.Extensions.Options.IOptions<SandboxOptions> options)
{
    private readonly Lazy<string?> directory = new(() => Locate(options.Value.ToolsDirectory));

    public string RequireToolsDirectory() => directory.Value
        ?? throw new InvalidOperationException("TypeScript needs the sandbox tools: run `npm ci` in src/Candor.Web/Sandbox/tools (./candor does), or set Sandbox:ToolsDirectory.");

    private static string? Locate(string? configured)
    {
        if (configured is not null)
        {
            return HasTypeScript(configured) ? Path.GetFullPath(configured) : null;
        }
        // Next to the app when published with it, else the source tree the app was built from.
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            foreach (var candidate in new[] { Path.Combine(dir.FullName, "Sandbox", "tools"), Path.Combine(dir.FullName, "src", "Candor.Web", "Sandbox", "tools") })
            {
                if (HasTypeScript(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static bool HasTypeScript(string directory) =>
        File.Exists(Path.Combine(directory, "transpile.js")) && File.Exists(Path.Combine(directory, "node_modules", "typescript", "lib", "typescript.js"));
}
