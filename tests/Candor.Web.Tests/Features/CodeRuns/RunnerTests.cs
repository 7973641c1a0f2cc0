using Candor.Engine.Technical;
using Candor.Web.Features.CodeRuns;

namespace Candor.Web.Tests.Features.CodeRuns;

/// <summary>Each language's runner through the real sandbox: passing, failing, compile errors, run vs submit.</summary>
[Collection(SandboxCollection.Name)]
public sealed class RunnerTests(SandboxFixture sandbox)
{
    [Theory]
    [InlineData(CodeLanguage.Python)]
    [InlineData(CodeLanguage.JavaScript)]
    [InlineData(CodeLanguage.TypeScript)]
    [InlineData(CodeLanguage.CSharp)]
    public async Task A_correct_program_passes_the_examples_with_expected_and_actual_shown(CodeLanguage language)
    {
        var result = await sandbox.RunAsync(TestProblems.Sum, language, TestProblems.SumSolutions[language]);

        result.Verdict.ShouldBe(RunVerdict.Ok, result.Stderr);
        result.Passed.ShouldBe(2);
        result.Total.ShouldBe(2);
        result.Tests[0].ShouldBe(new TestOutcome("small", true, "3", "3\n"));
        result.Tests[1].Expected.ShouldBe("-2");
    }

    [Theory]
    [InlineData(CodeLanguage.Python)]
    [InlineData(CodeLanguage.CSharp)]
    public async Task Submit_runs_the_hidden_tests_without_showing_their_input_or_output(CodeLanguage language)
    {
        var result = await sandbox.RunAsync(TestProblems.Sum, language, TestProblems.SumSolutions[language], RunMode.Submit);

        result.Verdict.ShouldBe(RunVerdict.Ok);
        result.Passed.ShouldBe(2);
        result.Tests.Select(t => t.Name).ShouldBe(["hidden big", "hidden zero"]);
        result.Tests.ShouldAllBe(t => t.Expected == null && t.Actual == null);
        result.Stdout.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_wrong_answer_is_ok_with_fewer_passed_and_the_actual_output_shown()
    {
        var result = await sandbox.RunAsync(TestProblems.Sum, CodeLanguage.Python, "import sys\na, b = (int(x) for x in sys.stdin.read().split())\nprint(a - b)\n");

        result.Verdict.ShouldBe(RunVerdict.Ok);
        result.Passed.ShouldBe(0);
        result.Tests[0].Actual.ShouldBe("-1\n");
        result.Stdout.ShouldBe("-1\n");
    }

    [Fact]
    public async Task A_hidden_test_that_fails_never_shows_what_the_program_printed()
    {
        var result = await sandbox.RunAsync(TestProblems.Sum, CodeLanguage.Python, "import sys\nprint(sys.stdin.read())\nraise SystemExit(sys.stdin.read() + 'boom')\n", RunMode.Submit);

        result.Verdict.ShouldBe(RunVerdict.RuntimeError);
        result.Stdout.ShouldBeEmpty();
        result.Stderr.ShouldNotContain("1000000");
        result.Tests.ShouldAllBe(t => !t.Passed && t.Actual == null);
    }

    [Theory]
    [InlineData(CodeLanguage.CSharp, "public static class P { public static void Main() { int x = \"text\"; } }", "CS0029")]
    [InlineData(CodeLanguage.TypeScript, "const x: number = ;\nconsole.log(x);", "main.ts(1,")]
    public async Task A_program_that_does_not_compile_is_a_compile_error_with_the_compiler_message(CodeLanguage language, string code, string message)
    {
        var result = await sandbox.RunAsync(TestProblems.Sum, language, code);

        result.Verdict.ShouldBe(RunVerdict.CompileError);
        result.Passed.ShouldBe(0);
        result.Stderr.ShouldContain(message);
    }

    [Fact]
    public async Task A_python_exception_is_a_runtime_error_with_the_traceback()
    {
        var result = await sandbox.RunAsync(TestProblems.Sum, CodeLanguage.Python, "print(1 // 0)\n");

        result.Verdict.ShouldBe(RunVerdict.RuntimeError);
        result.Stderr.ShouldContain("ZeroDivisionError");
    }

    [Fact]
    public async Task Sql_runs_the_query_against_each_examples_setup()
    {
        var result = await sandbox.RunAsync(TestProblems.Salaries, CodeLanguage.Sql, "SELECT name FROM people WHERE salary > 100 ORDER BY name;");

        result.Verdict.ShouldBe(RunVerdict.Ok, result.Stderr);
        result.Passed.ShouldBe(1);
        result.Tests[0].Actual.ShouldBe("ann\ncy\n");
    }

    [Fact]
    public async Task Sql_with_a_syntax_error_is_a_compile_error()
    {
        var result = await sandbox.RunAsync(TestProblems.Salaries, CodeLanguage.Sql, "SELEC name FROM people;");

        result.Verdict.ShouldBe(RunVerdict.CompileError);
        result.Stderr.ShouldContain("syntax error");
    }
}
