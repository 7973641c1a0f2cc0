using Candor.Web.Features.Rooms;
using Candor.Web.Features.CodeRuns;
using Candor.Web.Features.ScenarioQuestions;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Candor.Web.Data;
using Candor.Web.Features.Webhooks;
using Candor.Web.Tests.Features.Greenhouse;
using Candor.Web.Tests.Features.Webhooks;
using Candor.Web.Tests.Infrastructure;
using Candor.Web.Tests.Security;
using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.Idempotency;

/// <summary>
/// A node may die at the commit of any API-key POST; the client then retries with the same Idempotency-Key. The
/// retry must run the request exactly once in all: a clean single run if the work never committed, the original
/// result (replayed) if it did. The routes come from the running app's endpoints, so a new POST cannot escape.
/// </summary>
public sealed class IdempotencyCrashTests(CrashingApp app) : IClassFixture<CrashingApp>
{
    private const string HowToAdd = "add it to Cases in tests/Candor.Web.Tests/Features/Idempotency/IdempotencyCrashTests.cs (how to call it and how to count what it did), so the crash sweep covers it";

    /// <summary>What a route needs before it can run: a tenant's call, and how to check its effect exists exactly once.</summary>
    private sealed record Call(HttpClient Client, string Url, object Body, Func<JsonNode, Task> CheckRanOnce);

    private sealed record RouteCase(HttpStatusCode Status, Func<Arrange, Task<Call>> Prepare);

