using Candor.Engine.Technical;

namespace Candor.Engine.Tests.Technical;

public sealed class TechnicalEngineTests
{
    internal static readonly Problem TwoSum = new(
        "two-sum", "Two Sum", ProblemDifficulty.Easy, ["hash map", "arrays"],
        "Return the indices of the two numbers that add up to the target.",
        [new ProblemExample("example 1", "[2,7,11,15]\n9", "[0,1]")],
        [new ProblemTest("empty list", "[]\n1", "[]"), new ProblemTest("duplicates", "[3,3]\n6", "[0,1]")],
        new Dictionary<CodeLanguage, string> { [CodeLanguage.Python] = "def two_sum(nums, target):\n    pass\n" },
        ["Nudge: for each number, which other number would complete the pair?",
         "Approach: remember the numbers you have seen in a hash map from value to index.",
         "Near-solution: in one loop, look up target - x in the map before storing x."],
        "O(n) time, O(n) space",
        new Dictionary<CodeLanguage, string>
        {
            [CodeLanguage.Python] = "def two_sum(nums, target):\n    seen = {}\n    for index, value in enumerate(nums):\n        if target - value in seen:\n            return [seen[target - value], index]\n        seen[value] = index\n    return []\n",
        });

    private const string Quadratic = """
        def two_sum(nums, target):
            for i in range(len(nums)):
                for j in range(len(nums) + 1):
                    q = nums[i] + nums[j]
                    if q == target:
                        return [i, j]
            return []
        """;

    private const string Clean = """
        def two_sum(nums, target):
            if not nums:
                return []
            seen = {}
            for index, value in enumerate(nums):
                if target - value in seen:
                    return [seen[target - value], index]
                seen[value] = index
            return []
        """;

    [Fact]
    public void Metrics_see_nested_loops_nesting_names_and_off_by_one_with_their_lines()
    {
        var metrics = CodeMetrics.Analyze(Quadratic, CodeLanguage.Python);

        metrics.Loops.ShouldContain(l => l.Line == 3 && l.Depth == 2);
        metrics.MaxNesting.ShouldBe(4);
        metrics.OffByOneSuspectLines.ShouldBe([3]);
        metrics.UnclearNames.ShouldContain(n => n.Name == "q" && n.Line == 4);
        metrics.EmptyInputGuardLines.ShouldBeEmpty();
        metrics.CyclomaticComplexity.ShouldBe(4);
    }

    [Fact]
    public void Metrics_ignore_words_in_strings_and_comments()
    {
        var metrics = CodeMetrics.Analyze("// if for while\nconst label = \"if (a && b) for\";\n", CodeLanguage.JavaScript);
        metrics.CyclomaticComplexity.ShouldBe(1);
        metrics.Loops.ShouldBeEmpty();
    }

    [Fact]
    public void Brace_languages_count_nesting_by_blocks()
    {
        const string code = "function f(a) {\n  for (let i = 0; i <= a.length; i++) {\n    for (let j = 0; j < a.length; j++) {\n      if (a[i] && a[j]) { return 1; }\n    }\n  }\n}\n";
        var metrics = CodeMetrics.Analyze(code, CodeLanguage.JavaScript);
        metrics.Loops.Select(l => (l.Line, l.Depth)).ShouldBe([(2, 1), (3, 2)]);
        metrics.OffByOneSuspectLines.ShouldBe([2]);
        metrics.MaxNesting.ShouldBe(3);
    }

    [Fact]
    public void Review_cites_lines_and_scores_a_quadratic_answer_below_a_clean_one()
    {
        var failing = new RunSummary("ok", 1, 2, ["empty list"], "", Submitted: true);
        var weak = CodeReviewer.Review(Quadratic, CodeLanguage.Python, TwoSum, failing);
        var strong = CodeReviewer.Review(Clean, CodeLanguage.Python, TwoSum, new RunSummary("ok", 2, 2, [], "", Submitted: true));

        weak.Review.Score.ShouldBeLessThan(strong.Review.Score);
        strong.Review.Score.ShouldBeGreaterThanOrEqualTo(85);
        weak.Review.Categories.Keys.ShouldBe(Enum.GetValues<ReviewCategoryName>(), ignoreOrder: true);
        weak.Review.Categories[ReviewCategoryName.Complexity].Evidence.ShouldContain(e => e.Line == 3 && e.Note.Contains("O(n^2)"));
        weak.Review.Suggestions.ShouldContain(s => s.Line == 3 && s.Severity == SuggestionSeverity.Error);
        weak.Weaknesses.Select(w => w.Category).ShouldBe(
            [WeaknessCategory.EdgeCases, WeaknessCategory.OffByOne, WeaknessCategory.CodeStructure, WeaknessCategory.TimeComplexity, WeaknessCategory.VariableNaming],
            ignoreOrder: true);
        strong.Weaknesses.ShouldBeEmpty();
        weak.Review.Summary.ShouldNotBeNullOrWhiteSpace();
    }

    [Fact]
    public void Hints_climb_the_ladder_and_stop_after_three_without_the_solution()
    {
        var first = HintGiver.Next(TwoSum, 0, null, null)!;
        var second = HintGiver.Next(TwoSum, 1, Quadratic, CodeLanguage.Python)!;
        var third = HintGiver.Next(TwoSum, 2, null, null)!;

        (first.Level, first.HintsUsed, first.HintsLeft).ShouldBe((1, 1, 2));
        first.Text.ShouldStartWith("Nudge");
        second.Text.ShouldContain("line 3");
        third.Level.ShouldBe(3);
        third.HintsLeft.ShouldBe(0);
        HintGiver.Next(TwoSum, 3, null, null).ShouldBeNull();
        foreach (var hint in new[] { first, second, third })
        {
            hint.Text.ShouldNotContain("seen[value] = index");
        }
    }

