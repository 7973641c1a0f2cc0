using System.Security.Claims;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Idempotency;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.ApiKeys;

/// <summary>
/// Self-service key management for integrating platforms: create, list, rotate (with an optional
/// grace period so deployments can roll over) and revoke. A key can never mint or roll a key with
/// scopes it does not hold itself.
/// </summary>
public static class ApiKeysApi
{
    public const int MaxGracePeriodMinutes = 24 * 60;
    private const int MaxNameLength = 100;

    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder api)
    {
        var keys = api.MapGroup("/api-keys").WithTags("API keys").RequireScope(ApiKeySecrets.ManageScope);
        keys.MapPost("/", Create).WithMetadata(new IdempotentReplayRedacts("key"));
        keys.MapGet("/", List);
        keys.MapGet("/{id:guid}", Get);
        keys.MapPost("/{id:guid}/rotate", Rotate).WithMetadata(new IdempotentReplayRedacts("key"));
        keys.MapPost("/{id:guid}/revoke", Revoke);
        return api;
    }

    private static async Task<Created<ApiKeySecretResponse>> Create(
        CreateApiKeyRequest request, ClaimsPrincipal caller, CandorDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (errors, scopes) = CheckNew(request.Name, request.Scopes);
        errors.ThrowIfAny();
        RefuseEscalation(caller, scopes);

        var (key, secret) = await AddAsync(db, request.Name!, scopes, clock, cancellationToken);
        return TypedResults.Created($"/api/v1/api-keys/{key.Id}",
            new ApiKeySecretResponse(key.Id, key.Name, key.Prefix, key.Scopes, secret, key.CreatedAt, null, null));
    }

    private static async Task<Ok<PagedList<ApiKeyResponse>>> List(
        CandorDbContext db, int? page, [FromQuery(Name = "page_size")] int? pageSize, CancellationToken cancellationToken)
    {
        var paging = Paging.From(page, pageSize);
        var query = db.ApiKeys.AsNoTracking();
        var total = await query.CountAsync(cancellationToken);
        var keys = await query.OrderByDescending(k => k.CreatedAt).ThenBy(k => k.Id)
            .Skip(paging.Skip).Take(paging.Size).ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<ApiKeyResponse>(keys.Select(ApiKeyResponse.From).ToList(), paging.Number, paging.Size, total));
    }

    private static async Task<Ok<ApiKeyResponse>> Get(Guid id, CandorDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(ApiKeyResponse.From(
            await db.ApiKeys.AsNoTracking().FirstOrDefaultAsync(k => k.Id == id, cancellationToken)
            ?? throw ApiProblemException.NotFound($"API key {id}")));

    /// <summary>
    /// Issues a new secret with the same name and scopes. The old key stops at once, or at the end of
    /// the grace period, during which both work. Each key is rotated at most once, so two concurrent
    /// rotations can never leave two live successors.
    /// </summary>
    private static async Task<Created<ApiKeySecretResponse>> Rotate(
        Guid id, [FromBody] RotateApiKeyRequest? request, ClaimsPrincipal caller, CandorDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request?.GracePeriodMinutes is < 0 or > MaxGracePeriodMinutes)
        {
            new FieldErrors().Add("grace_period_minutes", $"The field 'grace_period_minutes' must be between 0 and {MaxGracePeriodMinutes}.").ThrowIfAny();
        }

        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        var old = await db.ApiKeys.FromSql($"SELECT * FROM api_keys WHERE id = {id} FOR UPDATE").FirstOrDefaultAsync(cancellationToken)
            ?? throw ApiProblemException.NotFound($"API key {id}");
        var now = Now(clock);
        if (old.ReplacedById is { } successor)
        {
            throw ApiProblemException.Conflict($"This key was already rotated to {successor}; rotate that key instead.", "api_key_already_rotated");
        }
        if (!old.IsActiveAt(now))
        {
            throw ApiProblemException.Conflict("This key is revoked or expired; create a new key instead.", "api_key_revoked");
        }
        RefuseEscalation(caller, old.Scopes);

        var (key, secret) = NewKey(old.Name, old.Scopes, now);
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken); // The successor must exist before the old key can point at it.
        old.ReplacedById = key.Id;
        var grace = request?.GracePeriodMinutes ?? 0;
        if (grace == 0)
        {
            old.RevokedAt = now;
        }
        else
        {
            old.ExpiresAt = now.AddMinutes(grace);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/api-keys/{key.Id}",
            new ApiKeySecretResponse(key.Id, key.Name, key.Prefix, key.Scopes, secret, key.CreatedAt, old.Id, old.RevokedAt ?? old.ExpiresAt));
    }

    private static async Task<Ok<ApiKeyResponse>> Revoke(Guid id, CandorDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(ApiKeyResponse.From(await RevokeAsync(db, id, clock, cancellationToken) ?? throw ApiProblemException.NotFound($"API key {id}")));

    // The pieces below are shared with the workspace's settings page (Features/Settings), so a key made or revoked
    // there follows exactly the API's rules.

    /// <summary>The validation a new key's name and scopes get; the scopes come back trimmed and de-duplicated.</summary>
    internal static (FieldErrors Errors, List<string> Scopes) CheckNew(string? name, IEnumerable<string?>? requestedScopes)
    {
        var errors = new FieldErrors().RequireText("name", name, MaxNameLength);
        var scopes = (requestedScopes ?? []).Select(s => s?.Trim() ?? "").Distinct(StringComparer.Ordinal).ToList();
        if (scopes.Count == 0)
        {
            errors.Add("scopes", "The field 'scopes' must list at least one scope.");
        }
        var unknown = scopes.Where(s => !ApiKeySecrets.AllScopes.Contains(s)).ToList();
        if (unknown.Count > 0)
        {
            errors.Add("scopes", $"Unknown scopes: {string.Join(", ", unknown.Select(s => $"'{s}'"))}. Known scopes: {string.Join(", ", ApiKeySecrets.AllScopes)}.");
        }
        return (errors, scopes);
    }

    /// <summary>Stores a new key (already checked with <see cref="CheckNew"/>) for the current tenant; the secret exists only in the result.</summary>
    internal static async Task<(ApiKey Key, string Secret)> AddAsync(CandorDbContext db, string name, List<string> scopes, TimeProvider clock, CancellationToken cancellationToken)
    {
        var (key, secret) = NewKey(name.Trim(), scopes, Now(clock));
        db.ApiKeys.Add(key);
        await db.SaveChangesAsync(cancellationToken);
        return (key, secret);
    }

    /// <summary>Revokes a key at once, including one in its grace period. Revoking twice is harmless. Null: no such key (for this tenant).</summary>
    internal static async Task<ApiKey?> RevokeAsync(CandorDbContext db, Guid id, TimeProvider clock, CancellationToken cancellationToken)
    {
        var key = await db.ApiKeys.FirstOrDefaultAsync(k => k.Id == id, cancellationToken);
        if (key is { RevokedAt: null })
        {
            key.RevokedAt = Now(clock);
            await db.SaveChangesAsync(cancellationToken);
        }
        return key;
    }

    /// <summary>Microsecond precision, as PostgreSQL stores it, so a timestamp reads the same in every later response.</summary>
    private static DateTimeOffset Now(TimeProvider clock)
    {
        var now = clock.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }

    private static (ApiKey Key, string Secret) NewKey(string name, List<string> scopes, DateTimeOffset now)
    {
        var secret = ApiKeySecrets.Generate();
        return (new ApiKey
        {
            Id = Guid.CreateVersion7(),
            Name = name,
            Prefix = ApiKeySecrets.PrefixOf(secret),
            KeyHash = ApiKeySecrets.Hash(secret),
            Scopes = [.. scopes],
            CreatedAt = now,
        }, secret);
    }

    /// <summary>Whoever holds the new secret holds its scopes, so a key may only hand out scopes it already has.</summary>
    private static void RefuseEscalation(ClaimsPrincipal caller, IEnumerable<string> scopes)
    {
        var held = caller.FindAll(ApiKeyAuthenticationHandler.ScopeClaim).Select(c => c.Value).ToHashSet(StringComparer.Ordinal);
        var missing = scopes.Where(s => !held.Contains(s)).ToList();
        if (missing.Count > 0)
        {
            throw new ApiProblemException(StatusCodes.Status403Forbidden, "Forbidden",
                $"This API key cannot grant scopes it does not hold: {string.Join(", ", missing)}.", "scope_escalation")
            {
                Extensions = { ["scopes"] = missing },
            };
        }
    }
}