    /// <summary>Every API-key POST under /api/v1, by method and template.</summary>
    private static readonly Dictionary<string, RouteCase> Cases = new(StringComparer.Ordinal)
    {
        ["POST /api/v1/jobs"] = new(HttpStatusCode.Created, a => Task.FromResult(new Call(a.Client, "/api/v1/jobs",
            new { title = "Crash-safe role", description = InterviewDriver.BackendJobDescription },
            async r => (await a.Db(db => db.Jobs.Select(j => j.Id).ToListAsync())).ShouldBe([IdOf(r, "id")])))),

        ["POST /api/v1/interviews/schedule"] = new(HttpStatusCode.Created, async a =>
        {
            var jobId = await a.CreateJobAsync();
            return new Call(a.Client, "/api/v1/interviews/schedule", new { job_id = jobId, candidate = new { name = "Ada", email = "ada@example.com" } },
                async r =>
                {
                    (await a.Db(db => db.Interviews.Select(i => i.Id).ToListAsync())).ShouldBe([IdOf(r, "interview_id")]);
                    (await a.UsageAsync()).ShouldBe(1, "the quota counts one interview");
                    r["interview_url"]!.GetValue<string>().ShouldStartWith("http://candor.test/i/", customMessage: "the candidate's link is replayed");
                });
        }),

        ["POST /api/v1/interviews/{id}/cancel"] = new(HttpStatusCode.OK, async a =>
        {
            var interviewId = await a.ScheduleAsync();
            return new Call(a.Client, $"/api/v1/interviews/{interviewId}/cancel", new { }, async r =>
            {
                IdOf(r, "interview_id").ShouldBe(interviewId);
                r["status"]!.GetValue<string>().ShouldBe("cancelled");
                (await a.Db(db => db.OutboxEvents.CountAsync(e => e.Type == WebhookEventTypes.InterviewCancelled))).ShouldBe(1);
            });
        }),

        ["POST /api/v1/background-jobs/{id}/retry"] = new(HttpStatusCode.OK, async a =>
        {
            var jobId = await a.App.InsertDeadJobAsync(a.Tenant.OrganizationId);
            return new Call(a.Client, $"/api/v1/background-jobs/{jobId}/retry", new { },
                r => Task.Run(() => r["id"]!.GetValue<long>().ShouldBe(jobId)));
        }),

        ["POST /api/v1/api-keys"] = new(HttpStatusCode.Created, a => Task.FromResult(new Call(a.Client, "/api/v1/api-keys",
            new { name = "crash-safe key", scopes = new[] { "interviews:read" } },
            async r => (await a.Db(db => db.ApiKeys.Where(k => k.Name == "crash-safe key").Select(k => k.Id).ToListAsync())).ShouldBe([IdOf(r, "id")])))),

        ["POST /api/v1/api-keys/{id}/rotate"] = new(HttpStatusCode.Created, async a =>
        {
            var keyId = await a.CreateApiKeyAsync();
            return new Call(a.Client, $"/api/v1/api-keys/{keyId}/rotate", new { grace_period_minutes = 60 }, async r =>
            {
                var keys = await a.Db(db => db.ApiKeys.Where(k => k.Name == "rotated").ToListAsync());
                keys.Count.ShouldBe(2, "the old key and exactly one successor");
                keys.Single(k => k.Id == keyId).ReplacedById.ShouldBe(IdOf(r, "id"));
            });
        }),

        ["POST /api/v1/api-keys/{id}/revoke"] = new(HttpStatusCode.OK, async a =>
        {
            var keyId = await a.CreateApiKeyAsync();
            return new Call(a.Client, $"/api/v1/api-keys/{keyId}/revoke", new { }, async r =>
            {
                IdOf(r, "id").ShouldBe(keyId);
                var revokedAt = await a.Db(db => db.ApiKeys.Where(k => k.Id == keyId).Select(k => k.RevokedAt).SingleAsync());
                r["revoked_at"]!.GetValue<DateTimeOffset>().ShouldBe(revokedAt!.Value, "revoked once, at the time the answer shows");
            });
        }),

        ["POST /api/v1/webhooks/endpoints"] = new(HttpStatusCode.Created, a => Task.FromResult(new Call(a.Client, "/api/v1/webhooks/endpoints",
            new { url = Arrange.DeadReceiver, event_types = new[] { "interview.completed" } },
            async r => (await a.Db(db => db.WebhookEndpoints.Select(e => e.Id).ToListAsync())).ShouldBe([IdOf(r, "id")])))),

        ["POST /api/v1/webhooks/endpoints/{id}/rotate-secret"] = new(HttpStatusCode.OK, async a =>
        {
            var endpointId = await a.CreateEndpointAsync();
            var original = await a.Db(db => db.WebhookEndpoints.Where(e => e.Id == endpointId).Select(e => e.SecretCiphertext).SingleAsync());
            return new Call(a.Client, $"/api/v1/webhooks/endpoints/{endpointId}/rotate-secret", new { overlap_minutes = 60 }, async r =>
            {
                IdOf(r, "id").ShouldBe(endpointId);
                var previous = await a.Db(db => db.WebhookEndpoints.Where(e => e.Id == endpointId).Select(e => e.PreviousSecretCiphertext).SingleAsync());
                previous.ShouldBe(original, "rotated once: the secret before the rotation is the original one");
            });
        }),

        ["POST /api/v1/webhooks/messages/{id}/replay"] = new(HttpStatusCode.Accepted, async a =>
        {
            var messageId = await a.FailedMessageAsync();
            return new Call(a.Client, $"/api/v1/webhooks/messages/{messageId}/replay", new { },
                r => Task.Run(() => IdOf(r, "id").ShouldBe(messageId)));
        }),

        ["POST /api/v1/webhooks/messages/replay"] = new(HttpStatusCode.OK, async a =>
        {
            await a.FailedMessageAsync();
            return new Call(a.Client, "/api/v1/webhooks/messages/replay", new { },
                r => Task.Run(() => r["replayed"]!.GetValue<int>().ShouldBe(1, "the one failed message, replayed once")));
        }),

        ["POST /api/v1/integrations/greenhouse/send_test"] = new(HttpStatusCode.OK, async a =>
        {
            var jobId = await a.CreateJobAsync();
            return new Call(a.Greenhouse, "/api/v1/integrations/greenhouse/send_test", TenantIsolationSweepFixture.SendTestBody(jobId, Arrange.DeadReceiver),
                async r =>
                {
                    (await a.Db(db => db.Interviews.Select(i => i.Id).ToListAsync())).ShouldBe([IdOf(r, "partner_interview_id")]);
                    (await a.UsageAsync()).ShouldBe(1);
                });
        }),

        ["POST /api/v1/rooms"] = new(HttpStatusCode.Created, a => Task.FromResult(new Call(a.Client, "/api/v1/rooms", Arrange.RoomBody,
            async r => (await a.Db(db => db.Set<Room>().Select(x => x.Id).ToListAsync())).ShouldBe([IdOf(r, "room_id")])))),

        ["POST /api/v1/rooms/{roomId}/runs"] = new(HttpStatusCode.OK, async a =>
        {
            var room = await (await a.Client.PostJson("/api/v1/rooms", Arrange.RoomBody)).Json(HttpStatusCode.Created);
            return new Call(a.Client, $"/api/v1/rooms/{IdOf(room, "room_id")}/runs", new { code = "print(1)\n", language = "python", mode = "run" },
                async r => (await a.Db(db => db.Set<RoomRun>().CountAsync())).ShouldBe(1, "one stored run"));
        }),

        ["POST /api/v1/rooms/{roomId}/ai/message"] = RoomAiCase("message", new { text = "I would keep two running totals." }),
        ["POST /api/v1/rooms/{roomId}/ai/hint"] = RoomAiCase("hint", new { }),
        ["POST /api/v1/rooms/{roomId}/ai/review"] = RoomAiCase("review", new { code = "def climb_stairs(n):\n    return n\n", language = "python" }),

        ["POST /api/v1/problems"] = new(HttpStatusCode.Created, a => Task.FromResult(new Call(a.Client, "/api/v1/problems", new
        {
            id = "crash-reverse-line",
            title = "Reverse a line",
            difficulty = "easy",
            topics = new[] { "strings" },
            statement = "Print the input line reversed.",
            starter_code = new Dictionary<string, string> { ["python"] = "import sys\nline = sys.stdin.read().strip()\nprint(line)\n" },
            examples = new[] { new { name = "abc", input = "abc\n", output = "cba", explanation = "reversed" } },
            hidden_tests = new[] { new { name = "secret", input = "xyz\n", output = "zyx", explanation = (string?)null } },
            hints = new[] { "Strings can be sliced.", "Read the line, reverse it.", "Slice with a step of -1." },
            reference_complexity = "O(n)",
            reference_solutions = new Dictionary<string, string> { ["python"] = "import sys\nprint(sys.stdin.read().strip()[::-1])\n" },
        }, async r => (await a.Db(db => db.Set<CustomProblem>().CountAsync())).ShouldBe(1)))),

        ["POST /api/v1/scenario-questions"] = new(HttpStatusCode.Created, a => Task.FromResult(new Call(a.Client, "/api/v1/scenario-questions", new
        {
            title = "Crash-safe dispatch design",
            prompt = "Design the service behind our dispatch board.",
            scenario_type = "system_design",
            difficulty = "medium",
            applicable_stage_types = new[] { "technical_ai_assisted" },
            rubric_points = new[] { "Handles two dispatchers assigning the same delivery" },
        }, async r => (await a.Db(db => db.Set<CustomScenarioQuestion>().Select(q => q.Id).ToListAsync())).ShouldBe([IdOf(r, "id")])))),

        ["POST /api/v1/integrations/greenhouse/response_error"] = new(HttpStatusCode.OK, a => Task.FromResult(
            new Call(a.Greenhouse, "/api/v1/integrations/greenhouse/response_error", Arrange.GreenhouseError, r => Task.Run(() => r["status"]!.GetValue<int>().ShouldBe(200))))),

        ["POST /api/v1/integrations/greenhouse/request_errors"] = new(HttpStatusCode.OK, a => Task.FromResult(
            new Call(a.Greenhouse, "/api/v1/integrations/greenhouse/request_errors", Arrange.GreenhouseError, r => Task.Run(() => r["status"]!.GetValue<int>().ShouldBe(200))))),
    };

