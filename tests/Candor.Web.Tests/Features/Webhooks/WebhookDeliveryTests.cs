using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Features.Interviews;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Features.Webhooks;

/// <summary>Events reach the receiver signed per Standard Webhooks, through failures, retries, 410s, redirects and rotation.</summary>
public sealed class WebhookDeliveryTests(WebhookApp app) : IClassFixture<WebhookApp>
{
    private const string GoodAnswer = "I would measure first, then change one thing at a time; for example adding a cache with a 60 second TTL cut p99 from 900 ms to 150 ms.";

    [Fact]
    public async Task Every_interview_event_arrives_once_signed_and_verifiable_by_the_reference_library()
    {
        await using var everything = await WebhookReceiver.StartAsync();
        await using var reportsOnly = await WebhookReceiver.StartAsync();
        var tenant = await app.CreateTenantAsync();
        var (_, secret) = await tenant.CreateEndpointAsync(everything.Url);
        await tenant.CreateEndpointAsync(reportsOnly.Url, "interview.report_ready");
        var driver = new InterviewDriver(app, tenant);
        var job = await driver.CreateJobAsync();
        var jobId = Guid.Parse(job["id"]!.GetValue<string>());

        var completed = await driver.ScheduleAsync(jobId, externalId: "ats-candidate-42");
        await driver.CompleteAsync(completed.Token, _ => GoodAnswer);
        await driver.WaitForResultsAsync(completed.InterviewId);
        var cancelled = await driver.ScheduleAsync(jobId);
        (await tenant.Client.PostJson($"/api/v1/interviews/{cancelled.InterviewId}/cancel")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var expired = await driver.ScheduleAsync(jobId);
        await app.WithDbAsync(tenant.OrganizationId, db => db.Interviews.Where(i => i.Id == expired.InterviewId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddMinutes(-1))));
        await app.Services.GetRequiredService<InterviewSweeper>().SweepAsync(CancellationToken.None);

        var received = await everything.WaitForMessagesAsync(8);
        var events = received.Select(r => (r.Type, Interview: r.Data["interview_id"]!.GetValue<string>())).ToList();
        events.ShouldBe([
            ("interview.scheduled", completed.InterviewId.ToString()),
            ("interview.started", completed.InterviewId.ToString()),
            ("interview.completed", completed.InterviewId.ToString()),
            ("interview.report_ready", completed.InterviewId.ToString()),
            ("interview.scheduled", cancelled.InterviewId.ToString()),
            ("interview.cancelled", cancelled.InterviewId.ToString()),
            ("interview.scheduled", expired.InterviewId.ToString()),
            ("interview.expired", expired.InterviewId.ToString()),
        ], ignoreOrder: true);
        received.Select(r => r.Id).Distinct().Count().ShouldBe(received.Count, "each event was delivered once, with its own webhook-id");

        foreach (var webhook in received)
        {
            (await StandardWebhooksVerifier.VerifyAsync(secret, webhook)).ShouldBeNull($"{webhook.Type} should verify");
            webhook.Headers["content-type"].ShouldBe("application/json");
            webhook.Headers["user-agent"].ShouldBe("Candor-Webhooks/1");
            webhook.Signature.ShouldStartWith("v1,");
            webhook.Payload["schema_version"]!.GetValue<string>().ShouldBe("2026-11-01");
            DateTimeOffset.Parse(webhook.Payload["timestamp"]!.GetValue<string>()).ShouldBeLessThanOrEqualTo(webhook.ReceivedAt);
            webhook.Data["job_id"]!.GetValue<string>().ShouldBe(jobId.ToString());
            webhook.Data["candidate_id"]!.GetValue<string>().ShouldBe(webhook.Data["interview_id"]!.GetValue<string>());
        }
        (await StandardWebhooksVerifier.VerifyAsync("whsec_" + Convert.ToBase64String(new byte[32]), received[0])).ShouldNotBeNull("a wrong secret must not verify");

        var scheduled = received.First(r => r.Type == "interview.scheduled" && r.Data["interview_id"]!.GetValue<string>() == completed.InterviewId.ToString());
        scheduled.Data["external_id"]!.GetValue<string>().ShouldBe("ats-candidate-42");
        scheduled.Data["status"]!.GetValue<string>().ShouldBe("scheduled");
        received.Single(r => r.Type == "interview.completed").Data["status"]!.GetValue<string>().ShouldBe("completed");
        received.Single(r => r.Type == "interview.cancelled").Data["status"]!.GetValue<string>().ShouldBe("cancelled");
        received.Single(r => r.Type == "interview.expired").Data["status"]!.GetValue<string>().ShouldBe("expired");

        AssertReport(received.Single(r => r.Type == "interview.report_ready").Data);
        var onlyReports = await reportsOnly.WaitForMessagesAsync(1);
        onlyReports.Single().Type.ShouldBe("interview.report_ready");
    }

