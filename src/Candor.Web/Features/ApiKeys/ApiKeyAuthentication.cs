using System.Security.Claims;
using System.Text.Encodings.Web;
using Candor.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.ApiKeys;

/// <summary>Authenticates an organisation API key from <c>X-Api-Key</c> or <c>Authorization: Bearer</c>.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    CandorDbContext db,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string OrganizationClaim = "candor:org";
    public const string KeyIdClaim = "candor:key";
    public const string ScopeClaim = "scope";

    // Recording every use would turn each read into a write; once a minute is enough to answer "is this key in use?".
    private static readonly TimeSpan LastUsedResolution = TimeSpan.FromMinutes(1);

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadKey(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var prefix = ApiKeySecrets.PrefixOf(presented);
        var key = await db.ApiKeys.IgnoreQueryFilters().AsNoTracking()
            .FirstOrDefaultAsync(k => k.Prefix == prefix, Context.RequestAborted);
        var now = clock.GetUtcNow();
        // Read per request, never cached: a revoked key, or a rotated one past its grace period, stops at once.
        if (key is null || !key.IsActiveAt(now) || !ApiKeySecrets.Matches(presented, key.KeyHash))
        {
            return AuthenticateResult.Fail("Invalid API key.");
        }

        if (key.LastUsedAt is null || now - key.LastUsedAt > LastUsedResolution)
        {
            await db.ApiKeys.IgnoreQueryFilters().Where(k => k.Id == key.Id)
                .ExecuteUpdateAsync(s => s.SetProperty(k => k.LastUsedAt, now), Context.RequestAborted);
        }

        db.Tenant.Set(key.OrganizationId);
        var claims = new List<Claim>
        {
            new(OrganizationClaim, key.OrganizationId.ToString()),
            new(KeyIdClaim, key.Id.ToString()),
            new(ClaimTypes.Name, key.Name),
        };
        claims.AddRange(key.Scopes.Select(s => new Claim(ScopeClaim, s)));
        var principal = new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName));
        return AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"candor\", ApiKey header=\"X-Api-Key\"";
        await Results.Problem(
            title: "Unauthorized",
            detail: ReadKey(Request) is null
                ? "Send your organisation API key in the X-Api-Key header or as Authorization: Bearer <key>."
                : "The API key is invalid or has been revoked.",
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await Results.Problem(
            title: "Forbidden",
            detail: "This API key lacks the scope this operation needs.",
            statusCode: StatusCodes.Status403Forbidden).ExecuteAsync(Context);

    private static string? ReadKey(HttpRequest request)
    {
        if (request.Headers.TryGetValue("X-Api-Key", out var header) && !string.IsNullOrWhiteSpace(header))
        {
            return header.ToString().Trim();
        }
        var authorization = request.Headers.Authorization.ToString();
        return authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? authorization["Bearer ".Length..].Trim()
            : null;
    }
}
