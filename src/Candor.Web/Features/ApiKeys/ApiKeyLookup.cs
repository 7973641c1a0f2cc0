using System.Security.Claims;
using Candor.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.ApiKeys;

/// <summary>
/// Turns a presented organisation API key into a principal and sets the scope's tenant. Shared by
/// every way a key can arrive (X-Api-Key, Bearer, Greenhouse's HTTP Basic), so they all check keys,
/// record use and scope the tenant the same way.
/// </summary>
public static class ApiKeyLookup
{
    // Recording every use would turn each read into a write; once a minute is enough to answer "is this key in use?".
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    /// <summary>The principal for <paramref name="presented"/>, or null when the key is unknown, wrong, revoked or expired.</summary>
    public static async Task<ClaimsPrincipal?> AuthenticateAsync(
        CandorDbContext db, TimeProvider clock, string presented, string scheme, CancellationToken cancellationToken)
    {
        var prefix = ApiKeySecrets.PrefixOf(presented);
        var key = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        var now = clock.GetUtcNow();
        // Read per request, never cached: a revoked key, or a rotated one past its grace period, stops at once.
        if (key is null || !key.IsActiveAt(now) || !ApiKeySecrets.Matches(presented, key.KeyHash))
        {
            return null;
        }

        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedResolution)
        {
            await db.ApiKeys.IgnoreQueryFilters().Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), cancellationToken);
        }

        db.Tenant.Set(key.OrganizationId);
        var claims = new List<Claim>
        {
            new(ApiKeyAuthenticationHandler.OrganizationClaim, key.OrganizationId.ToString()),
            new(ApiKeyAuthenticationHandler.KeyIdClaim, key.Id.ToString()),
            new(ClaimTypes.Name, key.Name),
        };
        claims.AddRange(key.Scopes.Select(s => new Claim(ApiKeyAuthenticationHandler.ScopeClaim, s)));
        return new ClaimsPrincipal(new ClaimsIdentity(claims, scheme));
    }
}
