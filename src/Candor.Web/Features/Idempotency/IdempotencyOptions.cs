namespace Candor.Web.Features.Idempotency;

/// <summary>Settings under "Candor:Idempotency".</summary>
public sealed class IdempotencyOptions
{
    public const string Section = "Candor:Idempotency";

    public const int MaxKeyLength = 255;

    /// <summary>How long a stored result is replayed; after that the key may be reused for a new request.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>How often expired keys are deleted.</summary>
    public TimeSpan CleanupInterval { get; set; } = TimeSpan.FromMinutes(10);
}

/// <summary>
/// Endpoint metadata: the stored copy of this endpoint's JSON response has <see cref="Field"/> set to
/// null, so a credential shown once (a new API key, a webhook signing secret) is never kept, even encrypted,
/// and a replay does not hand it out a second time.
/// </summary>
public sealed record IdempotentReplayRedacts(string Field);
