using System.Net.Http.Headers;
using System.Text;
using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Features.Dashboard;

namespace Candor.Web.Tests.Features.Greenhouse;

/// <summary>
/// Candor configured as a Greenhouse customer would use it, with its mail written to a folder the tests read
/// (the candidate's invitation) and the fake Greenhouse on 127.0.0.1 reachable.
/// </summary>
public sealed class GreenhouseApp : AccountsApp
{
    public GreenhouseApp() => With("Candor:Webhooks:AllowPrivateNetworks", "true");

    /// <summary>A client that authenticates the way Greenhouse does: the API key as Basic user name, blank password.</summary>
    public HttpClient GreenhouseClient(string apiKey)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = Basic(apiKey, "");
        return client;
    }

    /// <summary>The candidate's link in the invitation Candor e-mailed to <paramref name="email"/>.</summary>
    public async Task<string> InvitationLinkAsync(string email) =>
        WorkspaceOrg.CandidateLinkPattern().Match(await WaitForMailAsync(email, "Your interview for")).Value;

    public static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
}
