using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Candor.Web.Data;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.ScenarioQuestions;

/// <summary>/api/v1/scenario-questions: the shipped library, its filters and paging, and each organisation's own questions.</summary>
public sealed class ScenarioQuestionsApiTests(CandorApp app) : IClassFixture<CandorApp>
{
    private const string Url = "/api/v1/scenario-questions";

    private static object CustomQuestion(string title = "Design our dispatch board", string scenarioType = "system_design") => new
    {
        title,
        prompt = "Our dispatchers assign 3,000 deliveries a day to drivers from a shared board. Design the service behind it.",
        scenario_type = scenarioType,
        difficulty = "medium",
        applicable_stage_types = new[] { "technical", "ai_conversational" },
        rubric_points = new[] { "Handles two dispatchers assigning the same delivery", "Pushes board updates to every open screen" },
        follow_up_probes = new[] { "A driver's phone goes offline mid-route. What does the board show?" },
    };

    private static List<JsonNode> Items(JsonNode page) => [.. page["items"]!.AsArray().Select(i => i!)];

    private static string Text(JsonNode node, string field) => node[field]!.GetValue<string>();

    private static List<string> Strings(JsonNode node, string field) => [.. node[field]!.AsArray().Select(s => s!.GetValue<string>())];

    [Fact]
    public async Task The_library_ships_written_scenarios_of_every_type_and_difficulty()
    {
        var tenant = await app.CreateTenantAsync();

        var page = await tenant.Client.GetJson($"{Url}?page_size=100");
        var items = Items(page);

        page["total"]!.GetValue<int>().ShouldBeGreaterThanOrEqualTo(24);
        items.Count.ShouldBe(page["total"]!.GetValue<int>());
        foreach (var type in new[] { "system_design", "api_design", "behavioural", "sales_marketing" })
        {
            foreach (var difficulty in new[] { "easy", "medium", "hard" })
            {
                items.ShouldContain(q => Text(q, "scenario_type") == type && Text(q, "difficulty") == difficulty, $"{type}/{difficulty}");
            }
        }
        items.ShouldAllBe(q => Text(q, "source") == "system");
        items.ShouldAllBe(q => Text(q, "prompt").Length > 80);
        items.ShouldAllBe(q => Strings(q, "rubric_points").Count >= 4);
        items.ShouldAllBe(q => Strings(q, "follow_up_probes").Count >= 2);
        items.ShouldAllBe(q => Strings(q, "applicable_stage_types").Count >= 1);
        items.Select(q => Text(q, "id")).Distinct().Count().ShouldBe(items.Count);
    }

