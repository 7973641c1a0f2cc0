using Candor.Engine.Technical;

namespace Candor.Web.Features.CodeRuns;

// The seam between the rooms (who may run what) and the sandbox (how untrusted code runs), issue 12.

public enum RunMode { Run, Submit }

/// <summary>Wire names: ok, compile_error, runtime_error, timeout, memory_limit, output_limit, forbidden.</summary>
public enum RunVerdict { Ok, CompileError, RuntimeError, Timeout, MemoryLimit, OutputLimit, Forbidden }

/// <param name="Expected">Only for visible examples (Run); null for hidden tests.</param>
public sealed record TestOutcome(string Name, bool Passed, string? Expected, string? Actual);

public sealed record CodeRunResult(
    RunVerdict Verdict,
    int Passed,
    int Total,
    IReadOnlyList<TestOutcome> Tests,
    string Stdout,
    string Stderr,
    long DurationMs);

/// <summary>Runs a candidate's code against a problem's visible examples (Run) or hidden tests (Submit) in a sandbox.</summary>
public interface ICodeRunner
{
    Task<CodeRunResult> RunAsync(Problem problem, CodeLanguage language, string code, RunMode mode, CancellationToken cancellationToken);
}

/// <summary>The built-in problem bank plus the current organisation's own problems.</summary>
public interface IProblemCatalog
{
    Task<Problem?> FindAsync(string id, CancellationToken cancellationToken);

    Task<IReadOnlyList<Problem>> ListAsync(ProblemDifficulty? difficulty, CodeLanguage? language, CancellationToken cancellationToken);
}
