using Candor.Web.Jobs;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Greenhouse;

/// <summary>Settings under "Candor:Greenhouse".</summary>
public sealed class GreenhouseOptions
{
    public const string Section = "Candor:Greenhouse";

    public TimeSpan CallbackTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>From Candor:Webhooks:AllowPrivateNetworks: lets callbacks reach private and loopback addresses (tests, on-premises).</summary>
    public bool AllowPrivateNetworks { get; set; }
}

public static class GreenhouseServices
{
    public static IServiceCollection AddGreenhouse(this IServiceCollection services)
    {
        services.AddOptions<GreenhouseOptions>().BindConfiguration(GreenhouseOptions.Section)
            .Configure<IConfiguration>((options, configuration) =>
                options.AllowPrivateNetworks = configuration.GetValue<bool>("Candor:Webhooks:AllowPrivateNetworks"));
        services.AddAuthentication()
            .AddScheme<AuthenticationSchemeOptions, GreenhouseBasicAuthenticationHandler>(GreenhouseBasicAuthenticationHandler.SchemeName, null);
        services.AddHttpClient(GreenhouseCallbackJob.HttpClientName)
            .ConfigureHttpClient((provider, client) =>
            {
                client.Timeout = provider.GetRequiredService<IOptions<GreenhouseOptions>>().Value.CallbackTimeout;
                client.DefaultRequestHeaders.UserAgent.ParseAdd("Candor-Greenhouse/1.0");
            })
            .ConfigurePrimaryHttpMessageHandler(provider =>
            {
                var allowPrivate = provider.GetRequiredService<IOptions<GreenhouseOptions>>().Value.AllowPrivateNetworks;
                return new SocketsHttpHandler
                {
                    // A redirect could lead anywhere, our own network included: a 3xx is a failure, not a hop.
                    AllowAutoRedirect = false,
                    ConnectCallback = (context, cancellationToken) => GreenhouseCallbackUrl.ConnectAsync(context, allowPrivate, cancellationToken),
                };
            });
        services.AddJobHandler<GreenhouseCallbackJob>(GreenhouseCallbackJob.JobKind);
        return services;
    }
}
