using System.Text.Json;
using Candor.Web.Data;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Webhooks;

/// <summary>Messages (one per event and endpoint): what is waiting, what failed for good, and replay once the receiver is fixed.</summary>
public static class WebhookMessagesApi
{
    public static RouteGroupBuilder MapWebhookMessagesApi(this RouteGroupBuilder webhooks)
    {
        var messages = webhooks.MapGroup("/messages");
        messages.MapGet("/", List);
        messages.MapGet("/{id:guid}", Get);
        messages.MapPost("/{id:guid}/replay", Replay);
        messages.MapPost("/replay", ReplayFailed);
        return webhooks;
    }

    /// <summary>status: failed, pending (includes messages being sent right now) or delivered.</summary>
    private static async Task<Ok<PagedList<WebhookMessageResponse>>> List(
        CandorDbContext db, string? status, [FromQuery(Name = "endpoint_id")] Guid? endpointId, int? page,
        [FromQuery(Name = "page_size")] int? pageSize, CancellationToken cancellationToken)
    {
        var paging = Paging.From(page, pageSize);
        var query = db.WebhookMessages.AsNoTracking();
        switch (status)
        {
            case null or "":
                break;
            case "pending":
                query = query.Where(m => m.Status == WebhookMessageStatus.Pending || m.Status == WebhookMessageStatus.Sending);
                break;
            case "failed":
                query = query.Where(m => m.Status == WebhookMessageStatus.Failed);
                break;
            case "delivered":
                query = query.Where(m => m.Status == WebhookMessageStatus.Delivered);
                break;
            default:
                new FieldErrors().Add("status", "The field 'status' must be one of: failed, pending, delivered.").ThrowIfAny();
                break;
        }
        if (endpointId is { } endpoint)
        {
            query = query.Where(m => m.EndpointId == endpoint);
        }
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(m => m.CreatedAt).ThenByDescending(m => m.Id)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<WebhookMessageResponse>(items.Select(m => WebhookMessageResponse.From(m)).ToList(), paging.Number, paging.Size, total));
    }

    /// <summary>One message with the exact body the receiver gets.</summary>
    private static async Task<Ok<WebhookMessageResponse>> Get(Guid id, CandorDbContext db, CancellationToken cancellationToken)
    {
        var message = await db.WebhookMessages.AsNoTracking().Include(m => m.Event).FirstOrDefaultAsync(m => m.Id == id, cancellationToken)
            ?? throw ApiProblemException.NotFound($"Webhook message {id}");
        using var payload = JsonDocument.Parse(message.Event!.Payload);
        return TypedResults.Ok(WebhookMessageResponse.From(message, payload.RootElement.Clone()));
    }

    /// <summary>Sends a failed (or already delivered) message again, now, with the same webhook-id and a fresh set of attempts.</summary>
    private static async Task<Accepted<WebhookMessageResponse>> Replay(Guid id, CandorDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var message = await db.WebhookMessages.AsTracking().FirstOrDefaultAsync(m => m.Id == id, cancellationToken)
            ?? throw ApiProblemException.NotFound($"Webhook message {id}");
        if (message.Status is WebhookMessageStatus.Pending or WebhookMessageStatus.Sending)
        {
            throw ApiProblemException.Conflict("This message is still being delivered; it will be retried on its own.", "wrong_state");
        }
        var endpoint = await db.WebhookEndpoints.AsNoTracking().FirstAsync(e => e.Id == message.EndpointId, cancellationToken);
        if (!endpoint.Enabled)
        {
            throw ApiProblemException.Conflict("The message's endpoint is disabled; enable it (PATCH enabled=true) before replaying.", "endpoint_disabled");
        }
        var now = clock.GetUtcNow();
        message.Status = WebhookMessageStatus.Pending;
        message.Attempts = 0;
        message.NextAttemptAt = now;
        message.UpdatedAt = now;
        await db.SaveChangesAsync(cancellationToken);
        await WakeWorkersAsync(db, cancellationToken);
        return TypedResults.Accepted($"/api/v1/webhooks/messages/{id}", WebhookMessageResponse.From(message));
    }

    /// <summary>Replays every failed message of the organisation's enabled endpoints (or of one endpoint).</summary>
    private static async Task<Ok<BulkReplayResponse>> ReplayFailed([FromBody] BulkReplayRequest? request, CandorDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var endpoints = db.WebhookEndpoints.Where(e => e.Enabled);
        if (request?.EndpointId is { } endpointId)
        {
            if (!await db.WebhookEndpoints.AnyAsync(e => e.Id == endpointId, cancellationToken))
            {
                throw ApiProblemException.NotFound($"Webhook endpoint {endpointId}");
            }
            endpoints = endpoints.Where(e => e.Id == endpointId);
        }
        var now = clock.GetUtcNow();
        var replayed = await db.WebhookMessages
            .Where(m => m.Status == WebhookMessageStatus.Failed && endpoints.Any(e => e.Id == m.EndpointId))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, WebhookMessageStatus.Pending)
                .SetProperty(m => m.Attempts, 0)
                .SetProperty(m => m.NextAttemptAt, now)
                .SetProperty(m => m.UpdatedAt, now), cancellationToken);
        if (replayed > 0)
        {
            await WakeWorkersAsync(db, cancellationToken);
        }
        return TypedResults.Ok(new BulkReplayResponse(replayed));
    }

    private static Task WakeWorkersAsync(CandorDbContext db, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlRawAsync("SELECT pg_notify('" + WebhookDeliveryWorker.Channel + "', 'replay')", cancellationToken);
}
