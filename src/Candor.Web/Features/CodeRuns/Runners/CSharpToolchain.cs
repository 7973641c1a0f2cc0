using System.Collections.Immutable;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Candor.Engine.Technical;
using Candor.Web.Sandbox;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Candor.Web.Features.CodeRuns.Runners;

/// <summary>
/// C#: compiled in-process by Roslyn against the framework's own assemblies (compile only: the assembly is
/// written to the run's folder and never loaded by the app), then run by the `dotnet` host inside the sandbox.
/// </summary>
public sealed class CSharpToolchain(SandboxProcess sandbox) : ILanguageToolchain
{
    /// <summary>Longer sources are refused before compiling (a compile is work done in the app's process).</summary>
    public const int MaxSourceLength = 100_000;

    private static readonly TimeSpan CompileTimeout = TimeSpan.FromSeconds(20);

    private static readonly Lazy<ImmutableArray<MetadataReference>> FrameworkReferences = new(LoadFrameworkReferences);

    public CodeLanguage Language => CodeLanguage.CSharp;

    public Task<PreparedProgram> PrepareAsync(string sourceDirectory, string code, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        if (code.Length > MaxSourceLength)
        {
            return Task.FromResult(new PreparedProgram(false, $"The program is longer than {MaxSourceLength} characters.", clock.Elapsed));
        }
        var tree = CSharpSyntaxTree.ParseText(code, new CSharpParseOptions(LanguageVersion.Latest), path: "main.cs", cancellationToken: cancellationToken);
        var compilation = CSharpCompilation.Create(
            "main",
            [tree],
            FrameworkReferences.Value,
            new CSharpCompilationOptions(OutputKind.ConsoleApplication, optimizationLevel: OptimizationLevel.Release, nullableContextOptions: NullableContextOptions.Disable, allowUnsafe: false));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(CompileTimeout);
        using var assembly = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult emitted;
        try
        {
            emitted = compilation.Emit(assembly, cancellationToken: timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return Task.FromResult(new PreparedProgram(false, "The compiler took too long.", clock.Elapsed));
        }
        if (!emitted.Success)
        {
            var errors = new StringBuilder();
            foreach (var diagnostic in emitted.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error).Take(20))
            {
                errors.AppendLine(diagnostic.ToString());
            }
            return Task.FromResult(new PreparedProgram(false, errors.ToString(), clock.Elapsed));
        }
        SandboxProcess.WriteSourceFile(sourceDirectory, "main.dll", assembly.ToArray());
        SandboxProcess.WriteSourceFile(sourceDirectory, "main.runtimeconfig.json", RuntimeConfig());
        return Task.FromResult(new PreparedProgram(true, "", clock.Elapsed));
    }

    public SandboxRequest RunRequest(string sourceDirectory, string stdin)
    {
        var (host, root) = DotnetHost(sandbox.Options);
        var heapLimit = ((long)sandbox.Options.MemoryMegabytes * 1024 * 1024).ToString("x", System.Globalization.CultureInfo.InvariantCulture);
        return new SandboxRequest(
            [host, "/src/main.dll"],
            sourceDirectory,
            stdin,
            new Dictionary<string, string>
            {
                // The GC's own heap cap: an allocation past it is an OutOfMemoryException (memory_limit).
                ["DOTNET_GCHeapHardLimit"] = heapLimit,
                ["DOTNET_GCgen0size"] = "0x1000000",
                ["DOTNET_EnableDiagnostics"] = "0",
                ["DOTNET_TieredCompilation"] = "1",
                ["DOTNET_TC_QuickJitForLoops"] = "1",
                ["DOTNET_NOLOGO"] = "1",
                ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
            },
            root.StartsWith("/usr/", StringComparison.Ordinal) ? null : [root],
            // The runtime reserves address space well beyond its heap; the heap cap above is the memory limit.
            MemoryBytesOverride: Math.Max(4096L, sandbox.Options.MemoryMegabytes * 8L) * 1024 * 1024);
    }

    /// <summary>The dotnet host and its root folder: configured, or the runtime this app runs on.</summary>
    private static (string Host, string Root) DotnetHost(SandboxOptions options)
    {
        if (options.DotnetPath is { } configured)
        {
            return (configured, Path.GetDirectoryName(Path.GetFullPath(configured))!);
        }
        // .../dotnet/shared/Microsoft.NETCore.App/10.0.x/ → .../dotnet
        var runtimeDirectory = RuntimeEnvironment.GetRuntimeDirectory().TrimEnd('/');
        var root = Directory.GetParent(runtimeDirectory)!.Parent!.Parent!.FullName;
        return (Path.Combine(root, "dotnet"), root);
    }

    private static string RuntimeConfig() =>
        System.Text.Json.JsonSerializer.Serialize(new
        {
            runtimeOptions = new
            {
                tfm = $"net{Environment.Version.Major}.{Environment.Version.Minor}",
                framework = new { name = "Microsoft.NETCore.App", version = Environment.Version.ToString() },
            },
        });

    // Only the shared framework's assemblies (never the app's own, which share the trusted-platform list).
    private static ImmutableArray<MetadataReference> LoadFrameworkReferences()
    {
        var references = ImmutableArray.CreateBuilder<MetadataReference>();
        foreach (var file in Directory.EnumerateFiles(RuntimeEnvironment.GetRuntimeDirectory(), "*.dll"))
        {
            try
            {
                using var stream = File.OpenRead(file);
                using var reader = new System.Reflection.PortableExecutable.PEReader(stream);
                if (reader.HasMetadata)
                {
                    references.Add(MetadataReference.CreateFromFile(file));
                }
            }
            catch (BadImageFormatException)
            {
                // A native library in the runtime folder.
            }
        }
        return references.ToImmutable();
    }
}