    /// <summary>One AI request in a fresh room: exactly one request row and one queued background job.</summary>
    private static RouteCase RoomAiCase(string kind, object body) => new(HttpStatusCode.Accepted, async a =>
    {
        var room = await (await a.Client.PostJson("/api/v1/rooms", Arrange.RoomBody)).Json(HttpStatusCode.Created);
        var roomId = IdOf(room, "room_id");
        return new Call(a.Client, $"/api/v1/rooms/{roomId}/ai/{kind}", body, async r =>
        {
            (await a.Db(db => db.Set<RoomAiRequest>().Select(x => x.Id).ToListAsync())).ShouldBe([IdOf(r, "job_id")]);
            (await a.Db(db => db.BackgroundJobs.CountAsync(j => j.OrganizationId == a.Tenant.OrganizationId && j.Kind.StartsWith("ai:")))).ShouldBe(1);
        });
    });

    [Theory]
    [InlineData(CrashPoint.BeforeCommit)]
    [InlineData(CrashPoint.AfterCommit)]
    public async Task Every_api_key_post_runs_exactly_once_when_retried_after_a_crash(CrashPoint point)
    {
        // A path served by two endpoints (JSON and multipart, told apart by content type) is one case: the JSON one.
        var routes = ApiRoute.All(app.Services).Where(r => r.Method == HttpMethods.Post && !r.AllowsAnonymous).DistinctBy(r => r.ToString()).ToList();
        var failures = new List<string>();
        foreach (var route in routes)
        {
            if (!Cases.TryGetValue(route.ToString(), out var @case))
            {
                failures.Add($"{route}: not covered; {HowToAdd}");
                continue;
            }
            try
            {
                await CrashAndRetryAsync(route.ToString(), @case, point, failures);
            }
            catch (Exception ex)
            {
                failures.Add($"{route}: {ex.Message}");
            }
        }
        failures.ShouldBeEmpty(string.Join(Environment.NewLine, failures));
        routes.Count.ShouldBe(Cases.Count, "every case names a route the app still maps");
    }

