using Candor.Web.Data.Entities;

namespace Candor.Web.Features.ApiKeys;

public sealed record CreateApiKeyRequest(string? Name, List<string>? Scopes);

public sealed record RotateApiKeyRequest(int? GracePeriodMinutes);

/// <summary>A key as listed: never its secret, only the prefix that identifies it.</summary>
public sealed record ApiKeyResponse(
    Guid Id,
    string Name,
    string Prefix,
    IReadOnlyList<string> Scopes,
    DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt,
    DateTimeOffset? ExpiresAt,
    Guid? ReplacedById)
{
    public static ApiKeyResponse From(ApiKey key) =>
        new(key.Id, key.Name, key.Prefix, key.Scopes, key.CreatedAt, key.LastUsedAt, key.RevokedAt, key.ExpiresAt, key.ReplacedById);
}

/// <summary>
/// A new key with its full secret. This is the only time the secret is shown; an Idempotency-Key
/// replay of this response carries <c>key: null</c>: the secret is never stored, not even encrypted.
/// </summary>
public sealed record ApiKeySecretResponse(
    Guid Id,
    string Name,
    string Prefix,
    IReadOnlyList<string> Scopes,
    string? Key,
    DateTimeOffset CreatedAt,
    Guid? RotatedFromId,
    DateTimeOffset? RotatedFromExpiresAt);
