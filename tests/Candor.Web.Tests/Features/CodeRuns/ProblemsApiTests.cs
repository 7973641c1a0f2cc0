using System.Net;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.CodeRuns;

/// <summary>/api/v1/problems: listing and filtering, what a problem shows (never hidden tests or solutions), custom problems per organisation.</summary>
// In the sandbox collection: its POSTs run sandboxes, which the adversarial suite's leftover check would see.
[Collection(SandboxCollection.Name)]
public sealed class ProblemsApiTests(CandorApp app) : IClassFixture<CandorApp>
{
    /// <summary>A custom problem as an API client posts it (the problem pages' tests post it too).</summary>
    internal static object CustomProblem(string id, string? referencePython = "import sys\nprint(sys.stdin.read().strip()[::-1])\n") => new
    {
        id,
        title = "Reverse a line",
        difficulty = "easy",
        topics = new[] { "strings" },
        statement = "Print the input line reversed.",
        starter_code = new Dictionary<string, string> { ["python"] = "import sys\nline = sys.stdin.read().strip()\nprint(line)\n" },
        examples = new[] { new { name = "abc", input = "abc\n", output = "cba", explanation = "reversed" } },
        hidden_tests = new[] { new { name = "secret one", input = "SECRET-INPUT-1\n", output = "1-TUPNI-TERCES", explanation = (string?)null } },
        hints = new[] { "Strings can be sliced.", "Read the line, reverse it.", "print(line[::-1])" },
        reference_complexity = "O(n)",
        reference_solutions = referencePython is null ? null : new Dictionary<string, string> { ["python"] = referencePython },
    };

