using System.Net;
using System.Text.RegularExpressions;
using Candor.Web.Data;
using Candor.Web.Features.Accounts;
using Candor.Web.Features.CodeRuns;
using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Features.Jobs.Pages;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Features.CodeRuns;

/// <summary>
/// /app/problems, /app/problems/{id} and /app/problems/new: the bank and the organisation's own problems as the API lists
/// them, a problem without its hidden tests or reference solutions, and "Add a problem" through POST /api/v1/problems' rules.
/// </summary>
// In the sandbox collection: adding a problem with a reference solution runs sandboxes, which the adversarial suite's leftover check would see.
[Collection(SandboxCollection.Name)]
public sealed partial class ProblemPagesTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    private const string ReverseLine = "import sys\nprint(sys.stdin.read().strip()[::-1])\n";

    /// <summary>A custom problem posted through the API, with a hidden test and a reference solution the pages must never show.</summary>
    private static object ApiProblem(string id) => ProblemsApiTests.CustomProblem(id, ReverseLine);

    /// <summary>The form's fields for a valid problem; tests override some.</summary>
    private static Dictionary<string, string> ValidForm(string id) => new()
    {
        ["Input.Title"] = "Shout a line",
        ["Input.Id"] = id,
        ["Input.Difficulty"] = "medium",
        ["Input.Topics"] = "strings, io",
        ["Input.Statement"] = "Read one line and print it in upper case.\r\nThe line holds ASCII letters only.",
        ["Input.StarterCode[python]"] = "import sys\r\nline = sys.stdin.read().strip()\r\nprint(line)\r\n",
        ["Input.StarterCode[javascript]"] = "",
        ["Input.Examples[0].Name"] = "hello",
        ["Input.Examples[0].Input"] = "hello\r\n",
        ["Input.Examples[0].Output"] = "HELLO",
        ["Input.Examples[0].Explanation"] = "Every letter upper-cased.",
        ["Input.HiddenTests[0].Name"] = "mixed",
        ["Input.HiddenTests[0].Input"] = "MiXeD-HIDDEN-CASE\r\n",
        ["Input.HiddenTests[0].Output"] = "MIXED-HIDDEN-CASE",
        // Left blank, as a browser posts an untouched slot: it is left out.
        ["Input.HiddenTests[1].Name"] = "",
        ["Input.HiddenTests[1].Input"] = "",
        ["Input.HiddenTests[1].Output"] = "",
        ["Input.HiddenTests[2].Input"] = "z\r\n",
        ["Input.HiddenTests[2].Output"] = "Z",
        ["Input.Hints[0]"] = "Strings have methods.",
        ["Input.Hints[1]"] = "Read the line and change its case.",
        ["Input.Hints[2]"] = "print(line.upper())",
        ["Input.ReferenceComplexity"] = "O(n)",
        ["Input.SolutionLanguage"] = "python",
        ["Input.SolutionCode"] = "import sys\r\nprint(sys.stdin.read().strip().upper())\r\n",
    };

    private async Task<(Tenant Api, PageSession Recruiter)> OrganisationAsync(string name = "Acme")
    {
        var tenant = await app.CreateTenantAsync(name);
        return (tenant, await app.MemberAsync(tenant.OrganizationId, MemberRole.Recruiter));
    }

    private async Task<int> CustomProblemCountAsync(Guid organizationId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CandorDbContext>();
        return await db.Set<CustomProblem>().IgnoreQueryFilters().CountAsync(p => p.OrganizationId == organizationId);
    }

    [Fact]
    public async Task The_list_holds_the_bank_and_the_organisations_own_and_filters_like_the_API()
    {
        var (api, recruiter) = await OrganisationAsync();
        await (await api.Client.PostJson("/api/v1/problems", ApiProblem("reverse-secret"))).Json(HttpStatusCode.Created);

        var page = WebUtility.HtmlDecode(await recruiter.GetPageAsync("/app/problems"));
        var total = (await api.Client.GetJson("/api/v1/problems"))["total"]!.GetValue<int>();
        total.ShouldBe(ProblemBank.All.Count + 1);
        page.ShouldContain($"<strong>{total} problems</strong>");
        page.ShouldContain("href=\"/app/problems\" aria-current=\"page\">Problems</a>", Case.Sensitive, "the workspace navigation links the page");
        page.ShouldContain("<a href=\"/app/problems/two-sum\">Two Sum</a>");
        page.ShouldContain("Python, JavaScript, TypeScript, C#");
        YoursRows(page).ShouldBe(["reverse-secret"], "only the organisation's own problem is marked as theirs");
        page.ShouldContain("href=\"/app/problems/new\"", Case.Sensitive, "a Recruiter may add problems");

        foreach (var query in new[] { "difficulty=hard", "language=sql", "difficulty=easy&language=python" })
        {
            var filtered = WebUtility.HtmlDecode(await recruiter.GetPageAsync($"/app/problems?{query}"));
            var expected = (await api.Client.GetJson($"/api/v1/problems?{query}"))["items"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ToList();
            expected.ShouldNotBeEmpty(query);
            filtered.ShouldContain($"<strong>{expected.Count} problems</strong> match these filters");
            ProblemLinks(filtered).ShouldBe(expected, query);
        }
        var hard = WebUtility.HtmlDecode(await recruiter.GetPageAsync("/app/problems?difficulty=hard"));
        hard.ShouldContain("<option value=\"hard\" selected>Hard</option>", Case.Sensitive, "the filter keeps its choice");

        var none = WebUtility.HtmlDecode(await recruiter.GetPageAsync("/app/problems?difficulty=hard&language=sql"));
        none.ShouldContain("<strong>0 problems</strong> match these filters");
        none.ShouldContain("No problems match these filters");
        none.ShouldNotContain("<table");

        var unknown = WebUtility.HtmlDecode(await recruiter.GetPageAsync("/app/problems?language=cobol"));
        unknown.ShouldContain("There is no language \"cobol\": showing every language.");
        unknown.ShouldContain($"<strong>{total} problems</strong>");
    }

    [Fact]
    public async Task A_built_in_problem_shows_statement_examples_starter_code_and_hints_but_never_hidden_tests_or_solutions()
    {
        var (api, recruiter) = await OrganisationAsync();
        var twoSum = ProblemBank.Find("two-sum")!;

        var page = WebUtility.HtmlDecode(await recruiter.GetPageAsync("/app/problems/two-sum"));

        page.ShouldContain("<h1>Two Sum</h1>");
        // The statement's `names` read as code.
        page.ShouldContain(string.Concat(twoSum.Statement.Split('`').Select((part, i) => i % 2 == 1 ? $"<code>{part}</code>" : part)));
        page.ShouldContain("[2,7,11,15]\n9\n", Case.Sensitive, "the examples' input, as a program reads it");
        page.ShouldContain("def two_sum(nums: List[int], target: int) -> List[int]:");
        page.ShouldContain("public static int[] TwoSum(int[] nums, int target)");
        page.ShouldContain(twoSum.ReferenceComplexity);
        foreach (var hint in twoSum.Hints)
        {
            page.ShouldContain(hint);
        }
        page.ShouldContain($"<dt>Hidden tests</dt><dd>{twoSum.HiddenTests.Count}</dd>");
        page.ShouldNotContain("seen[n] = i", Case.Sensitive, "the reference solution's body");
        page.ShouldNotContain("class=\"chip chip-kind yours\"");
        (await api.Client.GetJson("/api/v1/problems/two-sum"))["hidden_test_count"]!.GetValue<int>().ShouldBe(twoSum.HiddenTests.Count);
    }

    [Fact]
    public async Task No_built_in_problem_page_leaks_a_hidden_test_or_a_reference_solution()
    {
        var (_, recruiter) = await OrganisationAsync();
        var leaks = new List<string>();
        foreach (var problem in ProblemBank.All)
        {
            var page = WebUtility.HtmlDecode(await recruiter.GetPageAsync($"/app/problems/{problem.Id}"));
            // What the page may show; a hidden test or solution line that is also part of it (a hint's snippet, a template line) proves nothing.
            var visible = string.Join("\n", new[] { problem.Title, problem.Statement, problem.ReferenceComplexity }
                .Concat(problem.Hints).Concat(problem.StarterCode.Values).Concat(problem.Topics)
                .Concat(problem.Examples.SelectMany(e => new[] { e.Name, e.Input, e.Output, e.Explanation ?? "" })));
            foreach (var test in problem.HiddenTests)
            {
                foreach (var text in new[] { test.Input.Trim(), test.Output.Trim() }.Where(t => t.Length >= 8 && !visible.Contains(t, StringComparison.Ordinal)))
                {
                    if (page.Contains(text, StringComparison.Ordinal))
                    {
                        leaks.Add($"{problem.Id}: hidden test {test.Name}: {text[..Math.Min(60, text.Length)]}");
                    }
                }
            }
            foreach (var (language, solution) in problem.ReferenceSolutions)
            {
                foreach (var line in solution.Split('\n').Select(l => l.Trim()).Where(l => l.Length >= 12 && !visible.Contains(l, StringComparison.Ordinal)))
                {
                    if (page.Contains(line, StringComparison.Ordinal))
                    {
                        leaks.Add($"{problem.Id}: {language} reference solution line: {line}");
                    }
                }
            }
        }
        leaks.ShouldBeEmpty(string.Join("\n", leaks));
    }

    [Fact]
    public async Task An_organisations_own_problem_is_shown_to_it_without_its_hidden_tests_and_is_404_to_another()
    {
        var (api, recruiter) = await OrganisationAsync("Owner Org");
        await (await api.Client.PostJson("/api/v1/problems", ApiProblem("reverse-secret"))).Json(HttpStatusCode.Created);
        var (_, stranger) = await OrganisationAsync("Stranger Org");

        var page = WebUtility.HtmlDecode(await recruiter.GetPageAsync("/app/problems/reverse-secret"));
        page.ShouldContain("<h1>Reverse a line</h1>");
        page.ShouldContain("<span class=\"chip chip-kind yours\">Yours</span>");
        page.ShouldContain("Print the input line reversed.");
        page.ShouldContain("print(line[::-1])");
        page.ShouldContain("<dt>Hidden tests</dt><dd>1</dd>");
        page.ShouldNotContain("SECRET-INPUT-1", Case.Sensitive, "the API never shows hidden tests, even to their organisation");
        page.ShouldNotContain("1-TUPNI-TERCES");
        page.ShouldNotContain("print(sys.stdin.read().strip()[::-1])", Case.Sensitive, "nor the reference solution");

        var foreign = WebUtility.HtmlDecode(await stranger.GetPageAsync("/app/problems/reverse-secret", HttpStatusCode.NotFound));
        foreign.ShouldContain("Problem not found");
        foreign.ShouldNotContain("Reverse a line");
        (await stranger.GetPageAsync("/app/problems/no-such-problem", HttpStatusCode.NotFound)).ShouldContain("Problem not found");
        (await stranger.GetPageAsync("/app/problems")).ShouldNotContain("reverse-secret");
    }

    [Fact]
    public async Task A_recruiter_adds_a_problem_through_the_page_and_finds_it_in_the_list_and_the_API()
    {
        var (api, recruiter) = await OrganisationAsync();
        var form = WebUtility.HtmlDecode(await recruiter.GetPageAsync("/app/problems/new"));
        form.ShouldContain("<label for=\"starter-csharp\">C#</label>");
        form.ShouldContain("name=\"Input.HiddenTests[4].Output\"");

        var location = await recruiter.SubmitExpectingRedirectAsync("/app/problems/new", "new-problem", ValidForm("shout-line"));

        location.ShouldBe("/app/problems/shout-line?created=1");
        var page = WebUtility.HtmlDecode(await recruiter.GetPageAsync(location));
        page.ShouldContain("Problem added.");
        page.ShouldContain("<h1>Shout a line</h1>");
        page.ShouldContain("print(line.upper())", Case.Sensitive, "the hint ladder");
        page.ShouldContain("<dt>Hidden tests</dt><dd>2</dd>", Case.Sensitive, "blank slots are left out");
        page.ShouldNotContain("MiXeD-HIDDEN-CASE");
        page.ShouldNotContain("sys.stdin.read().strip().upper()", Case.Sensitive, "the reference solution stays hidden");

        var list = WebUtility.HtmlDecode(await recruiter.GetPageAsync("/app/problems?difficulty=medium&language=python"));
        YoursRows(list).ShouldBe(["shout-line"]);

        var fetched = await api.Client.GetJson("/api/v1/problems/shout-line");
        fetched["title"]!.GetValue<string>().ShouldBe("Shout a line");
        fetched["difficulty"]!.GetValue<string>().ShouldBe("medium");
        fetched["custom"]!.GetValue<bool>().ShouldBeTrue();
        fetched["topics"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["strings", "io"]);
        fetched["languages"]!.AsArray().Select(t => t!.GetValue<string>()).ShouldBe(["python"], "a blank starter code is no language");
        fetched["starter_code"]!["python"]!.GetValue<string>().ShouldBe("import sys\nline = sys.stdin.read().strip()\nprint(line)\n", "text areas' CRLF become LF");
        fetched["examples"]![0]!["input"]!.GetValue<string>().ShouldBe("hello\n");
        fetched["examples"]![0]!["explanation"]!.GetValue<string>().ShouldBe("Every letter upper-cased.");
        fetched["hidden_test_count"]!.GetValue<int>().ShouldBe(2);
        fetched["reference_complexity"]!.GetValue<string>().ShouldBe("O(n)");

        // The API's 409 for an id the organisation already has, beside the id field.
        var again = await recruiter.SubmitExpectingPageAsync("/app/problems/new", "new-problem", ValidForm("shout-line"));
        again.ShouldContain("<p class=\"field-error\" id=\"problem-id-error\">Your organisation already has a problem with id 'shout-line'.</p>");
        (await CustomProblemCountAsync(api.OrganizationId)).ShouldBe(1);
    }

    [Fact]
    public async Task Invalid_fields_are_shown_beside_their_inputs_with_a_summary_and_nothing_is_saved()
    {
        var (api, recruiter) = await OrganisationAsync();
        var fields = ValidForm("two-sum");
        fields["Input.Title"] = " ";
        fields["Input.Difficulty"] = "";
        fields["Input.StarterCode[python]"] = "";
        fields["Input.Examples[0].Name"] = "";
        fields["Input.Examples[0].Input"] = "";
        fields["Input.Examples[0].Output"] = "";
        fields["Input.Examples[0].Explanation"] = "";
        fields["Input.Hints[1]"] = "";
        fields["Input.Statement"] = "Kept as typed";

        var page = await recruiter.SubmitExpectingPageAsync("/app/problems/new", "new-problem", fields);

        page.ShouldContain("Please correct the fields marked below.");
        page.ShouldContain("<p class=\"field-error\" id=\"title-error\">This field is required.</p>");
        page.ShouldContain("aria-describedby=\"title-hint title-error\"");
        page.ShouldContain("id=\"problem-id-error\">'two-sum' is a built-in problem's id; choose another.");
        page.ShouldContain("id=\"difficulty-error\">This must be one of: easy, medium, hard.");
        page.ShouldContain("aria-describedby=\"difficulty-error\"");
        page.ShouldContain("id=\"starter-code-error\">This needs code for at least one language");
        page.ShouldContain("aria-describedby=\"starter-code-hint starter-code-error\"");
        page.ShouldContain("id=\"examples-error\">This must hold 1-100 cases.");
        page.ShouldContain("id=\"hints-error\">This must be the 3-step ladder");
        page.ShouldContain("id=\"solution-code-error\">A reference solution in python needs starter code in that language.", Case.Sensitive,
            "a solution in a language without starter code is refused, as the API refuses it");
        // The summary links each message to its input.
        page.ShouldContain("<a href=\"#title\">Title: This field is required.</a>");
        page.ShouldContain("<a href=\"#starter-python\">Starter code:");
        page.ShouldContain("<a href=\"#example-1-input\">Examples:");
        page.ShouldContain("<a href=\"#hint-1\">Hint ladder:");
        page.ShouldContain("Kept as typed", Case.Sensitive, "what was typed is kept");
        page.ShouldContain("MiXeD-HIDDEN-CASE", Case.Sensitive, "the hidden test slots keep what was typed too");
        (await CustomProblemCountAsync(api.OrganizationId)).ShouldBe(0);
        (await api.Client.GetJson("/api/v1/problems"))["total"]!.GetValue<int>().ShouldBe(ProblemBank.All.Count);
    }

    [Fact]
    public async Task A_case_error_points_at_the_slot_it_was_typed_in_and_control_characters_are_refused()
    {
        var (api, recruiter) = await OrganisationAsync();
        var fields = ValidForm("slot-errors");
        // Slot 2 is blank, so the third hidden test slot is the API's hidden_tests[1].
        fields["Input.HiddenTests[2].Name"] = new string('n', 201);
        fields["Input.Title"] = "Bad\u0000title";
        fields["Input.Hints[2]"] = "A hint with a \u0001 in it";

        var page = await recruiter.SubmitExpectingPageAsync("/app/problems/new", "new-problem", fields);

        page.ShouldContain("id=\"hidden-3-name-error\">Use at most 200 characters (this has 201).");
        page.ShouldContain("<a href=\"#hidden-3-name\">Hidden test 3 name:");
        page.ShouldContain("id=\"title-error\">Remove the control characters (such as U+0000) pasted into this field.");
        page.ShouldContain("id=\"hints-error\">Remove the control characters (such as U+0000) pasted into this field.");
        (await CustomProblemCountAsync(api.OrganizationId)).ShouldBe(0);
    }

    [Fact]
    public async Task A_reference_solution_that_fails_its_own_tests_is_refused_beside_it()
    {
        var (api, recruiter) = await OrganisationAsync();
        var fields = ValidForm("wrong-solution");
        fields["Input.SolutionCode"] = "print('not upper')\n";

        var page = await recruiter.SubmitExpectingPageAsync("/app/problems/new", "new-problem", fields);

        page.ShouldContain("id=\"solution-code-error\">The Python reference solution gave the wrong output on ");
        page.ShouldContain(" tests passed.</p>");
        page.ShouldContain("<a href=\"#solution-code\">Reference solution:");
        (await CustomProblemCountAsync(api.OrganizationId)).ShouldBe(0);
        await (await api.Client.GetAsync("/api/v1/problems/wrong-solution")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task An_Evaluator_reads_the_problems_but_cannot_add_one()
    {
        var (api, _) = await OrganisationAsync();
        var evaluator = await app.MemberAsync(api.OrganizationId, MemberRole.Evaluator);

        var list = await evaluator.GetPageAsync("/app/problems");
        list.ShouldContain("Two Sum");
        list.ShouldNotContain("Add a problem");
        (await evaluator.GetPageAsync("/app/problems/two-sum")).ShouldContain("<h1>Two Sum</h1>");

        var denied = await evaluator.Client.GetAsync("/app/problems/new");
        denied.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        denied.Headers.Location!.OriginalString.ShouldContain("/access-denied");
        // Forged with the Evaluator's own valid token: the form is never shown to them, and the post is refused too.
        var forged = await JobPagesApp.ForgePostAsync(evaluator, "/app/problems/new", "new-problem",
            ValidForm("evaluators-problem"));
        forged.StatusCode.ShouldBeOneOf(HttpStatusCode.Forbidden, HttpStatusCode.Redirect);
        if (forged.StatusCode == HttpStatusCode.Redirect)
        {
            forged.Headers.Location!.OriginalString.ShouldContain("/access-denied");
        }
        (await CustomProblemCountAsync(api.OrganizationId)).ShouldBe(0);
    }

    /// <summary>The ids of the rows marked "Yours".</summary>
    private static List<string> YoursRows(string html) =>
        YoursPattern().Matches(html).Select(m => m.Groups["id"].Value).ToList();

    /// <summary>The ids the list links to, in order.</summary>
    private static List<string> ProblemLinks(string html) =>
        LinkPattern().Matches(html).Select(m => m.Groups["id"].Value).Where(id => id != "new").ToList();

    [GeneratedRegex("<a href=\"/app/problems/(?<id>[a-z0-9-]+)\">[^<]*</a>\\s*<span class=\"chip chip-kind yours\">Yours</span>")]
    private static partial Regex YoursPattern();

    [GeneratedRegex("<td data-label=\"Title\">\\s*<a href=\"/app/problems/(?<id>[a-z0-9-]+)\">")]
    private static partial Regex LinkPattern();
}
