using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Candor.Web.Data;
using Candor.Web.Tests.Features.Greenhouse;
using Candor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;

namespace Candor.Web.Tests.Security;

/// <summary>
/// One organisation's key never reads, lists or changes another's data. Rather than a list of cases
/// that ages, the sweep walks every /api/v1 route the running app has mapped and tries it as tenant B
/// with tenant A's ids. A route it cannot fill in fails the sweep until someone maps it below.
/// </summary>
public sealed class TenantIsolationSweepTests(TenantIsolationSweepFixture a) : IClassFixture<TenantIsolationSweepFixture>
{
    private const string HowToMap = "add it to ForeignIds in tests/Candor.Web.Tests/Security/TenantIsolationSweepTests.cs (which of A's ids this parameter names), so the tenant-isolation sweep covers it";

    /// <summary>
    /// Which of A's resources a route parameter names, keyed by the route's template up to and including
    /// the parameter (constraints dropped). Every route parameter under /api/v1 must resolve here.
    /// </summary>
    private static readonly Dictionary<string, Func<TenantIsolationSweepFixture, IReadOnlyList<string>>> ForeignIds = new(StringComparer.Ordinal)
    {
        ["/api/v1/jobs/{id}"] = a => [a.JobId.ToString()],
        ["/api/v1/interviews/{id}"] = a => [.. a.InterviewIds.Select(i => i.ToString())],
        ["/api/v1/background-jobs/{id}"] = a => [.. a.BackgroundJobIds.Select(i => i.ToString())],
        ["/api/v1/api-keys/{id}"] = a => [.. a.ApiKeyIds.Select(i => i.ToString())],
        ["/api/v1/webhooks/endpoints/{id}"] = a => [a.EndpointId.ToString()],
        ["/api/v1/webhooks/messages/{id}"] = a => [.. a.MessageIds.Select(i => i.ToString())],
        ["/api/v1/problems/{id}"] = a => [a.CustomProblemId],
        ["/api/v1/scenario-questions/{id}"] = a => [a.CustomScenarioQuestionId.ToString()],
        ["/api/v1/rooms/{roomId}"] = a => [a.RoomId.ToString()],
        ["/api/v1/rooms/{roomId}/ai/message/{jobId}"] = a => [a.RoomJobIds["message"]],
        ["/api/v1/rooms/{roomId}/ai/hint/{jobId}"] = a => [a.RoomJobIds["hint"]],
        ["/api/v1/rooms/{roomId}/ai/review/{jobId}"] = a => [a.RoomJobIds["review"]],
    };

    /// <summary>
    /// Routes authorised by a secret in the link, not by an organisation's key: the candidate's token, and recruiters'
    /// signed audio links (their own tests, Features/Voice/RecruiterAudioTests, try another organisation's key and blob).
    /// </summary>
    private static readonly string[] TokenAuthorised = ["/api/v1/sessions/{token}", "/api/v1/audio/{key}"];

    /// <summary>GET routes without a route id that need a query id; B tries them with A's id and must get 404.</summary>
    private static readonly Dictionary<string, Func<TenantIsolationSweepFixture, IReadOnlyList<string>>> QueryIdRoutes = new(StringComparer.Ordinal)
    {
        ["GET /api/v1/integrations/greenhouse/test_status"] = a => [.. a.InterviewIds.Select(i => $"?partner_interview_id={i}")],
    };

    /// <summary>
    /// GET routes the owner may find empty in this fixture: its room is typed, so a reply has no audio (404 no_audio).
    /// Another room's token and another organisation on that route are tested in Features/Rooms/RoomVoiceTests.
    /// </summary>
    private static readonly string[] OwnerMayFindNothing = ["GET /api/v1/rooms/{roomId}/ai/message/{jobId}/audio"];