    [Fact]
    public async Task The_list_holds_the_bank_and_filters_by_difficulty_and_language()
    {
        var tenant = await app.CreateTenantAsync();

        var all = await tenant.Client.GetJson("/api/v1/problems");
        var hard = await tenant.Client.GetJson("/api/v1/problems?difficulty=hard");
        var sql = await tenant.Client.GetJson("/api/v1/problems?language=sql");

        all["total"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(40);
        hard["items"]!.AsArray().ShouldAllBe(p => p!["difficulty"]!.GetValue<string>() == "hard");
        hard["total"]!.GetValue<int>().ShouldBeGreaterThan(0);
        sql["items"]!.AsArray().ShouldAllBe(p => p!["languages"]!.AsArray().Any(l => l!.GetValue<string>() == "sql"));
        sql["total"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(3);
    }

    [Theory]
    [InlineData("difficulty=impossible", "difficulty")]
    [InlineData("language=cobol", "language")]
    public async Task Unknown_filters_are_a_400_naming_the_field(string query, string field)
    {
        var tenant = await app.CreateTenantAsync();

        var problem = await (await tenant.Client.GetAsync($"/api/v1/problems?{query}")).Problem(HttpStatusCode.BadRequest);

        problem["errors"]![field].ShouldNotBeNull();
    }

    [Fact]
    public async Task A_problem_shows_statement_examples_and_starter_code_but_never_hidden_tests_or_solutions()
    {
        var tenant = await app.CreateTenantAsync();

        var response = await tenant.Client.GetAsync("/api/v1/problems/two-sum");
        var text = await response.Content.ReadAsStringAsync();
        var problem = await response.Json();

        problem["title"]!.GetValue<string>().ShouldBe("Two Sum");
        problem["examples"]!.AsArray().Count.ShouldBe(2);
        problem["examples"]![0]!["input"]!.GetValue<string>().ShouldBe("[2,7,11,15]\n9\n");
        problem["starter_code"]!["python"]!.GetValue<string>().ShouldContain("def two_sum(nums: List[int], target: int) -> List[int]:");
        problem["starter_code"]!["csharp"]!.GetValue<string>().ShouldContain("public static int[] TwoSum(int[] nums, int target)");
        problem["hidden_test_count"]!.GetValue<int>().ShouldBeGreaterThan(0);
        text.ShouldNotContain("hidden_tests");
        text.ShouldNotContain("reference_solutions");
        text.ShouldNotContain("seen[n] = i"); // the reference solution's body
        text.ShouldNotContain("\"hints\"");
    }

    [Fact]
    public async Task An_unknown_problem_is_404()
    {
        var tenant = await app.CreateTenantAsync();

        await (await tenant.Client.GetAsync("/api/v1/problems/no-such-problem")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_recruiters_problem_is_created_after_its_reference_passes_and_only_their_organisation_sees_it()
    {
        var owner = await app.CreateTenantAsync("Owner");
        var other = await app.CreateTenantAsync("Other");

        var created = await (await owner.Client.PostJson("/api/v1/problems", CustomProblem("reverse-line"))).Json(HttpStatusCode.Created);
        var fetched = await owner.Client.GetAsync("/api/v1/problems/reverse-line");
        var fetchedText = await fetched.Content.ReadAsStringAsync();
        var ownersList = await owner.Client.GetJson("/api/v1/problems?difficulty=easy&language=python");

        created["id"]!.GetValue<string>().ShouldBe("reverse-line");
        created["custom"]!.GetValue<bool>().ShouldBeTrue();
        fetched.StatusCode.ShouldBe(HttpStatusCode.OK);
        fetchedText.ShouldNotContain("SECRET-INPUT-1");
        fetchedText.ShouldNotContain("[::-1]");
        ownersList["items"]!.AsArray().ShouldContain(p => p!["id"]!.GetValue<string>() == "reverse-line");

        await (await other.Client.GetAsync("/api/v1/problems/reverse-line")).Problem(HttpStatusCode.NotFound);
        (await other.Client.GetJson("/api/v1/problems"))["items"]!.AsArray().ShouldNotContain(p => p!["id"]!.GetValue<string>() == "reverse-line");

        // The id is the organisation's: the other organisation may use it too, the owner not twice.
        await (await other.Client.PostJson("/api/v1/problems", CustomProblem("reverse-line"))).Json(HttpStatusCode.Created);
        await (await owner.Client.PostJson("/api/v1/problems", CustomProblem("reverse-line"))).Problem(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task A_problem_whose_reference_solution_fails_is_refused()
    {
        var tenant = await app.CreateTenantAsync();

        var problem = await (await tenant.Client.PostJson("/api/v1/problems", CustomProblem("broken-one", "print('wrong')\n"))).Problem(HttpStatusCode.UnprocessableEntity);

        problem["code"]!.GetValue<string>().ShouldBe("reference_solution_fails");
        await (await tenant.Client.GetAsync("/api/v1/problems/broken-one")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Invalid_problems_are_a_400_naming_each_field()
    {
        var tenant = await app.CreateTenantAsync();

        var problem = await (await tenant.Client.PostJson("/api/v1/problems", new
        {
            id = "two-sum",
            title = "",
            difficulty = "trivial",
            statement = "",
            starter_code = new Dictionary<string, string> { ["cobol"] = "x" },
            examples = Array.Empty<object>(),
            hints = new[] { "only one" },
        })).Problem(HttpStatusCode.BadRequest);

        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "id", "title", "difficulty", "statement", "starter_code", "examples", "hidden_tests", "hints" })
        {
            errors.ContainsKey(field).ShouldBeTrue(field);
        }
    }

    [Fact]
    public async Task Creating_needs_the_write_scope_and_reading_the_read_scope()
    {
        var reader = await app.CreateTenantAsync("Reader", "interviews:read");
        var nobody = await app.CreateTenantAsync("Nobody", "webhooks:manage");

        (await reader.Client.PostJson("/api/v1/problems", CustomProblem("scoped"))).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.Client.GetAsync("/api/v1/problems")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await nobody.Client.GetAsync("/api/v1/problems")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await app.CreateClient().GetAsync("/api/v1/problems")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
