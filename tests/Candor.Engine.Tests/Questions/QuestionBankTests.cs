using System.Text.RegularExpressions;
using Candor.Engine.Questions;

namespace Candor.Engine.Tests.Questions;

public class QuestionBankTests
{
    private static readonly RoleFamily[] TechnicalFamilies =
        [RoleFamily.Backend, RoleFamily.Frontend, RoleFamily.Data, RoleFamily.DevOps, RoleFamily.Mobile, RoleFamily.MachineLearning];

    private static readonly Dictionary<string, RoleFamily> TechnicalPrefixes = new()
    {
        ["be"] = RoleFamily.Backend,
        ["fe"] = RoleFamily.Frontend,
        ["da"] = RoleFamily.Data,
        ["do"] = RoleFamily.DevOps,
        ["mo"] = RoleFamily.Mobile,
        ["ml"] = RoleFamily.MachineLearning,
    };

    private static IReadOnlyList<BankQuestion> All => QuestionBank.Default.Questions;

    /// <summary>The technical files' questions, keyed by the family their id prefix names.</summary>
    private static IEnumerable<(RoleFamily Family, BankQuestion Question)> Technical() =>
        All.Where(q => TechnicalPrefixes.ContainsKey(q.Id[..2])).Select(q => (TechnicalPrefixes[q.Id[..2]], q));

    [Fact]
    public void Default_bank_loads_at_least_156_technical_questions()
    {
        All.ShouldNotBeEmpty();
        Technical().Count().ShouldBeGreaterThanOrEqualTo(156);
        All.Count(q => q.Families.Any(TechnicalFamilies.Contains)).ShouldBeGreaterThanOrEqualTo(156);
    }

    [Fact]
    public void Default_is_loaded_once() => QuestionBank.Default.ShouldBeSameAs(QuestionBank.Default);

    [Fact]
    public void Ids_are_unique_and_well_formed()
    {
        All.Select(q => q.Id).ShouldBeUnique();
        All.ShouldAllBe(q => Regex.IsMatch(q.Id, "^[a-z]{2,4}-[0-9]{3}$"));
    }

    [Fact]
    public void Every_question_is_complete()
    {
        foreach (var q in All)
        {
            q.Text.Trim().Length.ShouldBeGreaterThan(20, q.Id);
            q.Competency.ShouldMatch("^[a-z][a-z_]*$", q.Id);
            q.ExpectedPoints.Count.ShouldBeInRange(3, 6, q.Id);
            q.ExpectedPoints.ShouldAllBe(p => !string.IsNullOrWhiteSpace(p), q.Id);
            q.FollowUpGuide.ShouldNotBeNullOrWhiteSpace(q.Id);
            q.Skills.ShouldAllBe(s => s.Length > 0 && s.Trim() == s, q.Id);
            if (q.Kind == QuestionKind.Scenario)
            {
                q.ScenarioType.ShouldNotBeNullOrWhiteSpace(q.Id);
            }
        }
    }

    [Fact]
    public void Technical_questions_follow_the_house_format()
    {
        foreach (var (family, q) in Technical())
        {
            q.Families.ShouldContain(family, q.Id);
            q.Kind.ShouldBeOneOf([QuestionKind.Technical, QuestionKind.Scenario], q.Id);
            // Short, keyword-bearing rubric points: the offline evaluator matches them against transcripts.
            q.ExpectedPoints.ShouldAllBe(p => p.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length >= 3
                && p.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 10, q.Id);
        }
    }

    [Fact]
    public void Each_technical_family_has_at_least_26_questions_with_a_difficulty_mix()
    {
        foreach (var group in Technical().GroupBy(t => t.Family))
        {
            var questions = group.Select(t => t.Question).ToList();
            questions.Count.ShouldBeGreaterThanOrEqualTo(26, group.Key.ToString());
            Share(questions, Difficulty.Easy).ShouldBeInRange(0.2, 0.4, group.Key.ToString());
            Share(questions, Difficulty.Medium).ShouldBeInRange(0.35, 0.55, group.Key.ToString());
            Share(questions, Difficulty.Hard).ShouldBeInRange(0.15, 0.35, group.Key.ToString());
            questions.Select(q => q.Competency).Distinct().Count().ShouldBeGreaterThanOrEqualTo(8, group.Key.ToString());
        }

        Technical().Select(t => t.Family).Distinct().Count().ShouldBe(TechnicalFamilies.Length);
    }

