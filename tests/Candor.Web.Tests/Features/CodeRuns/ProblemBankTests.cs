using Candor.Engine.Technical;
using Candor.Web.Features.CodeRuns;

namespace Candor.Web.Tests.Features.CodeRuns;

/// <summary>The bank's content, and every reference solution through the real sandbox against its own tests.</summary>
[Collection(SandboxCollection.Name)]
public sealed class ProblemBankTests(SandboxFixture sandbox)
{
    public static TheoryData<string, CodeLanguage> ReferenceSolutions()
    {
        var data = new TheoryData<string, CodeLanguage>();
        foreach (var problem in ProblemBank.All)
        {
            foreach (var language in problem.ReferenceSolutions.Keys)
            {
                data.Add(problem.Id, language);
            }
        }
        return data;
    }

    [Fact]
    public void The_bank_has_at_least_40_complete_problems_across_all_difficulties()
    {
        ProblemBank.All.Count.ShouldBeGreaterThanOrEqualTo(40);
        ProblemBank.All.Select(p => p.Id).ShouldBeUnique();
        foreach (var difficulty in Enum.GetValues<ProblemDifficulty>())
        {
            ProblemBank.All.Count(p => p.Difficulty == difficulty).ShouldBeGreaterThanOrEqualTo(5, difficulty.ToString());
        }
        foreach (var problem in ProblemBank.All)
        {
            problem.Statement.ShouldNotBeNullOrWhiteSpace(problem.Id);
            problem.Examples.ShouldNotBeEmpty(problem.Id);
            problem.HiddenTests.Count.ShouldBeGreaterThanOrEqualTo(2, problem.Id);
            problem.Hints.Count.ShouldBe(3, problem.Id);
            problem.ReferenceComplexity.ShouldNotBeNullOrWhiteSpace(problem.Id);
            problem.ReferenceSolutions.ShouldNotBeEmpty(problem.Id);
            problem.StarterCode.Keys.ShouldBe(problem.StarterCode.ContainsKey(CodeLanguage.Sql)
                ? [CodeLanguage.Sql]
                : [CodeLanguage.Python, CodeLanguage.JavaScript, CodeLanguage.TypeScript, CodeLanguage.CSharp], ignoreOrder: true, problem.Id);
        }
        ProblemBank.All.Count(p => p.Languages.Contains(CodeLanguage.Sql)).ShouldBeGreaterThanOrEqualTo(3);
    }

    [Theory]
    [MemberData(nameof(ReferenceSolutions))]
    public async Task Every_reference_solution_passes_its_examples_and_hidden_tests(string id, CodeLanguage language)
    {
        var problem = ProblemBank.Find(id)!;

        var run = await sandbox.RunAsync(problem, language, problem.ReferenceSolutions[language], RunMode.Run);
        var submit = await sandbox.RunAsync(problem, language, problem.ReferenceSolutions[language], RunMode.Submit);

        run.Verdict.ShouldBe(RunVerdict.Ok, run.Stderr);
        run.Passed.ShouldBe(problem.Examples.Count, string.Join("; ", run.Tests.Where(t => !t.Passed).Select(t => $"{t.Name}: expected {t.Expected}, got {t.Actual}")));
        submit.Verdict.ShouldBe(RunVerdict.Ok, submit.Stderr);
        submit.Passed.ShouldBe(problem.HiddenTests.Count);
    }

    [Theory]
    [InlineData("two-sum")]
    [InlineData("merge-intervals")]
    [InlineData("median-two-sorted")]
    [InlineData("group-anagrams")]
    public async Task The_starter_code_of_every_language_runs_and_fails_the_tests_honestly(string id)
    {
        var problem = ProblemBank.Find(id)!;
        foreach (var (language, starter) in problem.StarterCode)
        {
            var result = await sandbox.RunAsync(problem, language, starter, RunMode.Run);

            // The stub compiles and runs; it just does not solve the problem (Python's None and C#'s default print
            // a wrong answer, the TypeScript stub throws "not implemented").
            result.Verdict.ShouldBeOneOf([RunVerdict.Ok, RunVerdict.RuntimeError], $"{language}: {result.Stderr}");
            result.Passed.ShouldBe(0, language.ToString());
        }
    }

    [Fact]
    public async Task A_solution_written_into_the_starter_code_passes_in_typescript()
    {
        var problem = ProblemBank.Find("two-sum")!;
        var code = problem.StarterCode[CodeLanguage.TypeScript].Replace(
            "  // Write your solution here.\n  throw new Error(\"not implemented\");",
            "  const seen = new Map<number, number>();\n  for (let i = 0; i < nums.length; i++) {\n    const j = seen.get(target - nums[i]);\n    if (j !== undefined) return [j, i];\n    seen.set(nums[i], i);\n  }\n  return [];",
            StringComparison.Ordinal);

        var result = await sandbox.RunAsync(problem, CodeLanguage.TypeScript, code, RunMode.Submit);

        result.Verdict.ShouldBe(RunVerdict.Ok, result.Stderr);
        result.Passed.ShouldBe(result.Total);
    }
}
