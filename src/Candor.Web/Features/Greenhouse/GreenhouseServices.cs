using Candor.Web.Infrastructure;
using Candor.Web.Jobs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Greenhouse;

/// <summary>Settings under "Candor:Greenhouse".</summary>
public sealed class GreenhouseOptions
{
    public const string Section = "Candor:Greenhouse";

    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(15);
}

public static class GreenhouseServices
{
    public static IServiceCollection AddGreenhouse(this IServiceCollection services)
    {
        services.AddOptions<GreenhouseOptions>().BindConfiguration(GreenhouseOptions.Section);
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, GreenhouseBasicAuthenticationHandler>(GreenhouseBasicAuthenticationHandler.SchemeName, null);
        services.AddHttpClient(GreenhouseCallbackJob.HttpClientName)
            .ConfigureHttpClient((provider, client) =>
            {
                client.Timeout = provider.GetRequiredService<IOptions<GreenhouseOptions>>().Value.CallbackTimeout;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Candor-Greenhouse/1.0");
            })
            // The callback URL comes from the caller: the webhooks' SSRF guard judges every connection, and a 3xx is a failure, not a hop.
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredKeyedService<OutboundUrlGuard>(OutboundUrlGuard.WebhooksKey).CreateHandler());
        services.AddJobHandler<GreenhouseCallbackJob>(GreenhouseCallbackJob.JobKind);
        return services;
    }
}
