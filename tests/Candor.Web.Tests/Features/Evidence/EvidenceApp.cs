using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Features.Webhooks;

namespace Candor.Web.Tests.Features.Evidence;

/// <summary>The app with members to log in as and webhooks delivered at test speed.</summary>
public sealed class EvidenceApp : AccountsApp
{
    public EvidenceApp() => this.WithWebhookTestSettings();
}