    [Theory]
    [InlineData("Write if   target-value in seen: return [seen[target - value], index] and you are done.", "reference")]
    [InlineData("Like this:\n```\nx = 1\n```", "code block")]
    [InlineData("seen = {}\nfor i in range(n):\n    return i;", "lines of code")]
    public void A_hint_that_gives_the_solution_away_is_recognised(string hint, string why)
    {
        HintGiver.RevealsSolution(TwoSum, hint).ShouldNotBeNull(why);
    }

    [Fact]
    public void A_hint_in_words_with_one_line_of_pseudocode_is_fine()
    {
        HintGiver.RevealsSolution(TwoSum, "Walk the list once. For each value, check whether target - value is already in a map of values seen so far; then store the value with its index.")
            .ShouldBeNull();
        HintGiver.RevealsSolution(TwoSum, "Keep the signature def two_sum(nums, target): and think about what to remember.").ShouldBeNull("the starter code is not the solution");
        HintGiver.RevealsSolution(TwoSum, "Near-solution: one loop, and before storing x look up target - x:\nreturn the pair when found").ShouldBeNull();
    }

    [Fact]
    public void A_ladder_rung_that_pastes_the_solution_is_cut()
    {
        var leaky = TwoSum with { Hints = ["Here it is:\n    return [seen[target - value], index]\nand done"] };
        HintGiver.Next(leaky, 0, null, null)!.Text.ShouldBe("Here it is:");
    }

    [Fact]
    public void Difficulty_goes_hard_for_a_fast_clean_solve_and_easy_for_a_struggle()
    {
        AdaptiveDifficulty.Decide(new DifficultySignals(ProblemDifficulty.Medium, 1.0, 60, 0, 0, 3, 2)).Next.ShouldBe(ProblemDifficulty.Hard);
        var struggle = AdaptiveDifficulty.Decide(new DifficultySignals(ProblemDifficulty.Medium, 0.2, 700, 3, 1, 4, 2));
        struggle.Next.ShouldBe(ProblemDifficulty.Easy);
        struggle.Struggling.ShouldBeTrue();
        AdaptiveDifficulty.Decide(new DifficultySignals(ProblemDifficulty.Medium, 0.6, 300, 1, 0, 4, 2)).Next.ShouldBe(ProblemDifficulty.Medium);
    }

    [Fact]
    public void Interviewer_asks_about_their_own_code_and_probes_a_historical_weakness()
    {
        var turn = new TechnicalTurn(TwoSum, "I think this works", Quadratic, CodeLanguage.Python, null, 0, 0, 200,
            ProblemDifficulty.Medium, [], new HashSet<WeaknessCategory>());
        var aboutCode = TechnicalInterviewer.Reply(turn);
        aboutCode.FollowUpType.ShouldBe(FollowUpType.Question);
        aboutCode.Reply.ShouldContain("line 3");

        var withHistory = TechnicalInterviewer.Reply(turn with { HistoricalWeaknesses = [WeaknessCategory.EdgeCases] });
        withHistory.Probed.ShouldBe(WeaknessCategory.EdgeCases);
        withHistory.Reply.ShouldContain("empty input");

        var probedAlready = TechnicalInterviewer.Reply(turn with
        {
            HistoricalWeaknesses = [WeaknessCategory.EdgeCases],
            ProbedWeaknesses = new HashSet<WeaknessCategory> { WeaknessCategory.EdgeCases },
        });
        probedAlready.Probed.ShouldBeNull();
    }

    [Fact]
    public void Interviewer_evaluates_a_full_pass_and_encourages_a_struggle()
    {
        var solved = TechnicalInterviewer.Reply(new TechnicalTurn(TwoSum, "done", Clean, CodeLanguage.Python,
            new RunSummary("ok", 2, 2, [], "", true), 0, 0, 50, ProblemDifficulty.Medium, [], new HashSet<WeaknessCategory>()));
        solved.FollowUpType.ShouldBe(FollowUpType.Evaluation);
        solved.Difficulty.ShouldBe(ProblemDifficulty.Hard);

        var struggling = TechnicalInterviewer.Reply(new TechnicalTurn(TwoSum, "hmm", Quadratic, CodeLanguage.Python,
            new RunSummary("ok", 0, 2, ["empty list", "duplicates"], "", true), 3, 2, 900, ProblemDifficulty.Medium, [], new HashSet<WeaknessCategory>()));
        struggling.FollowUpType.ShouldBe(FollowUpType.Encouragement);
        struggling.Difficulty.ShouldBe(ProblemDifficulty.Easy);
    }

    [Fact]
    public void Runs_and_conversation_give_weakness_signals()
    {
        var signals = WeaknessDetector.FromRun(new RunSummary("runtime_error", 0, 2, ["empty list"], "IndexError: list index out of range", false), Quadratic, CodeLanguage.Python);
        signals.ShouldContain(s => s.Category == WeaknessCategory.OffByOne && s.Line == 3);
        signals.ShouldContain(s => s.Category == WeaknessCategory.EdgeCases);
        WeaknessDetector.FromConversation("yes", answeringAQuestion: true).Single().Category.ShouldBe(WeaknessCategory.Communication);
        WeaknessDetector.FromConversation("I keep a map from value to index so each lookup is constant time", true).ShouldBeEmpty();
    }
}
