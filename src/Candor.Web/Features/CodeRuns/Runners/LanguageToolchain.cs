using Candor.Engine.Technical;
using Candor.Web.Sandbox;

namespace Candor.Web.Features.CodeRuns.Runners;

/// <summary>The outcome of preparing a program: ready to run, or a compile error to show the candidate.</summary>
public sealed record PreparedProgram(bool Compiled, string CompilerOutput, TimeSpan Duration);

/// <summary>How one language is prepared (written, transpiled or compiled) and started inside the sandbox.</summary>
public interface ILanguageToolchain
{
    CodeLanguage Language { get; }

    /// <summary>Writes (and compiles, where the language needs it) the candidate's code into the source folder.</summary>
    Task<PreparedProgram> PrepareAsync(string sourceDirectory, string code, CancellationToken cancellationToken);

    /// <summary>The sandbox request that runs the prepared program once, with <paramref name="stdin"/> as its input.</summary>
    SandboxRequest RunRequest(string sourceDirectory, string stdin);
}

public sealed class PythonToolchain(SandboxProcess sandbox) : ILanguageToolchain
{
    public CodeLanguage Language => CodeLanguage.Python;

    public Task<PreparedProgram> PrepareAsync(string sourceDirectory, string code, CancellationToken cancellationToken)
    {
        SandboxProcess.WriteSourceFile(sourceDirectory, "main.py", code);
        // Syntax errors surface when it runs, as a runtime error with Python's own message.
        return Task.FromResult(new PreparedProgram(true, "", TimeSpan.Zero));
    }

    // -I: isolated (no user site, no PYTHON* variables), -B: no .pyc writes, -S: no site-packages of the host.
    public SandboxRequest RunRequest(string sourceDirectory, string stdin) =>
        new([sandbox.Options.PythonPath, "-I", "-B", "-S", "/src/main.py"], sourceDirectory, stdin);
}

public sealed class JavaScriptToolchain(SandboxProcess sandbox) : ILanguageToolchain
{
    public CodeLanguage Language => CodeLanguage.JavaScript;

    public Task<PreparedProgram> PrepareAsync(string sourceDirectory, string code, CancellationToken cancellationToken)
    {
        SandboxProcess.WriteSourceFile(sourceDirectory, "main.js", code);
        return Task.FromResult(new PreparedProgram(true, "", TimeSpan.Zero));
    }

    public SandboxRequest RunRequest(string sourceDirectory, string stdin) => NodeRequest(sandbox.Options, "/src/main.js", sourceDirectory, stdin);

    // V8 reserves far more address space than it uses, so its heap is capped with its own flag and the address
    // space is left at a few times the memory limit (typed arrays and buffers live outside the JS heap).
    internal static SandboxRequest NodeRequest(SandboxOptions options, string script, string sourceDirectory, string stdin, IReadOnlyList<string>? binds = null) =>
        new([options.NodePath, $"--max-old-space-size={options.MemoryMegabytes}", "--max-semi-space-size=16", script],
            sourceDirectory, stdin, ReadOnlyBinds: binds, MemoryBytesOverride: NodeAddressSpace(options));

    internal static long NodeAddressSpace(SandboxOptions options) => Math.Max(1024L, options.MemoryMegabytes * 4L) * 1024 * 1024;
}
