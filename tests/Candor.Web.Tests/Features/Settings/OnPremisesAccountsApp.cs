using Candor.Web.Tests.Features.Accounts;

namespace Candor.Web.Tests.Features.Settings;

/// <summary>
/// <see cref="AccountsApp"/> as an operator running on-premises models would configure it: organisations may point
/// their AI provider at private addresses (Candor:Outbound:AllowPrivateNetworks), which the fake model on 127.0.0.1
/// needs. Retries are quick so failing providers do not slow the tests.
/// </summary>
public sealed class OnPremisesAccountsApp : AccountsApp
{
    public OnPremisesAccountsApp()
    {
        With("Candor:Outbound:AllowPrivateNetworks", "true");
        With("Candor:Ai:RetryBaseDelayMilliseconds", "1");
    }
}