    private async Task CrashAndRetryAsync(string route, RouteCase @case, CrashPoint point, List<string> failures)
    {
        var arrange = new Arrange(app, await app.CreateTenantAsync($"Crash {route}"));
        var call = await @case.Prepare(arrange);
        var key = $"crash-{Guid.NewGuid():N}";

        app.Crash.Arm(key, point);
        using var crashed = await SendAsync(call, key);
        if (!app.Crash.Fired || crashed.StatusCode != HttpStatusCode.InternalServerError)
        {
            failures.Add($"{route}: the crash {point} did not strike (answered {(int)crashed.StatusCode}: {await crashed.Content.ReadAsStringAsync()})");
            return;
        }

        // Before the commit nothing was kept, so the retry is the one run; after it, the retry gets the committed result.
        using var retry = await SendAsync(call, key);
        var retryBody = await retry.Content.ReadAsStringAsync();
        if (retry.StatusCode != @case.Status || retry.Headers.Contains("Idempotent-Replayed") != (point == CrashPoint.AfterCommit))
        {
            failures.Add($"{route}: the retry after a crash {point} answered {(int)retry.StatusCode}, replayed: {retry.Headers.Contains("Idempotent-Replayed")}: {retryBody}");
            return;
        }
        await call.CheckRanOnce(JsonNode.Parse(retryBody)!);

        // And from now on the result is stored: one more retry is a replay of the same outcome.
        using var again = await SendAsync(call, key);
        var againBody = await again.Content.ReadAsStringAsync();
        if (again.StatusCode != @case.Status || !again.Headers.Contains("Idempotent-Replayed"))
        {
            failures.Add($"{route}: a second retry answered {(int)again.StatusCode} without replaying: {againBody}");
            return;
        }
        await call.CheckRanOnce(JsonNode.Parse(againBody)!);
    }