    private static void AssertReport(JsonNode data)
    {
        var scores = data["scores"]!;
        scores["overall"]!.GetValue<int>().ShouldBeInRange(0, 100);
        scores["technical"]!.GetValue<int>().ShouldBeInRange(0, 100);
        scores["communication"]!.GetValue<int>().ShouldBeInRange(0, 100);
        scores.AsObject().ContainsKey("behavioural").ShouldBeTrue();
        data["recommendation"]!.GetValue<string>().ShouldBeOneOf("strong_hire", "hire", "lean_no", "no_hire", "insufficient_evidence");
        data["audio_urls"]!.AsArray().ShouldBeEmpty();
        var transcript = data["transcript"]!.AsArray();
        transcript.Count.ShouldBeGreaterThan(2);
        var answered = transcript.Where(t => t!["kind"]!.GetValue<string>() is "question" or "follow_up" && t["answer"] is not null).ToList();
        answered.ShouldNotBeEmpty();
        answered.ShouldAllBe(t => t!["score"] != null && t["feedback"] != null && t["question"] != null);
        var questions = data["questions"]!.AsArray();
        questions.ShouldNotBeEmpty();
        questions.Where(q => q!["asked"]!.GetValue<bool>()).ShouldAllBe(q => q!["score"] != null);
    }

    [Fact]
    public async Task Failures_are_retried_with_the_same_webhook_id_until_delivered_and_every_attempt_is_logged()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Script(
            ReceiverReply.Status(500, new string('x', 5000)),
            ReceiverReply.Hang,
            ReceiverReply.TooManyRequests("1"));
        var tenant = await app.CreateTenantAsync();
        var (endpointId, secret) = await tenant.CreateEndpointAsync(receiver.Url);
        await new InterviewDriver(app, tenant).ScheduleNewAsync();

        var messages = await tenant.WaitForMessagesAsync(endpointId, m => m.AllIn("delivered", 1), "delivery after three failures");
        var received = receiver.Received;
        received.Count.ShouldBe(4);
        received.Select(r => r.Id).Distinct().ShouldBe([messages[0]!["id"]!.GetValue<string>()]);
        received.Select(r => r.Body).Distinct().Count().ShouldBe(1, "every retry carries the same body");
        foreach (var attempt in received)
        {
            (await StandardWebhooksVerifier.VerifyAsync(secret, attempt)).ShouldBeNull();
        }
        messages[0]!["attempts"]!.GetValue<int>().ShouldBe(4);

