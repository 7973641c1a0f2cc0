using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.Idempotency;

/// <summary>Idempotency-Key on the integration API's POSTs: replay, misuse, concurrency and expiry.</summary>
public sealed class IdempotencyTests(CandorApp app) : IClassFixture<CandorApp>
{
    private const string SchedulePath = "/api/v1/interviews/schedule";

    [Fact]
    public async Task A_retry_replays_the_stored_response_and_schedules_nothing_new()
    {
        var (tenant, jobId) = await SetUpAsync();
        var body = ScheduleBody(jobId);
        var first = await Post(tenant.Client, SchedulePath, body, "order-1");
        var firstText = await first.Content.ReadAsStringAsync();
        first.StatusCode.ShouldBe(HttpStatusCode.Created, firstText);
        first.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();

        var replay = await Post(tenant.Client, SchedulePath, body, "order-1");
        replay.StatusCode.ShouldBe(HttpStatusCode.Created);
        replay.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        replay.Headers.Location.ShouldBe(first.Headers.Location);
        replay.Content.Headers.ContentType!.MediaType.ShouldBe("application/json");
        var replayText = await replay.Content.ReadAsStringAsync();
        replayText.ShouldBe(firstText);
        JsonNode.Parse(replayText)!["interview_id"]!.GetValue<Guid>().ShouldBe(JsonNode.Parse(firstText)!["interview_id"]!.GetValue<Guid>());
        (await CountInterviewsAsync(tenant)).ShouldBe(1);

        // Without the header nothing is replayed: the request runs again, finds the candidate already scheduled (409),
        // and an explicit retake schedules a second interview.
        var again = await (await tenant.Client.PostRaw(SchedulePath, body)).Problem(HttpStatusCode.Conflict);
        again["code"]!.GetValue<string>().ShouldBe("duplicate_candidate");
        (await tenant.Client.PostRaw(SchedulePath, JsonBody(new { job_id = jobId, candidate = new { name = "Ada Lovelace", email = "ada@example.com" }, retake = true })))
            .StatusCode.ShouldBe(HttpStatusCode.Created);
        (await CountInterviewsAsync(tenant)).ShouldBe(2);
    }

    [Fact]
    public async Task The_same_key_with_a_different_body_is_422()
    {
        var (tenant, jobId) = await SetUpAsync();
        (await Post(tenant.Client, SchedulePath, ScheduleBody(jobId), "order-2")).StatusCode.ShouldBe(HttpStatusCode.Created);
        var reused = await (await Post(tenant.Client, SchedulePath, ScheduleBody(jobId, "someone-else@example.com"), "order-2"))
            .Problem(HttpStatusCode.UnprocessableEntity);
        reused["code"]!.GetValue<string>().ShouldBe("idempotency_key_reused");
        (await CountInterviewsAsync(tenant)).ShouldBe(1);
    }

