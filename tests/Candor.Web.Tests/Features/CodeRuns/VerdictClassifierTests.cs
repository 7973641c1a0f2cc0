using Candor.Web.Features.CodeRuns;
using Candor.Web.Sandbox;

namespace Candor.Web.Tests.Features.CodeRuns;

/// <summary>How a program's end becomes a verdict, from the exit and what the runtimes print at each limit.</summary>
public sealed class VerdictClassifierTests
{
    private static SandboxOutcome Ended(int exitCode, string stderr, SandboxLimit limit = SandboxLimit.None) =>
        new(exitCode, limit, "", stderr, TimeSpan.FromMilliseconds(10));

    [Theory]
    // Node's spawn loop at the process limit fails inside libuv, or runs out of descriptors first.
    [InlineData("node[7]: ../src/node_platform.cc:68: uv_thread_create failed", RunVerdict.Forbidden)]
    [InlineData("Error: spawn /usr/bin/sleep EMFILE", RunVerdict.Forbidden)]
    [InlineData("OSError: [Errno 11] Resource temporarily unavailable", RunVerdict.Forbidden)]
    [InlineData("Traceback (most recent call last):\nMemoryError", RunVerdict.MemoryLimit)]
    [InlineData("OSError: [Errno 28] No space left on device", RunVerdict.OutputLimit)]
    [InlineData("ZeroDivisionError: division by zero", RunVerdict.RuntimeError)]
    public void A_failed_program_is_named_by_what_it_printed(string stderr, RunVerdict expected) =>
        VerdictClassifier.Classify(Ended(1, stderr)).ShouldBe(expected);

    [Fact]
    public void A_limit_the_sandbox_saw_wins_over_what_was_printed()
    {
        VerdictClassifier.Classify(Ended(137, "MemoryError", SandboxLimit.WallClock)).ShouldBe(RunVerdict.Timeout);
        VerdictClassifier.Classify(Ended(1, "EMFILE", SandboxLimit.Output)).ShouldBe(RunVerdict.OutputLimit);
    }

    [Fact]
    public void A_clean_exit_has_no_verdict_and_a_file_size_signal_is_the_output_limit()
    {
        VerdictClassifier.Classify(Ended(0, "warning: Permission denied")).ShouldBeNull();
        VerdictClassifier.Classify(Ended(128 + 25, "")).ShouldBe(RunVerdict.OutputLimit);
    }
}