    [Fact]
    public async Task Every_route_with_an_id_answers_404_to_another_organisation_and_changes_nothing()
    {
        var before = await OwnerStateAsync();
        var failures = new List<string>();
        var swept = new HashSet<string>(StringComparer.Ordinal);

        foreach (var route in ApiRoute.All(a.App.Services).Where(r => r.Parameters.Count > 0))
        {
            if (route.Parameters.Any(p => TokenAuthorised.Contains(p.Resource, StringComparer.Ordinal)))
            {
                if (!route.AllowsAnonymous)
                {
                    failures.Add($"{route}: sits under a candidate token route but asks for an API key; give it its own path or sweep it");
                }
                continue;
            }
            var unmapped = route.Parameters.Where(p => !ForeignIds.ContainsKey(p.Resource)).ToList();
            if (unmapped.Count > 0)
            {
                failures.AddRange(unmapped.Select(p => $"{route}: parameter {{{p.Name}}} of {p.Resource} is not mapped to one of A's ids; {HowToMap}"));
                continue;
            }
            swept.Add(route.ToString());
            foreach (var values in Combinations(route.Parameters))
            {
                var url = route.Url(values);
                if (route.Method == HttpMethods.Get && !OwnerMayFindNothing.Contains(route.ToString(), StringComparer.Ordinal))
                {
                    // The owner must see it, or a wrong id in the table would make B's 404 meaningless.
                    using var own = await SendAsync(Client(a.Owner, route), route.Method, url, null);
                    await ExpectAsync(failures, own, HttpStatusCode.OK, $"{route} as the owner ({url})");
                }
                using var response = await SendAsync(Client(a.Intruder, route), route.Method, url, BodyFor(route));
                await ExpectNotFoundAsync(failures, response, $"{route} as another organisation ({url})");
            }
        }

        // Ids in bodies: what B could aim at A's resources without a route parameter.
        var intruder = a.Intruder.Client;
        await ExpectNotFoundAsync(failures, await intruder.PostJson("/api/v1/interviews/schedule",
            new { job_id = a.JobId, candidate = new { name = "Mallory", email = "mallory@example.com" } }), "schedule on A's job");
        await ExpectNotFoundAsync(failures, await intruder.PostJson("/api/v1/webhooks/messages/replay", new { endpoint_id = a.EndpointId }),
            "bulk replay of A's endpoint");
        var bulk = await intruder.PostJson("/api/v1/webhooks/messages/replay", new { });
        (await bulk.Json())["replayed"]!.GetValue<int>().ShouldBe(0, "B's bulk replay must not touch A's failed messages");
        await ExpectNotFoundAsync(failures, await a.GreenhouseClient(a.Intruder).PostJson($"{TenantIsolationSweepFixture.GreenhouseApi}/send_test",
            TenantIsolationSweepFixture.SendTestBody(a.JobId, a.GreenhouseCallbackUrl)), "Greenhouse send_test of A's job with A's callback url");

        failures.ShouldBeEmpty(string.Join(Environment.NewLine, failures));
        new[]
        {
            "GET /api/v1/jobs/{id}", "PUT /api/v1/jobs/{id}/questions", "POST /api/v1/interviews/{id}/cancel",
            "GET /api/v1/interviews/{id}/results", "GET /api/v1/interviews/{id}/ai-usage", "POST /api/v1/background-jobs/{id}/retry",
            "POST /api/v1/api-keys/{id}/revoke", "DELETE /api/v1/webhooks/endpoints/{id}", "POST /api/v1/webhooks/messages/{id}/replay",
        }.Except(swept).ShouldBeEmpty("the sweep must find the routes we know of; if it does not, route enumeration broke");
        (await OwnerStateAsync()).ShouldBe(before, "nothing of A's may change when B aims at it");
    }

    [Fact]
    public async Task Lists_and_query_filters_never_show_another_organisations_items()
    {
        var failures = new List<string>();
        var ownerIds = a.AllOwnerIds;
        foreach (var route in ApiRoute.All(a.App.Services).Where(r => r.Method == HttpMethods.Get && r.Parameters.Count == 0 && r.RequiresAuthentication))
        {
            if (QueryIdRoutes.TryGetValue(route.ToString(), out var queries))
            {
                foreach (var query in queries(a))
                {
                    await ExpectNotFoundAsync(failures, await Client(a.Intruder, route).GetAsync(route.Template + query), $"{route}{query}");
                }
                continue;
            }
            using var response = await Client(a.Intruder, route).GetAsync(route.Template + "?page_size=100");
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != HttpStatusCode.OK)
            {
                failures.Add($"{route}: answered {(int)response.StatusCode} to a plain GET; if it needs a query id, add it to QueryIdRoutes. {body}");
            }
            failures.AddRange(ownerIds.Where(id => body.Contains(id, StringComparison.OrdinalIgnoreCase))
                .Select(id => $"{route}: B's answer mentions A's id {id}: {body}"));
        }
        failures.ShouldBeEmpty(string.Join(Environment.NewLine, failures));

