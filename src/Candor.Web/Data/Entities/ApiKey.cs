namespace Candor.Web.Data.Entities;

/// <summary>An organisation API key. Only its SHA-256 hash is stored; the prefix is shown for recognition.</summary>
public sealed class ApiKey : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public required string Name { get; set; }
    public required string Prefix { get; set; }
    public required string KeyHash { get; set; }
    public List<string> Scopes { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastUsedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    /// <summary>When a rotated key stops working (end of its grace period).</summary>
    public DateTimeOffset? ExpiresAt { get; set; }

    /// <summary>The key this one was rotated to; a key is rotated at most once.</summary>
    public Guid? ReplacedById { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && (ExpiresAt is null || ExpiresAt > now);
}
