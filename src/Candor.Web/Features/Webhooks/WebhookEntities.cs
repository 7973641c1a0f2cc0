using Candor.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Webhooks;

/// <summary>A domain event, written in the same transaction as the state change that caused it.</summary>
public sealed class OutboxEvent : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public required string Type { get; set; }

    /// <summary>The exact JSON body every endpoint receives for this event.</summary>
    public required string Payload { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When the delivery worker fanned it out to the subscribed endpoints.</summary>
    public DateTimeOffset? DispatchedAt { get; set; }
}

/// <summary>Where an organisation wants its events. The signing secret is stored encrypted (see WebhookSecretProtector).</summary>
public sealed class WebhookEndpoint : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public required string Url { get; set; }
    public string? Description { get; set; }

    /// <summary>Event types this endpoint receives; empty means all of them.</summary>
    public List<string> EventTypes { get; set; } = [];
    public bool Enabled { get; set; } = true;
    public string? DisabledReason { get; set; }
    public DateTimeOffset? DisabledAt { get; set; }
    public required string SecretCiphertext { get; set; }

    /// <summary>The secret before the last rotation; still signed with until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecretCiphertext { get; set; }
    public DateTimeOffset? PreviousSecretExpiresAt { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public enum WebhookMessageStatus { Pending, Sending, Delivered, Failed }

/// <summary>One event for one endpoint. Its id is the <c>webhook-id</c> header, the same on every retry, so receivers can deduplicate.</summary>
public sealed class WebhookMessage : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid EndpointId { get; set; }
    public Guid EventId { get; set; }
    public required string EventType { get; set; }
    public WebhookMessageStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTimeOffset NextAttemptAt { get; set; }
    public string? LockedBy { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public int? LastStatusCode { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? DeliveredAt { get; set; }

    public OutboxEvent? Event { get; set; }
}

/// <summary>One HTTP attempt to deliver a message: the delivery log an integrator debugs with.</summary>
public sealed class WebhookDeliveryAttempt : ITenantOwned
{
    public long Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid MessageId { get; set; }
    public Guid EndpointId { get; set; }
    public int Attempt { get; set; }
    public DateTimeOffset AttemptedAt { get; set; }
    public int? StatusCode { get; set; }
    public int LatencyMs { get; set; }
    public string? ResponseExcerpt { get; set; }
    public string? Error { get; set; }
    public bool Succeeded { get; set; }
}

public static class WebhookModel
{
    /// <summary>Table mapping for the webhook entities; column names follow the context's snake_case convention.</summary>
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<OutboxEvent>().ToTable("outbox_events");
        modelBuilder.Entity<WebhookEndpoint>().ToTable("webhook_endpoints").Property(e => e.EventTypes).HasColumnType("text[]");
        var message = modelBuilder.Entity<WebhookMessage>().ToTable("webhook_messages");
        message.HasOne(m => m.Event).WithMany().HasForeignKey(m => m.EventId);
        message.HasOne<WebhookEndpoint>().WithMany().HasForeignKey(m => m.EndpointId);
        var attempt = modelBuilder.Entity<WebhookDeliveryAttempt>().ToTable("webhook_delivery_attempts");
        attempt.Property(a => a.Id).UseIdentityByDefaultColumn();
    }
}