    [Fact]
    public async Task A_retry_while_the_first_request_runs_is_409_then_gets_its_result()
    {
        var (tenant, jobId) = await SetUpAsync();
        var body = ScheduleBody(jobId);
        // The quota counter's table, held: the first request stops mid-work, its key claimed.
        await using var quota = await LockHolder.TakeAsync(app, "LOCK TABLE organization_usage IN SHARE MODE");
        var first = Post(tenant.Client, SchedulePath, body, "order-3");
        await quota.WaitForWaitersAsync(1);

        var conflict = await Post(tenant.Client, SchedulePath, body, "order-3");
        (await conflict.Problem(HttpStatusCode.Conflict))["code"]!.GetValue<string>().ShouldBe("idempotency_key_in_progress");
        conflict.Headers.RetryAfter.ShouldNotBeNull();
        // Which request the running one is cannot be known before it finishes, so another body is a 409 too.
        var other = await Post(tenant.Client, SchedulePath, ScheduleBody(jobId, "someone-else@example.com"), "order-3");
        (await other.Problem(HttpStatusCode.Conflict))["code"]!.GetValue<string>().ShouldBe("idempotency_key_in_progress");

        await quota.ReleaseAsync();
        var created = await (await first).Json(HttpStatusCode.Created);
        var replay = await Post(tenant.Client, SchedulePath, body, "order-3");
        (await InterviewIdOf(replay)).ShouldBe(created["interview_id"]!.GetValue<Guid>());
        replay.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await CountInterviewsAsync(tenant)).ShouldBe(1);
    }

    [Fact]
    public async Task Stored_responses_hold_no_secret_or_candidate_link_in_clear()
    {
        var (tenant, jobId) = await SetUpAsync();
        var scheduled = await (await Post(tenant.Client, SchedulePath, ScheduleBody(jobId), "secret-1")).Json(HttpStatusCode.Created);
        var link = scheduled["interview_url"]!.GetValue<string>();
        var endpoint = await (await Post(tenant.Client, "/api/v1/webhooks/endpoints", EndpointBody, "secret-2"))
            .Json(HttpStatusCode.Created);
        var rotatePath = $"/api/v1/webhooks/endpoints/{endpoint["id"]}/rotate-secret";
        var rotated = await (await Post(tenant.Client, rotatePath, "{}", "secret-3")).Json();
        var apiKey = await (await Post(tenant.Client, "/api/v1/api-keys", JsonBody(new { name = "ci", scopes = new[] { "interviews:read" } }), "secret-4"))
            .Json(HttpStatusCode.Created);
        string[] secrets = [link, link[(link.LastIndexOf('/') + 1)..], endpoint["secret"]!.GetValue<string>(), rotated["secret"]!.GetValue<string>(), apiKey["key"]!.GetValue<string>()];

        var rows = await app.WithDbAsync(tenant.OrganizationId, db => db.Database.SqlQuery<string>($"""
            SELECT request_fingerprint || ' ' || response_headers::text || ' ' || response_body_ciphertext AS "Value" FROM idempotency_keys
            WHERE api_key_id IN (SELECT id FROM api_keys WHERE organization_id = {tenant.OrganizationId})
            """).ToListAsync());
        rows.Count.ShouldBe(4);
        foreach (var row in rows)
        {
            row.ShouldContain(" v1:", customMessage: "bodies are stored encrypted");
            foreach (var secret in secrets.Append("whsec_").Append("cnd_").Append("/i/"))
            {
                row.ShouldNotContain(secret, Case.Sensitive);
            }
        }

        // What a replay gives back: the candidate's link (no other way to get it), but never a credential a second time.
        (await (await Post(tenant.Client, SchedulePath, ScheduleBody(jobId), "secret-1")).Json(HttpStatusCode.Created))["interview_url"]!.GetValue<string>()
            .ShouldBe(link);
        var endpointReplay = await (await Post(tenant.Client, "/api/v1/webhooks/endpoints", EndpointBody, "secret-2"))
            .Json(HttpStatusCode.Created);
        endpointReplay["id"]!.GetValue<string>().ShouldBe(endpoint["id"]!.GetValue<string>());
        endpointReplay["secret"].ShouldBeNull();
        var rotateReplay = await Post(tenant.Client, rotatePath, "{}", "secret-3");
        rotateReplay.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
        (await rotateReplay.Json())["secret"].ShouldBeNull();
    }

    [Fact]
    public async Task Ten_concurrent_identical_posts_schedule_exactly_one_interview()
    {
        var (tenant, jobId) = await SetUpAsync();
        var body = ScheduleBody(jobId);
        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => Post(tenant.Client, SchedulePath, body, "burst")));

        (await CountInterviewsAsync(tenant)).ShouldBe(1);
        var created = responses.Where(r => r.StatusCode == HttpStatusCode.Created).ToList();
        created.ShouldNotBeEmpty();
        responses.Where(r => r.StatusCode != HttpStatusCode.Created).ShouldAllBe(r => r.StatusCode == HttpStatusCode.Conflict);
        var ids = await Task.WhenAll(created.Select(async r => JsonNode.Parse(await r.Content.ReadAsStringAsync())!["interview_id"]!.GetValue<Guid>()));
        ids.Distinct().Count().ShouldBe(1);
        created.Count(r => !r.Headers.Contains("Idempotent-Replayed")).ShouldBe(1);
    }

    [Fact]
    public async Task Keys_belong_to_one_api_key_and_expired_keys_can_be_reused()
    {
        var (tenant, jobId) = await SetUpAsync();
        var second = await (await tenant.Client.PostJson("/api/v1/api-keys", new { name = "second", scopes = ApiKeySecrets.AllScopes }))
            .Json(HttpStatusCode.Created);
        var secondClient = app.WithBearer(second["key"]!.GetValue<string>());

        var first = await Post(tenant.Client, SchedulePath, ScheduleBody(jobId), "shared-key");
        // Another candidate: the same one again would be a duplicate (409) whatever the key.
        var other = await Post(secondClient, SchedulePath, ScheduleBody(jobId, "grace@example.com"), "shared-key");
        other.StatusCode.ShouldBe(HttpStatusCode.Created);
        other.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        (await InterviewIdOf(other)).ShouldNotBe(await InterviewIdOf(first));
        (await CountInterviewsAsync(tenant)).ShouldBe(2);

        // A day later the key is free again, even with another body, even before the cleanup runs.
        await app.WithDbAsync(tenant.OrganizationId, db => db.Database.ExecuteSqlAsync(
            $"UPDATE idempotency_keys SET expires_at = now() - interval '1 second' WHERE key = 'shared-key'"));
        var reused = await Post(tenant.Client, SchedulePath, ScheduleBody(jobId, "later@example.com"), "shared-key");
        reused.StatusCode.ShouldBe(HttpStatusCode.Created);
        reused.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        (await CountInterviewsAsync(tenant)).ShouldBe(3);
    }

    [Fact]
    public async Task Client_errors_are_stored_and_replayed_too()
    {
        var (tenant, _) = await SetUpAsync();
        var missingJob = JsonBody(new { job_id = Guid.NewGuid(), candidate = new { name = "Ada", email = "ada@example.com" } });
        var first = await (await Post(tenant.Client, SchedulePath, missingJob, "bad-1")).Problem(HttpStatusCode.NotFound);
        var replay = await Post(tenant.Client, SchedulePath, missingJob, "bad-1");
        (await replay.Problem(HttpStatusCode.NotFound))["detail"]!.GetValue<string>().ShouldBe(first["detail"]!.GetValue<string>());
        replay.Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);

        var invalid = await (await Post(tenant.Client, SchedulePath, "{}", "bad-2")).Problem(HttpStatusCode.BadRequest);
        invalid["errors"]!.AsObject().ContainsKey("job_id").ShouldBeTrue();
        (await Post(tenant.Client, SchedulePath, "{}", "bad-2")).Headers.GetValues("Idempotent-Replayed").ShouldBe(["true"]);
    }

    [Fact]
    public async Task Keys_longer_than_255_characters_are_400()
    {
        var (tenant, jobId) = await SetUpAsync();
        var tooLong = await (await Post(tenant.Client, SchedulePath, ScheduleBody(jobId), new string('k', 256))).Problem(HttpStatusCode.BadRequest);
        tooLong["code"]!.GetValue<string>().ShouldBe("invalid_idempotency_key");
        (await CountInterviewsAsync(tenant)).ShouldBe(0);
        (await Post(tenant.Client, SchedulePath, ScheduleBody(jobId), new string('k', 255))).StatusCode.ShouldBe(HttpStatusCode.Created);
        // The draft's structured-field form ("…") names the same key as the bare form.
        (await Post(tenant.Client, SchedulePath, ScheduleBody(jobId), $"\"{new string('k', 255)}\"")).Headers.Contains("Idempotent-Replayed").ShouldBeTrue();
    }

    [Fact]
    public async Task A_replayed_new_api_key_never_reveals_the_secret_again()
    {
        var tenant = await app.CreateTenantAsync();
        var body = JsonBody(new { name = "ci", scopes = new[] { "interviews:read" } });
        var first = await (await Post(tenant.Client, "/api/v1/api-keys", body, "key-1")).Json(HttpStatusCode.Created);
        first["key"]!.GetValue<string>().ShouldStartWith("cnd_");

        var replay = await Post(tenant.Client, "/api/v1/api-keys", body, "key-1");
        var replayed = await replay.Json(HttpStatusCode.Created);
        replay.Headers.Contains("Idempotent-Replayed").ShouldBeTrue();
        replayed["id"]!.GetValue<Guid>().ShouldBe(first["id"]!.GetValue<Guid>());
        replayed["key"].ShouldBeNull();
        (await tenant.Client.GetJson("/api/v1/api-keys"))["total"]!.GetValue<int>().ShouldBe(2);
    }

    [Fact]
    public async Task Candidate_session_posts_ignore_the_header()
    {
        var (tenant, _) = await SetUpAsync();
        var interview = await new InterviewDriver(app, tenant).ScheduleNewAsync();
        var candidate = app.Candidate();
        for (var i = 0; i < 2; i++)
        {
            var response = await Post(candidate, $"/api/v1/sessions/{interview.Token}/start", "{}", "candidate");
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            response.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
        }
    }

    private async Task<(Tenant Tenant, Guid JobId)> SetUpAsync()
    {
        var tenant = await app.CreateTenantAsync();
        var job = await new InterviewDriver(app, tenant).CreateJobAsync();
        return (tenant, Guid.Parse(job["id"]!.GetValue<string>()));
    }

    private static string ScheduleBody(Guid jobId, string email = "ada@example.com") =>
        JsonBody(new { job_id = jobId, candidate = new { name = "Ada Lovelace", email } });

    // Subscribed to an event no test here causes: nothing is ever sent to the address.
    private static readonly string EndpointBody = JsonBody(new { url = "https://93.184.215.14/candor", event_types = new[] { "interview.report_ready" } });

    private static string JsonBody(object body) => System.Text.Json.JsonSerializer.Serialize(body);

    private static Task<HttpResponseMessage> Post(HttpClient client, string path, string json, string idempotencyKey)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        return client.SendAsync(request);
    }

    private static async Task<Guid> InterviewIdOf(HttpResponseMessage response) =>
        (await response.Json(HttpStatusCode.Created))["interview_id"]!.GetValue<Guid>();

    private Task<int> CountInterviewsAsync(Tenant tenant) => app.WithDbAsync(tenant.OrganizationId, db => db.Interviews.CountAsync());
}
