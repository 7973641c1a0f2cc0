using System.Text.Encodings.Web;
using Candor.Web.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.ApiKeys;

/// <summary>
/// Authenticates an organisation API key. Subclasses only say where the key travels (a header, HTTP
/// Basic…) and how to ask for it; the lookup, tenant scoping, revocation and problem answers are shared.
/// </summary>
public abstract class ApiKeyHandlerBase(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    CandorDbContext db,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    /// <summary>The presented key, or null when the request carries none in this scheme's place.</summary>
    protected abstract string? ReadKey(HttpRequest request);

    /// <summary>The WWW-Authenticate challenge.</summary>
    protected abstract string Challenge { get; }

    /// <summary>What to tell a caller who sent no key.</summary>
    protected abstract string HowToSendKey { get; }

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadKey(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var principal = await ApiKeyLookup.AuthenticateAsync(db, clock, presented, Scheme.Name, Context.RequestAborted);
        return principal is null
            ? AuthenticateResult.Fail("Invalid API key.")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, Scheme.Name));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Challenge;
        await Results.Problem(
            title: "Unauthorized",
            detail: ReadKey(Request) is null ? HowToSendKey : "The API key is invalid or has been revoked.",
            statusCode: StatusCodes.Status401Unauthorized,
            extensions: new Dictionary<string, object?> { ["code"] = "unauthorized" }).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await Results.Problem(
            title: "Forbidden",
            detail: "This API key lacks the scope this operation needs.",
            statusCode: StatusCodes.Status403Forbidden,
            extensions: new Dictionary<string, object?> { ["code"] = "forbidden" }).ExecuteAsync(Context);
}

/// <summary>Authenticates an organisation API key from <c>X-Api-Key</c> or <c>Authorization: Bearer</c>.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    CandorDbContext db,
    TimeProvider clock) : ApiKeyHandlerBase(options, loggerFactory, encoder, db, clock)
{
    public const string SchemeName = "ApiKey";
    public const string OrganizationClaim = "candor:org";
    public const string KeyIdClaim = "candor:key";
    public const string ScopeClaim = "scope";

    protected override string Challenge => "Bearer realm=\"candor\", ApiKey header=\"X-Api-Key\"";

    protected override string HowToSendKey => "Send your organisation API key in the X-Api-Key header or as Authorization: Bearer <key>.";

    protected override string? ReadKey(HttpRequest request)
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
