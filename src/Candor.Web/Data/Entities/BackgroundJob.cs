using System.Text.Json;

namespace Candor.Web.Data.Entities;

public enum BackgroundJobStatus { Pending, Running, Succeeded, Dead }

/// <summary>A row of the durable job queue. Written through EF so it commits with the state change that causes it.</summary>
public sealed class BackgroundJob
{
    public long Id { get; set; }
    public required string Kind { get; set; }
    public required JsonDocument Payload { get; set; }
    public Guid? OrganizationId { get; set; }
    public string? DedupeKey { get; set; }
    public BackgroundJobStatus Status { get; set; }
    public int Attempts { get; set; }
    public int MaxAttempts { get; set; } = 5;
    public DateTimeOffset RunAt { get; set; }
    public string? LockedBy { get; set; }
    public DateTimeOffset? LockedUntil { get; set; }
    public string? LastError { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}
