using System.Net.Http.Headers;
using System.Text;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.Greenhouse;

/// <summary>Candor configured as a Greenhouse customer would: callback credentials set, fakes on 127.0.0.1 reachable.</summary>
public sealed class GreenhouseApp : CandorApp
{
    public const string CallbackUsername = "greenhouse-partner-user";
    public const string CallbackPassword = "s3cret";

    public GreenhouseApp()
    {
        With("Candor:Webhooks:AllowPrivateNetworks", "true");
        With("Candor:Greenhouse:CallbackUsername", CallbackUsername);
        With("Candor:Greenhouse:CallbackPassword", CallbackPassword);
    }

    /// <summary>A client that authenticates the way Greenhouse does: the API key as Basic user name, blank password.</summary>
    public HttpClient GreenhouseClient(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = Basic(apiKey, "");
        return client;
    }

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
