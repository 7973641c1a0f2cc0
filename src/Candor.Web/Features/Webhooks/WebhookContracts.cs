using System.Text.Json;
using System.Text.Json.Serialization;

namespace Candor.Web.Features.Webhooks;

/// <param name="EventTypes">Types to receive; empty or absent means all.</param>
public sealed record CreateWebhookEndpointRequest(string? Url, List<string>? EventTypes, string? Description, bool? Enabled);

/// <summary>Only the fields sent are changed.</summary>
public sealed record UpdateWebhookEndpointRequest(string? Url, List<string>? EventTypes, string? Description, bool? Enabled);

/// <param name="OverlapMinutes">How long the old secret keeps signing alongside the new one (default 1440, a day; 0 stops it at once).</param>
public sealed record RotateSecretRequest(int? OverlapMinutes);

public sealed record BulkReplayRequest(Guid? EndpointId);

public sealed record BulkReplayResponse(int Replayed);

/// <summary>An endpoint. <c>secret</c> is present only in the responses that create it (create, rotate): it is never shown again.</summary>
public sealed record WebhookEndpointResponse(
    Guid Id,
    string Url,
    string? Description,
    IReadOnlyList<string> EventTypes,
    bool Enabled,
    string? DisabledReason,
    DateTimeOffset? DisabledAt,
    DateTimeOffset? PreviousSecretExpiresAt,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Secret = null)
{
    public static WebhookEndpointResponse From(WebhookEndpoint e, string? secret = null) => new(
        e.Id, e.Url, e.Description, e.EventTypes, e.Enabled, e.DisabledReason, e.DisabledAt,
        e.PreviousSecretExpiresAt is { } expires && expires > DateTimeOffset.UtcNow ? expires : null,
        e.CreatedAt, e.UpdatedAt, secret);
}

/// <summary>One event for one endpoint; <c>id</c> is the <c>webhook-id</c> header the receiver saw.</summary>
public sealed record WebhookMessageResponse(
    Guid Id,
    Guid EndpointId,
    Guid EventId,
    string EventType,
    WebhookMessageStatus Status,
    int Attempts,
    DateTimeOffset? NextAttemptAt,
    int? LastStatusCode,
    string? LastError,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? DeliveredAt,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] JsonElement? Payload = null)
{
    public static WebhookMessageResponse From(WebhookMessage m, JsonElement? payload = null) => new(
        m.Id, m.EndpointId, m.EventId, m.EventType, m.Status, m.Attempts,
        m.Status is WebhookMessageStatus.Pending or WebhookMessageStatus.Sending ? m.NextAttemptAt : null,
        m.LastStatusCode, m.LastError, m.CreatedAt, m.UpdatedAt, m.DeliveredAt, payload);
}

/// <summary>One HTTP attempt in the delivery log.</summary>
public sealed record DeliveryAttemptResponse(
    long Id,
    Guid MessageId,
    int Attempt,
    DateTimeOffset AttemptedAt,
    bool Succeeded,
    int? StatusCode,
    int LatencyMs,
    string? ResponseExcerpt,
    string? Error)
{
    public static DeliveryAttemptResponse From(WebhookDeliveryAttempt a) =>
        new(a.Id, a.MessageId, a.Attempt, a.AttemptedAt, a.Succeeded, a.StatusCode, a.LatencyMs, a.ResponseExcerpt, a.Error);
}
