using Candor.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Webhooks;

public static class WebhookServices
{
    /// <summary>Webhook endpoints, the SSRF guard, secret encryption and the delivery worker.</summary>
    public static IServiceCollection AddWebhooks(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<WebhookOptions>(configuration.GetSection(WebhookOptions.Section));
        services.Configure<SecretsOptions>(configuration.GetSection(SecretsOptions.Section));
        services.AddSingleton<WebhookSecretProtector>();
        services.AddOutboundGuard();
        // Webhooks and ATS callbacks honour the older Candor:Webhooks:AllowPrivateNetworks as well as Candor:Outbound's.
        services.AddKeyedSingleton(OutboundUrlGuard.WebhooksKey, (provider, _) => new OutboundUrlGuard(
            provider.GetRequiredService<OutboundUrlGuard>().AllowsPrivateNetworks
            || provider.GetRequiredService<IOptions<WebhookOptions>>().Value.AllowPrivateNetworks));
        services.AddSingleton<WebhookSender>();
        services.AddSingleton<WebhookDeliveryWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<WebhookDeliveryWorker>());
        return services;
    }
}
