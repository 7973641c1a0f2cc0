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
    TimeProvider clock) : ApiKeyHandlerBase(options, loggerFactory, encoder, db, clock)
{
    public const string SchemeName = "GreenhouseBasic";

    protected override string Challenge => "Basic realm=\"candor\", charset=\"UTF-8\"";

    protected override string HowToSendKey => "Send your Candor API key as the HTTP Basic user name with a blank password.";

    protected override string? ReadKey(HttpRequest request) => PresentedKey(request);

    /// <summary>
    /// Greenhouse's documented errors are 401 and 404 only, so a key that lacks the scope is "unsuccessful
    /// authentication with the provided API key" (401), not the 403 the rest of the API answers.
    /// </summary>
    protected override async Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = Challenge;
        await Results.Problem(
            title: "Unauthorized",
            detail: "This API key lacks the scope this call needs (Greenhouse's key needs interviews:write and interviews:read).",
            statusCode: StatusCodes.Status401Unauthorized,
            extensions: new Dictionary<string, object?> { ["code"] = "insufficient_scope" }).ExecuteAsync(Context);
    }

    /// <summary>The user name of a Basic header (everything before the first colon), or null.</summary>
    public static string? PresentedKey(HttpRequest request)
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
