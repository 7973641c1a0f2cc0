using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Candor.Web.Tests.Features.Greenhouse;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Security;

/// <summary>
/// Arranged once: the app behind Kestrel, an organisation holding one of each resource (so a hostile value
/// reaches the checks behind a real id, not only the 404 in front of it), and the app's own OpenAPI document.
/// </summary>
public sealed class ApiFuzzFixture : IAsyncLifetime
{
    public CandorApp App { get; } = new KestrelCandorApp().With("Candor:Webhooks:AllowPrivateNetworks", "true");

    public Tenant Tenant { get; private set; } = null!;
    public JsonNode Document { get; private set; } = null!;

    /// <summary>Which real value a route parameter takes, by the route up to and including it.</summary>
    public Dictionary<string, string> RouteValues { get; } = new(StringComparer.Ordinal);

    /// <summary>Body fields given a working value (JSON), so the other fields' mutations get past them.</summary>
    public Dictionary<string, string> BodyValues { get; } = new(StringComparer.Ordinal)
    {
        ["email"] = "\"fuzz@example.com\"",
        // Loopback, port 9 (discard): deliveries and callbacks to it fail at once and never leave the machine.
        ["url"] = "\"http://127.0.0.1:9/fuzz\"",
        ["scopes"] = "[\"interviews:read\"]",
        ["event_types"] = "[\"interview.completed\"]",
        ["stage_type"] = "\"technical\"",
        ["mode"] = "\"text\"",
        ["question_count"] = "8",
        ["expires_in_hours"] = "24",
        ["consent"] = "true",
        ["whiteboard"] = "null",
        ["id"] = "null",
    };

    public async Task InitializeAsync()
    {
        await App.InitializeAsync();
        Tenant = await App.CreateTenantAsync("Fuzz Org");
        var driver = new InterviewDriver(App, Tenant);
        var jobId = (await driver.CreateJobAsync())["id"]!.GetValue<string>();
        var session = await driver.ScheduleAsync(Guid.Parse(jobId));
        var turn = await driver.StartAsync(session.Token);
        var spare = await driver.ScheduleAsync(Guid.Parse(jobId), "Grace Hopper", "grace@example.com");
        var key = await (await Tenant.Client.PostJson("/api/v1/api-keys", new { name = "spare", scopes = new[] { "interviews:read" } })).Json(HttpStatusCode.Created);
        var endpoint = await (await Tenant.Client.PostJson("/api/v1/webhooks/endpoints", new { url = "http://127.0.0.1:9/fuzz", event_types = new[] { "interview.completed" } }))
            .Json(HttpStatusCode.Created);

        RouteValues["/api/v1/jobs/{id}"] = jobId;
        RouteValues["/api/v1/interviews/{id}"] = spare.InterviewId.ToString();
        RouteValues["/api/v1/sessions/{token}"] = session.Token;
        RouteValues["/api/v1/background-jobs/{id}"] = (await App.InsertDeadJobAsync(Tenant.OrganizationId)).ToString();
        RouteValues["/api/v1/api-keys/{id}"] = key["id"]!.GetValue<string>();
        RouteValues["/api/v1/webhooks/endpoints/{id}"] = endpoint["id"]!.GetValue<string>();
        RouteValues["/api/v1/scenario-questions/{id}"] = "sd-url-shortener";
        BodyValues["job_id"] = BodyValues["partner_test_id"] = $"\"{jobId}\"";
        BodyValues["endpoint_id"] = $"\"{endpoint["id"]}\"";
        BodyValues["turn_id"] = $"\"{turn["turn_id"]}\"";

        Document = await App.CreateClient().GetJson("/openapi/v1.json");
    }

    public Task DisposeAsync() => App.DisposeAsync().AsTask();
}

/// <summary>
/// Issue 8's fuzz test: every operation in the OpenAPI document, sent a fixed set of malformed and hostile values
/// (control characters in bodies, paths and queries, RTL overrides, huge and negative numbers, wrong types,
/// garbage ids, malformed and oversize bodies), with a key holding every scope and with none. Nothing may answer
/// 5xx, and every 4xx must be an RFC 9457 problem. An operation added tomorrow is fuzzed tomorrow.
/// </summary>
public sealed class ApiFuzzTests(ApiFuzzFixture fixture) : IClassFixture<ApiFuzzFixture>
{
    private static readonly string[] Methods = ["get", "post", "put", "patch", "delete"];
    private static readonly string[] WrongTypesForText = ["null", "12345", "true", "[]", "{}"];

