using System.Net;
using System.Text.Json.Nodes;

namespace Candor.Web.Tests.Infrastructure;

/// <summary>Drives the public API the way an integrating platform and a candidate would.</summary>
public sealed class InterviewDriver(CandorApp app, Tenant tenant)
{
    public const string BackendJobDescription = """
        We are hiring a Senior Backend Engineer to design and run the APIs behind our logistics platform.
        You will build REST APIs in C# and .NET, model data in PostgreSQL, deploy to Kubernetes on AWS,
        and own reliability with good observability. 5+ years of backend experience; Kafka and Redis a plus.
        """;

    public HttpClient Api => tenant.Client;

    public async Task<JsonNode> CreateJobAsync(string title = "Senior Backend Engineer", string? description = null, int? questionCount = null) =>
        await (await Api.PostJson("/api/v1/jobs", new { title, description = description ?? BackendJobDescription, question_count = questionCount }))
            .Json(HttpStatusCode.Created);

    /// <summary>
    /// Schedules through the API. Without <paramref name="email"/> each call is a new candidate (a fresh address): the API
    /// refuses to schedule the same candidate for the same job twice without an explicit retake.
    /// </summary>
    public async Task<Scheduled> ScheduleAsync(Guid jobId, string name = "Ada Lovelace", string? email = null, int? expiresInHours = null, string? externalId = null)
    {
        email ??= $"ada-{Guid.NewGuid():N}@example.com";
        var body = await (await Api.PostJson("/api/v1/interviews/schedule",
            new { job_id = jobId, candidate = new { name, email }, expires_in_hours = expiresInHours, external_id = externalId }))
            .Json(HttpStatusCode.Created);
        var url = body["interview_url"]!.GetValue<string>();
        return new Scheduled(Guid.Parse(body["interview_id"]!.GetValue<string>()), url[(url.LastIndexOf('/') + 1)..], body);
    }

    public async Task<Scheduled> ScheduleNewAsync()
    {
        var job = await CreateJobAsync();
        return await ScheduleAsync(Guid.Parse(job["id"]!.GetValue<string>()));
    }

    public async Task<JsonNode> StartAsync(string token) =>
        await (await app.Candidate().PostJson($"/api/v1/sessions/{token}/start")).Json();

    public async Task<JsonNode> AnswerAsync(string token, JsonNode turn, string text) =>
        await (await app.Candidate().PostJson($"/api/v1/sessions/{token}/answers", new { turn_id = turn["turn_id"]!.GetValue<string>(), text })).Json();

    /// <summary>Answers every turn with <paramref name="answer"/> until the closing turn; returns every turn the interviewer sent.</summary>
    public async Task<List<JsonNode>> CompleteAsync(string token, Func<JsonNode, string> answer, int maxTurns = 60)
    {
        var turns = new List<JsonNode> { await StartAsync(token) };
        while (!turns[^1]["done"]!.GetValue<bool>())
        {
            turns.Count.ShouldBeLessThan(maxTurns, "the interview should close within its turn budget");
            turns.Add(await AnswerAsync(token, turns[^1], answer(turns[^1])));
        }
        return turns;
    }

    /// <summary>Waits for the background jobs to score every answer and write the report, then returns the results.</summary>
    public async Task<JsonNode> WaitForResultsAsync(Guid interviewId, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var results = await Api.GetJson($"/api/v1/interviews/{interviewId}/results");
            if (results["interview"]!["report_status"]!.GetValue<string>() == "ready")
            {
                return results;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The report for {interviewId} was not ready in time: {results.ToJsonString()}");
            }
            await Task.Delay(100);
        }
    }
}

public sealed record Scheduled(Guid InterviewId, string Token, JsonNode Response);
