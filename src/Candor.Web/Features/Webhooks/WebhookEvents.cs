using System.Text.Json;
using Candor.Web.Data;
using Npgsql;
using NpgsqlTypes;

namespace Candor.Web.Features.Webhooks;

/// <summary>The event types an endpoint can subscribe to.</summary>
public static class WebhookEventTypes
{
    public const string InterviewScheduled = "interview.scheduled";
    public const string InterviewStarted = "interview.started";
    public const string InterviewCompleted = "interview.completed";
    public const string InterviewReportReady = "interview.report_ready";
    public const string InterviewCancelled = "interview.cancelled";
    public const string InterviewExpired = "interview.expired";

    public static readonly IReadOnlyList<string> All =
        [InterviewScheduled, InterviewStarted, InterviewCompleted, InterviewReportReady, InterviewCancelled, InterviewExpired];
}

/// <summary>
/// The body every webhook carries. <c>schema_version</c> changes only when a payload changes
/// incompatibly, so receivers can branch on it.
/// </summary>
public sealed record WebhookEventEnvelope(string Type, DateTime Timestamp, object Data, string SchemaVersion)
{
    public const string CurrentSchemaVersion = "2026-11-01";

    /// <summary>Serialises the body once; these exact bytes are signed and sent on every attempt to every endpoint.</summary>
    public static string Serialize(string type, object data, DateTimeOffset timestamp) =>
        JsonSerializer.Serialize(new WebhookEventEnvelope(type, timestamp.UtcDateTime, data, CurrentSchemaVersion), CandorJson.Options);
}

public static class OutboxExtensions
{
    /// <summary>
    /// Adds an event to the unit of work, so it commits in the same SaveChanges (and transaction)
    /// as the state change that caused it, or not at all. The delivery worker fans it out to the
    /// organisation's subscribed endpoints.
    /// </summary>
    public static OutboxEvent AddEvent(this CandorDbContext db, string type, object data, DateTimeOffset? at = null)
    {
        var organizationId = db.Tenant.OrganizationId
            ?? throw new InvalidOperationException($"An event ({type}) needs the organisation it belongs to; set the scope's tenant first.");
        var now = at ?? DateTimeOffset.UtcNow;
        var outboxEvent = new OutboxEvent
        {
            Id = Guid.CreateVersion7(now),
            OrganizationId = organizationId,
            Type = type,
            Payload = WebhookEventEnvelope.Serialize(type, data, now),
            CreatedAt = now,
        };
        db.OutboxEvents.Add(outboxEvent);
        return outboxEvent;
    }

    /// <summary>For raw-SQL paths (bulk updates): inserts events on the caller's connection and transaction.</summary>
    public static async Task InsertEventsAsync(NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyCollection<(Guid OrganizationId, string Type, object Data)> events, DateTimeOffset at, CancellationToken cancellationToken)
    {
        if (events.Count == 0)
        {
            return;
        }
        await using var command = new NpgsqlCommand("""
            INSERT INTO outbox_events (id, organization_id, type, payload, created_at)
            SELECT e.id, e.organization_id, e.type, e.payload, $5
              FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[]) AS e(id, organization_id, type, payload)
            """, connection, transaction);
        command.Parameters.AddWithValue(events.Select(_ => Guid.CreateVersion7(at)).ToArray());
        command.Parameters.AddWithValue(events.Select(e => e.OrganizationId).ToArray());
        command.Parameters.AddWithValue(events.Select(e => e.Type).ToArray());
        command.Parameters.AddWithValue(events.Select(e => WebhookEventEnvelope.Serialize(e.Type, e.Data, at)).ToArray());
        command.Parameters.Add(new NpgsqlParameter { Value = at, NpgsqlDbType = NpgsqlDbType.TimestampTz });
        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
