using System.Diagnostics;
using Candor.Engine.Technical;
using Candor.Web.Features.CodeRuns.Runners;
using Candor.Web.Sandbox;

namespace Candor.Web.Features.CodeRuns;

/// <summary>
/// Runs a candidate's program once per test in the sandbox: Run → the visible examples (expected and actual
/// shown), Submit → the hidden tests (only names and pass/fail; no output that could echo a hidden input).
/// The first test stopped by a limit or an error ends the run with that verdict; the rest count as failed.
/// </summary>
public sealed class SandboxCodeRunner(SandboxProcess sandbox, IEnumerable<ILanguageToolchain> toolchains, SqlRunner sqlRunner) : ICodeRunner
{
    /// <summary>Longest program accepted, in characters.</summary>
    public const int MaxCodeLength = 100_000;

    private const string HiddenOutputNote = "Output of hidden tests is not shown.";

    public async Task<CodeRunResult> RunAsync(Problem problem, CodeLanguage language, string code, RunMode mode, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(problem);
        ArgumentNullException.ThrowIfNull(code);
        if (code.Length > MaxCodeLength)
        {
            throw new ArgumentException($"The program is longer than {MaxCodeLength} characters.", nameof(code));
        }
        var tests = mode == RunMode.Run
            ? problem.Examples.Select(e => new TestCase(e.Name, e.Input, e.Output, Visible: true)).ToList()
            : problem.HiddenTests.Select(t => new TestCase(t.Name, t.Input, t.Output, Visible: false)).ToList();
        if (language == CodeLanguage.Sql)
        {
            return await sqlRunner.RunAsync(code, tests, cancellationToken);
        }
        var toolchain = toolchains.FirstOrDefault(t => t.Language == language)
            ?? throw new ArgumentException($"No runner for {language}.", nameof(language));

        var clock = Stopwatch.StartNew();
        var directory = SandboxProcess.CreateSourceDirectory();
        try
        {
            var prepared = await toolchain.PrepareAsync(directory, code, cancellationToken);
            if (!prepared.Compiled)
            {
                return new CodeRunResult(RunVerdict.CompileError, 0, tests.Count,
                    tests.Select(t => new TestOutcome(t.Name, false, null, null)).ToList(), "", prepared.CompilerOutput, clock.ElapsedMilliseconds);
            }
            var builder = new RunResultBuilder(tests);
            foreach (var test in tests)
            {
                var outcome = await sandbox.RunAsync(toolchain.RunRequest(directory, test.Input), cancellationToken);
                var verdict = VerdictClassifier.Classify(outcome);
                if (!builder.Add(test, verdict, outcome))
                {
                    break;
                }
            }
            return builder.Build(clock.ElapsedMilliseconds);
        }
        finally
        {
            SandboxProcess.DeleteSourceDirectory(directory);
        }
    }

    internal static string HiddenNote => HiddenOutputNote;
}

/// <summary>One test as the runner sees it.</summary>
public sealed record TestCase(string Name, string Input, string ExpectedOutput, bool Visible);

/// <summary>Collects per-test outcomes into the result (shared by the program and SQL runners).</summary>
internal sealed class RunResultBuilder(IReadOnlyList<TestCase> tests)
{
    private readonly List<TestOutcome> outcomes = [];
    private RunVerdict verdict = RunVerdict.Ok;
    private string stdout = "";
    private string stderr = "";
    private bool shownOutput;

    /// <summary>Adds a test's outcome; false when the run stops here (a limit or an error).</summary>
    public bool Add(TestCase test, RunVerdict? error, SandboxOutcome outcome) =>
        Add(test, error, outcome.Stdout, outcome.Stderr);

    public bool Add(TestCase test, RunVerdict? error, string actual, string errorText)
    {
        var passed = error is null && OutputComparer.Matches(test.ExpectedOutput, actual);
        outcomes.Add(new TestOutcome(test.Name, passed,
            test.Visible ? test.ExpectedOutput.TrimEnd() : null,
            test.Visible ? Shorten(actual) : null));
        // What the candidate sees as stdout/stderr: the first failing test's (or the last one's when all pass).
        // Hidden tests never show output: a program could print its (hidden) input.
        if (!shownOutput && (!passed || outcomes.Count == tests.Count))
        {
            shownOutput = !passed;
            stdout = test.Visible ? Shorten(actual) : "";
            stderr = test.Visible ? Shorten(errorText) : error is null ? "" : $"Test \"{test.Name}\" stopped: {VerdictText(error.Value)}. {SandboxCodeRunner.HiddenNote}";
        }
        if (error is { } stopped)
        {
            verdict = stopped;
            return false;
        }
        return true;
    }

    public CodeRunResult Build(long durationMs)
    {
        foreach (var notRun in tests.Skip(outcomes.Count))
        {
            outcomes.Add(new TestOutcome(notRun.Name, false, notRun.Visible ? notRun.ExpectedOutput.TrimEnd() : null, null));
        }
        return new CodeRunResult(verdict, outcomes.Count(o => o.Passed), tests.Count, outcomes, stdout, stderr, durationMs);
    }

    private static string VerdictText(RunVerdict verdict) => verdict switch
    {
        RunVerdict.Timeout => "time limit",
        RunVerdict.MemoryLimit => "memory limit",
        RunVerdict.OutputLimit => "output limit",
        RunVerdict.Forbidden => "the sandbox refused an operation",
        _ => "runtime error",
    };

    private static string Shorten(string text) => text.Length <= 8192 ? text : string.Concat(text.AsSpan(0, 8192), "…");
}