        // The lists by name: B sees its own items and none of A's, while A sees its own (so the check is not vacuous).
        (await IdsAsync(a.Intruder.Client, "/api/v1/jobs")).ShouldBe([a.IntruderJobId.ToString()]);
        (await IdsAsync(a.Owner.Client, "/api/v1/jobs")).ShouldBe([a.JobId.ToString()]);
        (await IdsAsync(a.Intruder.Client, "/api/v1/interviews")).ShouldBeEmpty();
        (await IdsAsync(a.Owner.Client, "/api/v1/interviews")).ShouldBe(a.InterviewIds.Select(i => i.ToString()), ignoreOrder: true);
        (await IdsAsync(a.Intruder.Client, "/api/v1/background-jobs")).ShouldBeEmpty();
        (await IdsAsync(a.Intruder.Client, "/api/v1/webhooks/endpoints")).ShouldBeEmpty();
        (await IdsAsync(a.Intruder.Client, "/api/v1/webhooks/messages")).ShouldBeEmpty();
        (await IdsAsync(a.Owner.Client, "/api/v1/webhooks/messages")).ShouldBe(a.MessageIds.Select(i => i.ToString()), ignoreOrder: true);
        var intruderKeys = await IdsAsync(a.Intruder.Client, "/api/v1/api-keys");
        intruderKeys.ShouldHaveSingleItem();
        intruderKeys.ShouldNotContain(k => a.ApiKeyIds.Select(i => i.ToString()).Contains(k));
        var tests = (await a.GreenhouseClient(a.Intruder).GetJson($"{TenantIsolationSweepFixture.GreenhouseApi}/list_tests")).AsArray();
        tests.Select(t => t!["partner_test_id"]!.GetValue<string>()).ShouldBe([a.IntruderJobId.ToString()]);