    private static Task<HttpResponseMessage> SendAsync(Call call, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, call.Url) { Content = JsonContent.Create(call.Body, options: CandorJson.Options) };
        request.Headers.Add("Idempotency-Key", idempotencyKey);
        return call.Client.SendAsync(request);
    }

    private static Guid IdOf(JsonNode response, string field) => Guid.Parse(response[field]!.GetValue<string>());

    /// <summary>One tenant's preconditions, made through the public API (without Idempotency-Key) where there is one.</summary>
    private sealed class Arrange(CrashingApp app, Tenant tenant)
    {
        /// <summary>Nothing listens there: deliveries fail fast and never leave the machine.</summary>
        public const string DeadReceiver = "http://127.0.0.1:9/crash-test";

        public static readonly object RoomBody = new
        {
            mode = "ai",
            problem_id = "climbing-stairs",
            language = "python",
            candidate = new { name = "Ada Lovelace", email = "ada@example.com" },
        };

        public static readonly object GreenhouseError = new { api_call = "send_test", errors = new[] { "bad url" }, partner_test_id = "1", partner_interview_id = "2" };

        public CrashingApp App => app;
        public Tenant Tenant => tenant;
        public HttpClient Client => tenant.Client;

        public HttpClient Greenhouse
        {
            get
            {
                var client = app.CreateClient();
                client.DefaultRequestHeaders.Authorization = GreenhouseApp.Basic(tenant.ApiKey, "");
                return client;
            }
        }

        public Task<T> Db<T>(Func<CandorDbContext, Task<T>> query) => app.WithDbAsync(tenant.OrganizationId, query);

        public async Task<Guid> CreateJobAsync() => IdOf(await new InterviewDriver(app, tenant).CreateJobAsync(), "id");

        public async Task<Guid> ScheduleAsync() => (await new InterviewDriver(app, tenant).ScheduleAsync(await CreateJobAsync())).InterviewId;

        public async Task<Guid> CreateApiKeyAsync() =>
            IdOf(await (await Client.PostJson("/api/v1/api-keys", new { name = "rotated", scopes = new[] { "interviews:read" } })).Json(HttpStatusCode.Created), "id");

        public async Task<Guid> CreateEndpointAsync() => Guid.Parse((await tenant.CreateEndpointAsync(DeadReceiver, "interview.completed")).Id);

        public Task<int> UsageAsync() => Db(async db => (await db.Database.SqlQuery<int>(
            $"SELECT interviews_scheduled AS \"Value\" FROM organization_usage WHERE organization_id = {tenant.OrganizationId}").ToListAsync()).Sum());

        /// <summary>A message that failed for good. No API fails one on purpose, so its rows are written directly.</summary>
        public async Task<Guid> FailedMessageAsync()
        {
            var endpointId = await CreateEndpointAsync();
            return await Db(async db =>
            {
                var now = DateTimeOffset.UtcNow;
                var @event = new OutboxEvent { Id = Guid.CreateVersion7(), Type = WebhookEventTypes.InterviewCompleted, Payload = "{}", CreatedAt = now, DispatchedAt = now };
                var message = new WebhookMessage
                {
                    Id = Guid.CreateVersion7(), EndpointId = endpointId, EventId = @event.Id, EventType = @event.Type,
                    Status = WebhookMessageStatus.Failed, Attempts = 5, NextAttemptAt = now, LastError = "connection refused", CreatedAt = now, UpdatedAt = now,
                };
                db.OutboxEvents.Add(@event);
                db.WebhookMessages.Add(message);
                await db.SaveChangesAsync();
                return message.Id;
            });
        }
    }
}
