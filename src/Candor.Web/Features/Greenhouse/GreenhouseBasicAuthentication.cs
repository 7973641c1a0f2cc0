using System.Net.Http.Headers;
using System.Text;
using System.Text.Encodings.Web;
using Candor.Web.Data;
using Candor.Web.Features.ApiKeys;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Greenhouse;

/// <summary>
/// Greenhouse authenticates as the customer with HTTP Basic: the Candor API key the customer gave
/// Greenhouse is the user name, the password is blank. The key is checked exactly like X-Api-Key.
/// </summary>
public sealed class GreenhouseBasicAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    CandorDbContext db,
    TimeProvider clock) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "GreenhouseBasic";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var presented = ReadKey(Request);
        if (presented is null)
        {
            return AuthenticateResult.NoResult();
        }

        var principal = await ApiKeyLookup.AuthenticateAsync(db, clock, presented, SchemeName, Context.RequestAborted);
        return principal is null
            ? AuthenticateResult.Fail("Invalid API key.")
            : AuthenticateResult.Success(new AuthenticationTicket(principal, SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Basic realm=\"candor\", charset=\"UTF-8\"";
        await Results.Problem(
            title: "Unauthorized",
            detail: ReadKey(Request) is null
                ? "Send your Candor API key as the HTTP Basic user name with a blank password."
                : "The API key is invalid or has been revoked.",
            statusCode: StatusCodes.Status401Unauthorized,
            extensions: new Dictionary<string, object?> { ["code"] = "unauthorized" }).ExecuteAsync(Context);
    }

    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties) =>
        await Results.Problem(
            title: "Forbidden",
            detail: "This API key lacks the scope this operation needs.",
            statusCode: StatusCodes.Status403Forbidden,
            extensions: new Dictionary<string, object?> { ["code"] = "forbidden" }).ExecuteAsync(Context);

    /// <summary>The user name of a Basic header (everything before the first colon), or null.</summary>
    private static string? ReadKey(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || string.IsNullOrWhiteSpace(header.Parameter))
        {
            return null;
        }
        string decoded;
        try
        {
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter.Trim()));
        }
        catch (FormatException)
        {
            return null;
        }
        var colon = decoded.IndexOf(':', StringComparison.Ordinal);
        var user = (colon >= 0 ? decoded[..colon] : decoded).Trim();
        return user.Length > 0 ? user : null;
    }
}