        // Query filters naming A's resources find nothing rather than A's rows.
        var byJob = await a.Intruder.Client.GetJson($"/api/v1/interviews?job_id={a.JobId}");
        byJob["total"]!.GetValue<int>().ShouldBe(0);
        var byEndpoint = await a.Intruder.Client.GetJson($"/api/v1/webhooks/messages?endpoint_id={a.EndpointId}");
        byEndpoint["total"]!.GetValue<int>().ShouldBe(0);
        (await a.Owner.Client.GetJson($"/api/v1/webhooks/messages?endpoint_id={a.EndpointId}"))["total"]!.GetValue<int>().ShouldBe(a.MessageIds.Count);
    }

    [Fact]
    public async Task A_candidate_token_never_authenticates_a_recruiter_route()
    {
        var failures = new List<string>();
        var checkedRoutes = 0;
        foreach (var route in ApiRoute.All(a.App.Services).Where(r => r.RequiresAuthentication))
        {
            if (route.Parameters.FirstOrDefault(p => !ForeignIds.ContainsKey(p.Resource)) is { } unmapped)
            {
                failures.Add($"{route}: parameter {{{unmapped.Name}}} of {unmapped.Resource} is not mapped to one of A's ids; {HowToMap}");
                continue;
            }
            checkedRoutes++;
            var url = route.Url(route.Parameters.ToDictionary(p => p.Name, p => ForeignIds[p.Resource](a)[0]));
            foreach (var token in new[] { a.Completed.Token, a.Pending.Token })
            {
                foreach (var (how, client) in TokenClients(token))
                {
                    using var response = await SendAsync(client, route.Method, url, BodyFor(route));
                    await ExpectAsync(failures, response, HttpStatusCode.Unauthorized, $"{route} with the candidate token as {how}");
                }
            }
        }
        failures.ShouldBeEmpty(string.Join(Environment.NewLine, failures));
        checkedRoutes.ShouldBeGreaterThan(20, "every recruiter route is checked; far fewer means route enumeration broke");
    }

    private (string How, HttpClient Client)[] TokenClients(string token)
    {
        var header = a.App.CreateClient();
        header.DefaultRequestHeaders.Add("X-Api-Key", token);
        var basic = a.App.CreateClient();
        basic.DefaultRequestHeaders.Authorization = GreenhouseApp.Basic(token, "");
        return [("X-Api-Key", header), ("Bearer", a.App.WithBearer(token)), ("Basic user name", basic)];
    }

    /// <summary>A minimal valid body, so a route that validates before it looks up still reaches the lookup.</summary>
    private object BodyFor(ApiRoute route) => route.ToString() switch
    {
        "PUT /api/v1/jobs/{id}/questions" => new
        {
            questions = new[] { new { text = "Walk me through a migration you led.", rubric = new { expected_points = new[] { "planning" } } } },
        },
        "PATCH /api/v1/webhooks/endpoints/{id}" => new { url = a.Receiver.BaseUrl + "/stolen", enabled = false, description = "hijacked" },
        "POST /api/v1/api-keys/{id}/rotate" => new { grace_period_minutes = 0 },
        "POST /api/v1/webhooks/endpoints/{id}/rotate-secret" => new { overlap_minutes = 0 },
        _ => new { },
    };

    private List<Dictionary<string, string>> Combinations(IReadOnlyList<RouteParameter> parameters) =>
        parameters.Aggregate(new List<Dictionary<string, string>> { new(StringComparer.Ordinal) }, (combos, parameter) =>
            [.. combos.SelectMany(combo => ForeignIds[parameter.Resource](a).Select(value => new Dictionary<string, string>(combo) { [parameter.Name] = value }))]);

    private HttpClient Client(Tenant tenant, ApiRoute route) => route.GreenhouseBasic ? a.GreenhouseClient(tenant) : tenant.Client;

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string url, object? body)
    {
        using var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (method is not ("GET" or "DELETE") && body is not null)
        {
            request.Content = JsonContent.Create(body, options: CandorJson.Options);
        }
        return await client.SendAsync(request);
    }

    private static async Task ExpectAsync(List<string> failures, HttpResponseMessage response, HttpStatusCode expected, string what)
    {
        if (response.StatusCode != expected)
        {
            failures.Add($"{what}: expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        }
    }

    private static async Task ExpectNotFoundAsync(List<string> failures, HttpResponseMessage response, string what)
    {
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.NotFound || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
        {
            failures.Add($"{what}: expected a 404 problem, got {(int)response.StatusCode} {response.Content.Headers.ContentType}: {body}");
        }
    }

    /// <summary>The items' ids (interviews name theirs interview_id).</summary>
    private static async Task<List<string>> IdsAsync(HttpClient client, string path) =>
        [.. (await TenantIsolationSweepFixture.Items(client, path)).Select(i => (i["id"] ?? i["interview_id"])!.ToJsonString().Trim('"'))];

    /// <summary>What B's attempts could have changed, read through A's own key (last_used_at left out: A's reads move it).</summary>
    private async Task<List<string>> OwnerStateAsync()
    {
        var client = a.Owner.Client;
        var state = new List<string> { $"job: {(await client.GetJson($"/api/v1/jobs/{a.JobId}")).ToJsonString()}" };
        foreach (var id in a.InterviewIds)
        {
            state.Add($"interview {id}: {(await client.GetJson($"/api/v1/interviews/{id}/status")).ToJsonString()}");
        }
        state.Add($"endpoint: {(await client.GetJson($"/api/v1/webhooks/endpoints/{a.EndpointId}")).ToJsonString()}");
        state.Add($"deliveries: {(await client.GetJson($"/api/v1/webhooks/endpoints/{a.EndpointId}/deliveries"))["total"]}");
        state.AddRange((await TenantIsolationSweepFixture.Items(client, "/api/v1/api-keys")).Select(k =>
            $"api key {k["id"]}: name={k["name"]} scopes={k["scopes"]!.ToJsonString()} revoked_at={k["revoked_at"]} expires_at={k["expires_at"]} replaced_by={k["replaced_by_id"]}"));
        state.AddRange((await TenantIsolationSweepFixture.Items(client, "/api/v1/webhooks/messages")).Select(m =>
            $"message {m["id"]}: status={m["status"]} attempts={m["attempts"]} updated_at={m["updated_at"]}"));
        state.AddRange((await TenantIsolationSweepFixture.Items(client, "/api/v1/background-jobs")).Select(j =>
            $"background job {j["id"]}: status={j["status"]} attempts={j["attempts"]} updated_at={j["updated_at"]}"));
        state.Add($"scenario question: {(await client.GetJson($"/api/v1/scenario-questions/{a.CustomScenarioQuestionId}")).ToJsonString()}");
        return state;
    }
}
