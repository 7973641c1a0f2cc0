using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Candor.Eval.Running;

/// <summary>
/// The public API as an integrating platform and a candidate use it: snake_case JSON, read back as JsonNode so the
/// harness keeps working when other fields are added. A 429 is waited out (Retry-After) rather than failing the run.
/// </summary>
/// <param name="api">Sends the organisation's API key.</param>
/// <param name="candidate">Sends nothing but the candidate's token in the path.</param>
public sealed class CandorApiClient(HttpClient api, HttpClient candidate)
{
    private const int MaxRateLimitWaits = 20;

    /// <summary>The longest Retry-After a run waits out: a rate limit's window, never a quota's month.</summary>
    private static readonly TimeSpan MaxRateLimitWait = TimeSpan.FromSeconds(61);

    private static readonly JsonSerializerOptions Json = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public Task<JsonNode> CreateJobAsync(object body, CancellationToken cancellationToken) =>
        SendAsync(api, HttpMethod.Post, "api/v1/jobs", body, HttpStatusCode.Created, cancellationToken);

    public Task<JsonNode> ReplaceQuestionsAsync(string jobId, object body, CancellationToken cancellationToken) =>
        SendAsync(api, HttpMethod.Put, $"api/v1/jobs/{jobId}/questions", body, HttpStatusCode.OK, cancellationToken);

    public Task<JsonNode> ScheduleAsync(object body, CancellationToken cancellationToken) =>
        SendAsync(api, HttpMethod.Post, "api/v1/interviews/schedule", body, HttpStatusCode.Created, cancellationToken);

    public Task<JsonNode> ResultsAsync(string interviewId, CancellationToken cancellationToken) =>
        SendAsync(api, HttpMethod.Get, $"api/v1/interviews/{interviewId}/results", null, HttpStatusCode.OK, cancellationToken);

    public Task<JsonNode> StartAsync(string token, CancellationToken cancellationToken) =>
        SendAsync(candidate, HttpMethod.Post, $"api/v1/sessions/{token}/start", new { consent = true }, HttpStatusCode.OK, cancellationToken);

    public Task<JsonNode> AnswerAsync(string token, string turnId, string text, CancellationToken cancellationToken) =>
        SendAsync(candidate, HttpMethod.Post, $"api/v1/sessions/{token}/answers", new { turn_id = turnId, text }, HttpStatusCode.OK, cancellationToken);

    private static async Task<JsonNode> SendAsync(HttpClient client, HttpMethod method, string path, object? body, HttpStatusCode expected, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body, options: Json);
            }
            using var response = await client.SendAsync(request, cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode == HttpStatusCode.TooManyRequests && attempt < MaxRateLimitWaits)
            {
                var wait = response.Headers.RetryAfter?.Delta ?? TimeSpan.FromSeconds(1);
                // A rate limit reopens within a minute; a monthly quota only at the month's end: waiting for it
                // would hang the run for days, so it is a failure that says which quota to lift.
                if (wait > MaxRateLimitWait)
                {
                    throw new EvalRunException($"{method} {path} answered 429 and asks to retry in {wait.TotalHours:0.#} h (a monthly quota, not a rate limit; "
                        + $"the app for a measuring run needs its quotas lifted): {Shorten(text)}");
                }
                await Task.Delay(wait < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100) : wait, cancellationToken);
                continue;
            }
            if (response.StatusCode != expected)
            {
                throw new EvalRunException($"{method} {path} answered {(int)response.StatusCode} (expected {(int)expected}): {Shorten(text)}");
            }
            return JsonNode.Parse(text) ?? throw new EvalRunException($"{method} {path} answered an empty body.");
        }
    }

    private static string Shorten(string text) => text.Length <= 600 ? text : text[..600] + "…";
}

/// <summary>Reading the API's responses.</summary>
public static class ApiFields
{
    /// <summary>A string field the API always sends; its absence means the app answered something unexpected.</summary>
    public static string Text(JsonNode node, string field) =>
        node[field]?.GetValue<string>() ?? throw new EvalRunException($"The API response has no '{field}': {node.ToJsonString()}");
}

/// <summary>The run could not be completed (the app answered something unexpected, or a report never came).</summary>
public sealed class EvalRunException(string message) : Exception(message);
