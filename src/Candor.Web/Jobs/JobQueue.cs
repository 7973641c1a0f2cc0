using System.Text.Json;
using Candor.Web.Data;
using Candor.Web.Data.Entities;

namespace Candor.Web.Jobs;

/// <summary>A unit of background work. Kind names the handler; handlers must be safe to run twice.</summary>
public interface IJobHandler
{
    Task HandleAsync(JsonElement payload, CancellationToken cancellationToken);
}

/// <summary>
/// Thrown by a handler when trying again cannot help (the other side refused for good, e.g. an HTTP 401 or 404):
/// the job is parked as dead at once, with this message as its error, rather than retried to the last attempt.
/// A dead job stays visible and replayable once the cause is fixed.
/// </summary>
public sealed class PermanentJobFailureException(string message, Exception? innerException = null) : Exception(message, innerException);

public sealed class JobQueueOptions
{
    /// <summary>Jobs a node runs at the same time.</summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>How long a claimed job is ours; after that another worker may take it. A backstop: a dead node's jobs are normally taken over after <see cref="NodeTimeout"/>.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// This node's name, the same across its restarts, so a restarted node takes back its own unfinished work at
    /// once. Default: the machine name. Processes sharing one database on one machine need one each.
    /// </summary>
    public string? NodeId { get; set; }

    /// <summary>How often a running node records that it is alive.</summary>
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A node whose last heartbeat is older than this is dead: other nodes take over its jobs and webhook deliveries.</summary>
    public TimeSpan NodeTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Polling fallback when no NOTIFY arrives (e.g. for retries that become due later).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(2);

    public int DefaultMaxAttempts { get; set; } = 5;

    /// <summary>First retry delay; doubles per attempt, with full jitter.</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Finished jobs are kept this long for inspection, then deleted. Dead jobs are kept until replayed.</summary>
    public TimeSpan KeepSucceededFor { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Tests turn the worker off to drive the queue by hand.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Named queues by name (e.g. "ai.review-code"); features register theirs, configuration may override.</summary>
    public Dictionary<string, JobQueueDefinition> Queues { get; set; } = new(StringComparer.Ordinal);
}

/// <summary>
/// A named queue: how many of its jobs one node runs at once, how long a claimed job may stall before another
/// worker takes it, and a fixed exponential backoff (no jitter: the contract names the delays).
/// </summary>
public sealed class JobQueueDefinition
{
    public int Concurrency { get; set; } = 3;

    /// <summary>The stall lease: a job silent this long is claimed again.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The first try plus the retries.</summary>
    public int MaxAttempts { get; set; } = 4;

    /// <summary>Delay before the first retry; doubles for each next one (5 s, 10 s, 20 s).</summary>
    public TimeSpan BaseRetryDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan RetryDelay(int attempt) => BaseRetryDelay * Math.Pow(2, Math.Max(0, attempt - 1));
}

public static class JobQueueExtensions
{
    /// <summary>
    /// Adds a job to the unit of work, so it commits (and wakes the workers) in the same transaction
    /// as the state change that caused it, or not at all.
    /// </summary>
    public static BackgroundJob EnqueueJob(this CandorDbContext db, string kind, object payload, Guid? organizationId,
        int maxAttempts = 5, DateTimeOffset? runAt = null)
    {
        var now = DateTimeOffset.UtcNow;
        var job = new BackgroundJob
        {
            Kind = kind,
            Payload = JsonSerializer.SerializeToDocument(payload, CandorJson.Options),
            OrganizationId = organizationId,
            Status = BackgroundJobStatus.Pending,
            MaxAttempts = maxAttempts,
            RunAt = runAt ?? now,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.BackgroundJobs.Add(job);
        return job;
    }
}