    private sealed record Operation(string Method, string Template, IReadOnlyList<(string Name, string In)> Parameters, JsonNode? BodySchema)
    {
        public bool Greenhouse => Template.Contains("/integrations/greenhouse/", StringComparison.Ordinal);
        public override string ToString() => $"{Method.ToUpperInvariant()} {Template}";
    }

    private sealed record Probe(string What, HttpMethod Method, string Url, byte[]? Body, string ContentType = "application/json", bool Chunked = false);

    [Fact]
    public async Task Every_operation_answers_hostile_input_with_problems_and_never_a_5xx()
    {
        var operations = Operations().ToList();
        operations.Count.ShouldBeGreaterThan(30, "the OpenAPI document should list the whole API");
        var cases = new ApiFuzzCases(fixture.Document, fixture.BodyValues, maxBodyBytes: 256 * 1024);
        var authenticated = Client(fixture.Tenant.ApiKey, basic: false);
        var greenhouse = Client(fixture.Tenant.ApiKey, basic: true);
        var anonymous = Client(key: null, basic: false);
        var failures = new List<string>();
        var sent = 0;

        foreach (var operation in operations)
        {
            var probes = ProbesFor(operation, cases).ToList();
            foreach (var probe in probes)
            {
                await SendAsync(operation.Greenhouse ? greenhouse : authenticated, operation, probe, failures);
                sent++;
            }
            // Without credentials: the plain request and one hostile body are enough to cross every auth check.
            foreach (var probe in probes.Where(p => p.What == "baseline" || p.What.StartsWith("malformed", StringComparison.Ordinal)).Take(2))
            {
                await SendAsync(anonymous, operation, probe with { What = probe.What + " (no credentials)" }, failures);
                sent++;
            }
        }

        sent.ShouldBeGreaterThan(1_000);
        failures.ShouldBeEmpty($"{failures.Count} of {sent} hostile requests were answered badly:\n" + string.Join("\n", failures.Take(40)));
    }

    private IEnumerable<Operation> Operations()
    {
        foreach (var (template, item) in fixture.Document["paths"]!.AsObject())
        {
            foreach (var method in Methods.Where(m => item![m] is not null))
            {
                var operation = item![method]!;
                var parameters = (operation["parameters"]?.AsArray() ?? [])
                    .Select(p => (p!["name"]!.GetValue<string>(), p["in"]!.GetValue<string>())).ToList();
                yield return new Operation(method, template, parameters, operation["requestBody"]?["content"]?["application/json"]?["schema"]);
            }
        }
    }