    [Fact]
    public async Task Filters_narrow_the_list_and_stage_types_accept_the_short_aliases()
    {
        var tenant = await app.CreateTenantAsync();

        var api = Items(await tenant.Client.GetJson($"{Url}?scenario_type=api_design&page_size=100"));
        var hard = Items(await tenant.Client.GetJson($"{Url}?difficulty=hard&page_size=100"));
        var behavioural = Items(await tenant.Client.GetJson($"{Url}?applicable_stage_types=behavioural&page_size=100"));
        var technical = Items(await tenant.Client.GetJson($"{Url}?applicable_stage_types=technical&page_size=100"));
        var technicalByWireName = Items(await tenant.Client.GetJson($"{Url}?applicable_stage_types=technical_ai_assisted&page_size=100"));
        var either = Items(await tenant.Client.GetJson($"{Url}?applicable_stage_types=behavioural,%20technical&page_size=100"));
        var combined = Items(await tenant.Client.GetJson($"{Url}?applicable_stage_types=conversational&scenario_type=sales_marketing&difficulty=easy"));
        var emptyFilters = await tenant.Client.GetJson($"{Url}?applicable_stage_types=&scenario_type=&difficulty=");
        var all = await tenant.Client.GetJson($"{Url}?page_size=1");

        api.ShouldNotBeEmpty();
        api.ShouldAllBe(q => Text(q, "scenario_type") == "api_design");
        hard.ShouldNotBeEmpty();
        hard.ShouldAllBe(q => Text(q, "difficulty") == "hard");
        behavioural.ShouldNotBeEmpty();
        behavioural.ShouldAllBe(q => Strings(q, "applicable_stage_types").Contains("behavioural"));
        behavioural.ShouldNotContain(q => Text(q, "scenario_type") == "system_design", "system design is no behavioural stage's material");
        technical.ShouldNotBeEmpty();
        technical.ShouldAllBe(q => Strings(q, "applicable_stage_types").Contains("technical_ai_assisted"));
        technical.Select(q => Text(q, "id")).ShouldBe(technicalByWireName.Select(q => Text(q, "id")));
        either.Select(q => Text(q, "id")).ShouldBe(behavioural.Concat(technical).Select(q => Text(q, "id")).Distinct(), ignoreOrder: true);
        combined.ShouldNotBeEmpty();
        combined.ShouldAllBe(q => Text(q, "scenario_type") == "sales_marketing" && Text(q, "difficulty") == "easy"
            && Strings(q, "applicable_stage_types").Contains("ai_conversational"));
        emptyFilters["total"]!.GetValue<int>().ShouldBe(all["total"]!.GetValue<int>(), "an empty filter means any");
        api.Count.ShouldBeLessThan(all["total"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("scenario_type=coding", "scenario_type")]
    [InlineData("difficulty=impossible", "difficulty")]
    [InlineData("applicable_stage_types=technical,wizardry", "applicable_stage_types")]
    [InlineData("applicable_stage_types=Technical", "applicable_stage_types")]
    [InlineData("page_size=0", "page_size")]
    [InlineData("page=0", "page")]
    public async Task Invalid_filters_are_a_400_naming_the_field(string query, string field)
    {
        var tenant = await app.CreateTenantAsync();

        var problem = await (await tenant.Client.GetAsync($"{Url}?{query}")).Problem(HttpStatusCode.BadRequest);

        problem["errors"]![field].ShouldNotBeNull();
        problem["code"]!.GetValue<string>().ShouldBe("validation_failed");
    }

    [Fact]
    public async Task A_custom_question_is_created_and_only_its_organisation_sees_it()
    {
        var owner = await app.CreateTenantAsync("Owner");
        var other = await app.CreateTenantAsync("Other");

        var response = await owner.Client.PostJson(Url, CustomQuestion());
        var created = await response.Json(HttpStatusCode.Created);
        var id = Text(created, "id");
        var fetched = await owner.Client.GetJson($"{Url}/{id}");
        var ownersList = Items(await owner.Client.GetJson($"{Url}?scenario_type=system_design&applicable_stage_types=technical_ai_assisted&page_size=100"));
        var othersList = Items(await other.Client.GetJson($"{Url}?page_size=100"));

        response.Headers.Location!.OriginalString.ShouldBe($"{Url}/{id}");
        Guid.TryParse(id, out _).ShouldBeTrue();
        Text(created, "source").ShouldBe("custom");
        Text(created, "difficulty").ShouldBe("medium");
        Strings(created, "applicable_stage_types").ShouldBe(["technical_ai_assisted", "ai_conversational"], "the alias is stored by its wire name");
        Strings(created, "rubric_points").Count.ShouldBe(2);
        Text(fetched, "prompt").ShouldContain("3,000 deliveries");
        ownersList.Last()["id"]!.GetValue<string>().ShouldBe(id, "custom questions follow the system ones");
        othersList.ShouldNotContain(q => Text(q, "id") == id);
        othersList.ShouldAllBe(q => Text(q, "source") == "system");

        await (await other.Client.GetAsync($"{Url}/{id}")).Problem(HttpStatusCode.NotFound);
        await (await other.Client.DeleteAsync($"{Url}/{id}")).Problem(HttpStatusCode.NotFound);
        (await owner.Client.GetAsync($"{Url}/{id}")).StatusCode.ShouldBe(HttpStatusCode.OK, "another organisation's delete changed nothing");
    }

    [Fact]
    public async Task Filters_apply_to_custom_questions_too_and_paging_runs_on_past_the_library()
    {
        var tenant = await app.CreateTenantAsync();
        var created = await (await tenant.Client.PostJson(Url, CustomQuestion("Design our partner API", "api_design"))).Json(HttpStatusCode.Created);
        var id = Text(created, "id");

        var systemApi = Items(await tenant.Client.GetJson($"{Url}?scenario_type=api_design&page_size=100")).Count(q => Text(q, "source") == "system");
        var first = await tenant.Client.GetJson($"{Url}?scenario_type=api_design&page_size=5");
        var second = await tenant.Client.GetJson($"{Url}?scenario_type=api_design&page_size=5&page=2");
        var beyond = await tenant.Client.GetJson($"{Url}?scenario_type=api_design&page_size=5&page=2147483647");
        var hard = Items(await tenant.Client.GetJson($"{Url}?scenario_type=api_design&difficulty=hard&page_size=100"));
        var behavioural = Items(await tenant.Client.GetJson($"{Url}?applicable_stage_types=behavioural&page_size=100"));

        first["total"]!.GetValue<int>().ShouldBe(systemApi + 1);
        second["total"]!.GetValue<int>().ShouldBe(systemApi + 1);
        var pages = Items(first).Concat(Items(second)).Select(q => Text(q, "id")).ToList();
        pages.Count.ShouldBe(systemApi + 1);
        pages.Distinct().Count().ShouldBe(pages.Count);
        pages.Last().ShouldBe(id);
        Items(beyond).ShouldBeEmpty();
        hard.ShouldNotContain(q => Text(q, "id") == id, "it is a medium question");
        behavioural.ShouldNotContain(q => Text(q, "id") == id, "it is not for behavioural stages");
    }

    [Fact]
    public async Task Invalid_questions_are_a_400_naming_each_field_and_nothing_is_stored()
    {
        var tenant = await app.CreateTenantAsync();

        var problem = await (await tenant.Client.PostJson(Url, new
        {
            title = " ",
            prompt = "",
            scenario_type = "coding_challenge",
            difficulty = "trivial",
            applicable_stage_types = new[] { "technical", "whiteboard" },
            rubric_points = new[] { "A real point", "" },
            follow_up_probes = Enumerable.Range(1, 21).Select(i => $"Probe {i}").ToArray(),
        })).Problem(HttpStatusCode.BadRequest);
        var missing = await (await tenant.Client.PostJson(Url, new { title = "Only a title" })).Problem(HttpStatusCode.BadRequest);
        var emptyLists = await (await tenant.Client.PostJson(Url, new
        {
            title = "Empty lists",
            prompt = "A prompt.",
            scenario_type = "behavioural",
            difficulty = "easy",
            applicable_stage_types = Array.Empty<string>(),
            rubric_points = Array.Empty<string>(),
        })).Problem(HttpStatusCode.BadRequest);

        var errors = problem["errors"]!.AsObject();
        foreach (var field in new[] { "title", "prompt", "scenario_type", "difficulty", "applicable_stage_types", "rubric_points[1]", "follow_up_probes" })
        {
            errors.ContainsKey(field).ShouldBeTrue(field);
        }
        errors.ContainsKey("rubric_points[0]").ShouldBeFalse();
        foreach (var field in new[] { "prompt", "scenario_type", "difficulty", "applicable_stage_types", "rubric_points" })
        {
            missing["errors"]!.AsObject().ContainsKey(field).ShouldBeTrue(field);
        }
        missing["errors"]!.AsObject().ContainsKey("follow_up_probes").ShouldBeFalse("probes are optional");
        emptyLists["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["applicable_stage_types", "rubric_points"], ignoreOrder: true);
        Items(await tenant.Client.GetJson($"{Url}?page_size=100")).ShouldAllBe(q => Text(q, "source") == "system");
    }

    [Fact]
    public async Task A_wrongly_typed_field_is_a_400_naming_it()
    {
        var tenant = await app.CreateTenantAsync();

        var problem = await (await tenant.Client.PostRaw(Url, """{"title": "T", "prompt": "P", "scenario_type": "behavioural", "difficulty": "easy", "applicable_stage_types": "behavioural", "rubric_points": ["x"]}"""))
            .Problem(HttpStatusCode.BadRequest);

        problem["detail"]!.GetValue<string>().ShouldContain("applicable_stage_types");
    }

    [Fact]
    public async Task Unknown_ids_are_404()
    {
        var tenant = await app.CreateTenantAsync();

        await (await tenant.Client.GetAsync($"{Url}/sd-no-such-scenario")).Problem(HttpStatusCode.NotFound);
        await (await tenant.Client.GetAsync($"{Url}/{Guid.NewGuid()}")).Problem(HttpStatusCode.NotFound);
        await (await tenant.Client.DeleteAsync($"{Url}/{Guid.NewGuid()}")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_system_question_is_read_by_its_id_and_cannot_be_deleted()
    {
        var tenant = await app.CreateTenantAsync();

        var question = await tenant.Client.GetJson($"{Url}/sd-url-shortener");
        var refused = await (await tenant.Client.DeleteAsync($"{Url}/sd-url-shortener")).Problem(HttpStatusCode.Conflict);

        Text(question, "title").ShouldBe("Design a URL shortener");
        Text(question, "scenario_type").ShouldBe("system_design");
        Text(question, "source").ShouldBe("system");
        Strings(question, "rubric_points").ShouldContain(p => p.Contains("base62", StringComparison.Ordinal));
        refused["code"]!.GetValue<string>().ShouldBe("system_scenario_question");
        (await tenant.Client.GetAsync($"{Url}/sd-url-shortener")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_custom_question_can_be_deleted_by_its_organisation()
    {
        var tenant = await app.CreateTenantAsync();
        var id = Text(await (await tenant.Client.PostJson(Url, CustomQuestion())).Json(HttpStatusCode.Created), "id");

        (await tenant.Client.DeleteAsync($"{Url}/{id}")).StatusCode.ShouldBe(HttpStatusCode.NoContent);

        await (await tenant.Client.GetAsync($"{Url}/{id}")).Problem(HttpStatusCode.NotFound);
        await (await tenant.Client.DeleteAsync($"{Url}/{id}")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_retried_create_with_the_same_idempotency_key_stores_one_question()
    {
        var tenant = await app.CreateTenantAsync();

        async Task<HttpResponseMessage> Send()
        {
            var request = new HttpRequestMessage(HttpMethod.Post, Url) { Content = JsonContent.Create(CustomQuestion(), options: CandorJson.Options) };
            request.Headers.Add("Idempotency-Key", "scenario-create-1");
            return await tenant.Client.SendAsync(request);
        }
        var first = await (await Send()).Json(HttpStatusCode.Created);
        var retry = await Send();
        var replayed = await retry.Json(HttpStatusCode.Created);

        retry.Headers.Contains("Idempotent-Replayed").ShouldBeTrue();
        Text(replayed, "id").ShouldBe(Text(first, "id"));
        Items(await tenant.Client.GetJson($"{Url}?page_size=100")).Count(q => Text(q, "source") == "custom").ShouldBe(1);
    }

    [Fact]
    public async Task Writing_needs_the_jobs_write_scope_and_reading_the_read_scope()
    {
        var reader = await app.CreateTenantAsync("Reader", "interviews:read");
        var interviewsWriter = await app.CreateTenantAsync("Scheduler", "interviews:write");
        var author = await app.CreateTenantAsync("Author", "jobs:write");

        (await reader.Client.PostJson(Url, CustomQuestion())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await interviewsWriter.Client.PostJson(Url, CustomQuestion())).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.Client.DeleteAsync($"{Url}/{Guid.NewGuid()}")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await reader.Client.GetAsync(Url)).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await reader.Client.GetAsync($"{Url}/sd-url-shortener")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await author.Client.PostJson(Url, CustomQuestion())).StatusCode.ShouldBe(HttpStatusCode.Created);
        (await author.Client.GetAsync(Url)).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var anonymous = app.CreateClient();
        (await anonymous.GetAsync(Url)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.GetAsync($"{Url}/sd-url-shortener")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await anonymous.PostJson(Url, CustomQuestion())).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_endpoints_are_in_the_openapi_document()
    {
        var document = await app.CreateClient().GetJson("/openapi/v1.json");

        var list = (document["paths"]![Url] ?? document["paths"]![Url + "/"])!;
        list["get"].ShouldNotBeNull();
        list["post"].ShouldNotBeNull();
        document["paths"]![$"{Url}/{{id}}"]!["get"].ShouldNotBeNull();
        list["get"]!["tags"]![0]!.GetValue<string>().ShouldBe("Scenario questions");
    }
}