        var log = (await tenant.Client.GetJson($"/api/v1/webhooks/endpoints/{endpointId}/deliveries"))["items"]!.AsArray()
            .OrderBy(a => a!["attempt"]!.GetValue<int>()).ToList();
        log.Select(a => a!["status_code"]?.GetValue<int>()).ShouldBe([500, null, 429, 204]);
        log.Select(a => a!["succeeded"]!.GetValue<bool>()).ShouldBe([false, false, false, true]);
        log[0]!["response_excerpt"]!.GetValue<string>().Length.ShouldBe(1024, "the response excerpt is capped at 1 KB");
        log[1]!["error"]!.GetValue<string>().ShouldContain("Timed out");
        log.ShouldAllBe(a => a!["latency_ms"]!.GetValue<int>() >= 0);
    }

    [Fact]
    public async Task A_410_disables_the_endpoint_with_the_reason_and_fails_its_waiting_messages()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        // Scheduled events wait on Retry-After; the cancellation then answers 410 Gone.
        receiver.Default = hook => hook.Type == "interview.cancelled" ? ReceiverReply.Gone : ReceiverReply.TooManyRequests("1");
        var tenant = await app.CreateTenantAsync();
        var (endpointId, _) = await tenant.CreateEndpointAsync(receiver.Url);
        var interview = await new InterviewDriver(app, tenant).ScheduleNewAsync();
        await receiver.WaitForAsync(r => r.Any(w => w.Type == "interview.scheduled"), "the scheduled event");
        await tenant.Client.PostJson($"/api/v1/interviews/{interview.InterviewId}/cancel");

        var messages = await tenant.WaitForMessagesAsync(endpointId, m => m.AllIn("failed", 2), "both messages failed");
        messages.Single(m => m!["event_type"]!.GetValue<string>() == "interview.cancelled")!["last_status_code"]!.GetValue<int>().ShouldBe(410);
        messages.Single(m => m!["event_type"]!.GetValue<string>() == "interview.scheduled")!["last_error"]!.GetValue<string>().ShouldContain("410 Gone");
        var endpoint = await tenant.Client.GetJson($"/api/v1/webhooks/endpoints/{endpointId}");
        endpoint["enabled"]!.GetValue<bool>().ShouldBeFalse();
        endpoint["disabled_reason"]!.GetValue<string>().ShouldContain("410 Gone");
        endpoint["disabled_at"].ShouldNotBeNull();

        var replay = await tenant.Client.PostJson($"/api/v1/webhooks/messages/{messages[0]!["id"]!.GetValue<string>()}/replay");
        (await replay.Problem(HttpStatusCode.Conflict))["code"]!.GetValue<string>().ShouldBe("endpoint_disabled");
    }

    [Fact]
    public async Task Redirects_are_not_followed_and_the_message_fails_after_its_last_attempt_then_replays_one_by_one_and_in_bulk()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Default = _ => ReceiverReply.Redirect;
        var tenant = await app.CreateTenantAsync();
        var (endpointId, _) = await tenant.CreateEndpointAsync(receiver.Url);
        var driver = new InterviewDriver(app, tenant);
        await driver.ScheduleNewAsync();

        var failed = await tenant.WaitForMessagesAsync(endpointId, m => m.AllIn("failed", 1), "the redirected message to fail");
        failed[0]!["attempts"]!.GetValue<int>().ShouldBe(WebhookTestSettings.MaxAttempts);
        failed[0]!["last_status_code"]!.GetValue<int>().ShouldBe(302);
        receiver.RedirectTargetHits.ShouldBe(0, "redirects must not be followed");
        receiver.Received.Count.ShouldBe(WebhookTestSettings.MaxAttempts);
        var log = (await tenant.Client.GetJson($"/api/v1/webhooks/endpoints/{endpointId}/deliveries?page_size=100"))["items"]!.AsArray();
        log.Count.ShouldBe(WebhookTestSettings.MaxAttempts);
        log.ShouldAllBe(a => a!["error"]!.GetValue<string>().Contains("Redirect"));
        var listed = (await tenant.Client.GetJson("/api/v1/webhooks/messages?status=failed"))["items"]!.AsArray();
        listed.Single()!["id"]!.GetValue<string>().ShouldBe(failed[0]!["id"]!.GetValue<string>());

        // Fixed: replay the one message; it is re-sent with the same webhook-id.
        receiver.Default = _ => ReceiverReply.Status(200);
        var messageId = failed[0]!["id"]!.GetValue<string>();
        (await tenant.Client.PostJson($"/api/v1/webhooks/messages/{messageId}/replay")).StatusCode.ShouldBe(HttpStatusCode.Accepted);
        await tenant.WaitForMessagesAsync(endpointId, m => m.AllIn("delivered", 1), "the replayed message to be delivered");
        receiver.Received[^1].Id.ShouldBe(messageId);
        (await tenant.Client.GetJson($"/api/v1/webhooks/messages/{messageId}"))["payload"]!["type"]!.GetValue<string>().ShouldBe("interview.scheduled");

        // Broken again for two more events, then fixed: a bulk replay sends every failed message.
        receiver.Default = _ => ReceiverReply.Status(500);
        await driver.ScheduleNewAsync();
        await driver.ScheduleNewAsync();
        await tenant.WaitForMessagesAsync(endpointId, m => m.Count(x => x!["status"]!.GetValue<string>() == "failed") == 2, "two failed messages");
        receiver.Default = _ => ReceiverReply.Status(204);
        var bulk = await (await tenant.Client.PostJson("/api/v1/webhooks/messages/replay", new { endpoint_id = endpointId })).Json();
        bulk["replayed"]!.GetValue<int>().ShouldBe(2);
        await tenant.WaitForMessagesAsync(endpointId, m => m.AllIn("delivered", 3), "all three delivered");
        (await (await tenant.Client.PostJson("/api/v1/webhooks/messages/replay")).Json())["replayed"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task During_a_rotation_both_signatures_are_sent_and_each_secret_verifies()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await app.CreateTenantAsync();
        var (endpointId, oldSecret) = await tenant.CreateEndpointAsync(receiver.Url);
        var driver = new InterviewDriver(app, tenant);

        var rotated = await (await tenant.Client.PostJson($"/api/v1/webhooks/endpoints/{endpointId}/rotate-secret")).Json();
        var newSecret = rotated["secret"]!.GetValue<string>();
        newSecret.ShouldStartWith("whsec_");
        newSecret.ShouldNotBe(oldSecret);
        DateTimeOffset.Parse(rotated["previous_secret_expires_at"]!.GetValue<string>()).ShouldBeGreaterThan(DateTimeOffset.UtcNow.AddHours(23));

        await driver.ScheduleNewAsync();
        var during = (await receiver.WaitForMessagesAsync(1))[0];
        var signatures = during.Signature.Split(' ');
        signatures.Length.ShouldBe(2);
        signatures.ShouldAllBe(s => s.StartsWith("v1,"));
        (await StandardWebhooksVerifier.VerifyAsync(newSecret, during)).ShouldBeNull("the new secret verifies");
        (await StandardWebhooksVerifier.VerifyAsync(oldSecret, during)).ShouldBeNull("the old secret still verifies during the overlap");

        // Rotating with no overlap drops the old secret at once.
        var final = (await (await tenant.Client.PostJson($"/api/v1/webhooks/endpoints/{endpointId}/rotate-secret", new { overlap_minutes = 0 })).Json())["secret"]!.GetValue<string>();
        await driver.ScheduleNewAsync();
        var after = (await receiver.WaitForMessagesAsync(2))[^1];
        after.Signature.Split(' ').Length.ShouldBe(1);
        (await StandardWebhooksVerifier.VerifyAsync(final, after)).ShouldBeNull();
        (await StandardWebhooksVerifier.VerifyAsync(newSecret, after)).ShouldNotBeNull();
    }
}