    private IEnumerable<Probe> ProbesFor(Operation operation, ApiFuzzCases cases)
    {
        var method = new HttpMethod(operation.Method.ToUpperInvariant());
        var sample = operation.BodySchema is null ? null : cases.Sample(operation.BodySchema);
        var baseline = sample is null ? null : Encoding.UTF8.GetBytes(sample.ToJsonString());
        var pathValues = operation.Parameters.Where(p => p.In == "path").ToDictionary(p => p.Name, p => KnownRouteValue(operation.Template, p.Name));

        yield return new Probe("baseline", method, Url(operation.Template, pathValues), baseline);
        if (new[] { "delete", "patch", "put" }.FirstOrDefault(m => fixture.Document["paths"]![operation.Template]![m] is null) is { } unmapped)
        {
            yield return new Probe($"method {unmapped.ToUpperInvariant()}", new HttpMethod(unmapped.ToUpperInvariant()), Url(operation.Template, pathValues), baseline);
        }

        foreach (var (name, _) in operation.Parameters.Where(p => p.In == "path"))
        {
            foreach (var segment in ApiFuzzCases.HostileSegments)
            {
                yield return new Probe($"path {name}={Show(segment)}", method, Url(operation.Template, new(pathValues) { [name] = segment }), baseline);
            }
        }
        var url = Url(operation.Template, pathValues);
        yield return new Probe("unknown query parameter %00", method, $"{url}?%00=%00", baseline);
        foreach (var (name, _) in operation.Parameters.Where(p => p.In == "query"))
        {
            foreach (var value in ApiFuzzCases.HostileQueryValues)
            {
                yield return new Probe($"query {name}={Show(value)}", method, $"{url}?{name}={value}", baseline);
            }
        }
        if (sample is null)
        {
            yield break;
        }

        foreach (var (what, body) in cases.MalformedBodies())
        {
            yield return new Probe($"malformed body: {what}", method, url, body);
        }
        yield return new Probe("oversize body", method, url, cases.OversizeBody());
        yield return new Probe("oversize chunked body", method, url, cases.OversizeBody(), Chunked: true);
        yield return new Probe("text/plain body", method, url, baseline, "text/plain");
        foreach (var path in ApiFuzzCases.Paths(sample))
        {
            var current = Find(sample, path);
            var values = current is JsonValue scalar && scalar.GetValueKind() == System.Text.Json.JsonValueKind.String
                ? ApiFuzzCases.HostileStrings.Select(s => (JsonNode?)JsonValue.Create(s)).Concat(WrongTypesForText.Select(Parse))
                : ApiFuzzCases.HostileJsonValues.Select(Parse).Append(JsonValue.Create("a\u0000b"));
            foreach (var value in values)
            {
                var mutated = ApiFuzzCases.With(sample, path, value);
                yield return new Probe($"body {path}={Show(value?.ToJsonString() ?? "null")}", method, url, Encoding.UTF8.GetBytes(mutated.ToJsonString()));
            }
        }
    }

    private async Task SendAsync(HttpClient client, Operation operation, Probe probe, List<string> failures)
    {
        using var request = new HttpRequestMessage(probe.Method, probe.Url);
        if (probe.Body is not null)
        {
            request.Content = probe.Chunked ? new StreamContent(new UnseekableStream(probe.Body)) : new ByteArrayContent(probe.Body);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue(probe.ContentType);
            request.Headers.TransferEncodingChunked = probe.Chunked;
        }
        var what = $"{operation} [{probe.What}] {probe.Method} {Show(probe.Url)}";
        try
        {
            using var response = await client.SendAsync(request);
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsStringAsync();
            if (status >= 500)
            {
                failures.Add($"{what}: {status} {Show(body)}");
            }
            else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
            {
                failures.Add($"{what}: {status} with Content-Type '{response.Content.Headers.ContentType}' instead of a problem: {Show(body)}");
            }
        }
        catch (HttpRequestException e)
        {
            failures.Add($"{what}: no response ({e.Message})");
        }
    }

    private HttpClient Client(string? key, bool basic)
    {
        var client = fixture.App.CreateClient();
        client.Timeout = TimeSpan.FromSeconds(30);
        if (key is not null && basic)
        {
            client.DefaultRequestHeaders.Authorization = GreenhouseApp.Basic(key, "");
        }
        else if (key is not null)
        {
            client.DefaultRequestHeaders.Add("X-Api-Key", key);
        }
        return client;
    }

    private string KnownRouteValue(string template, string name)
    {
        var route = template[..(template.IndexOf($"{{{name}}}", StringComparison.Ordinal) + name.Length + 2)];
        return fixture.RouteValues.TryGetValue(route, out var value) ? value : Guid.NewGuid().ToString();
    }

    private static string Url(string template, Dictionary<string, string> values) =>
        values.Aggregate(template, (url, value) => url.Replace($"{{{value.Key}}}", value.Value, StringComparison.Ordinal));

    private static JsonNode? Find(JsonNode sample, string path) =>
        path.Replace("[0]", ".[0]", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries)
            .Aggregate((JsonNode?)sample, (node, step) => step == "[0]" ? node?[0] : node?[step]);

    private static JsonNode? Parse(string json) => JsonNode.Parse(json);

    /// <summary>Short and printable, for failure messages.</summary>
    private static string Show(string text)
    {
        var printable = string.Concat(text.Select(c => char.IsControl(c) ? $"\\u{(int)c:X4}" : c.ToString()));
        return printable.Length > 120 ? printable[..120] + $"…({text.Length:N0} chars)" : printable;
    }

    private sealed class UnseekableStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