    [Fact]
    public void Scenario_types_are_present()
    {
        var scenarios = Technical().Where(t => t.Question.Kind == QuestionKind.Scenario).ToList();
        scenarios.Count(t => t.Question.ScenarioType == "system_design"
            && t.Family is RoleFamily.Backend or RoleFamily.DevOps or RoleFamily.Data).ShouldBeGreaterThanOrEqualTo(5);
        scenarios.Count(t => t.Question.ScenarioType == "api_design"
            && t.Family is RoleFamily.Backend or RoleFamily.Mobile or RoleFamily.Frontend).ShouldBeGreaterThanOrEqualTo(4);
    }

    [Fact]
    public void Find_returns_the_question_or_null()
    {
        QuestionBank.Default.Find("be-001")!.Competency.ShouldBe("api_design");
        QuestionBank.Default.Find("zz-999").ShouldBeNull();
    }

    [Fact]
    public void Parse_reads_wire_names()
    {
        var q = QuestionBank.Parse(Json("\"families\": [\"devops\", \"machine_learning\", \"customer_success\"]"), "test.json").Single();
        q.Families.ShouldBe([RoleFamily.DevOps, RoleFamily.MachineLearning, RoleFamily.CustomerSuccess]);
        q.Kind.ShouldBe(QuestionKind.Scenario);
        q.Difficulty.ShouldBe(Difficulty.Hard);
        q.ScenarioType.ShouldBe("system_design");
    }

    [Theory]
    [InlineData("\"families\": [\"dev_ops\"]", "unknown family 'dev_ops'")]
    [InlineData("\"families\": [\"Backend\"]", "unknown family 'Backend'")]
    [InlineData("\"families\": [], \"kind\": \"quiz\"", "unknown kind 'quiz'")]
    [InlineData("\"families\": [], \"difficulty\": \"extreme\"", "unknown difficulty 'extreme'")]
    [InlineData("\"families\": [], \"expected_points\": [\"one point here\", \"two points here\"]", "at least 3")]
    [InlineData("\"families\": [], \"text\": \"  \"", "no text")]
    [InlineData("\"families\": [], \"expected_point\": []", "expected_point")]
    public void Parse_rejects_bad_entries_naming_the_file_and_entry(string fields, string problem)
    {
        var ex = Should.Throw<QuestionBankException>(() => QuestionBank.Parse(Json(fields), "broken.json"));
        ex.Message.ShouldContain("broken.json");
        ex.Message.ShouldContain(problem);
        if (!problem.Contains("expected_point", StringComparison.Ordinal))
        {
            ex.Message.ShouldContain("zz-001");
        }
    }

    [Fact]
    public void Constructor_rejects_duplicate_ids()
    {
        var q = QuestionBank.Parse(Json("\"families\": []"), "a.json").Single();
        var ex = Should.Throw<QuestionBankException>(() => new QuestionBank([q, q with { Text = "Another question text here?" }]));
        ex.Message.ShouldContain("zz-001");
    }

    private static double Share(List<BankQuestion> questions, Difficulty difficulty) =>
        (double)questions.Count(q => q.Difficulty == difficulty) / questions.Count;

    /// <summary>A valid one-question file; <paramref name="overrides"/> (which must set families) replace the defaults.</summary>
    private static string Json(string overrides)
    {
        var fields = new Dictionary<string, string>
        {
            ["id"] = "\"zz-001\"",
            ["text"] = "\"Design a thing that does something useful?\"",
            ["competency"] = "\"system_design\"",
            ["kind"] = "\"scenario\"",
            ["difficulty"] = "\"hard\"",
            ["skills"] = "[]",
            ["expected_points"] = "[\"first point here\", \"second point here\", \"third point here\"]",
            ["follow_up_guide"] = "\"Ask more.\"",
            ["scenario_type"] = "\"system_design\"",
        };
        var overridden = Regex.Matches(overrides, "\"([a-z_]+)\":").Select(m => m.Groups[1].Value).ToHashSet();
        var kept = fields.Where(f => !overridden.Contains(f.Key)).Select(f => $"\"{f.Key}\": {f.Value}");
        return $"{{ \"questions\": [ {{ {string.Join(", ", kept.Append(overrides))} }} ] }}";
    }
}
