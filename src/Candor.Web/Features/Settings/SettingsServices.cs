using Candor.Web.Features.Webhooks;
using Candor.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Settings;

public static class SettingsServices
{
    /// <summary>The organisation's AI provider settings (encrypted key) and what the /app/settings page needs.</summary>
    public static IServiceCollection AddSettings(this IServiceCollection services)
    {
        services.AddOptions<SecretsOptions>().BindConfiguration(SecretsOptions.Section);
        services.AddSingleton(provider => new SecretProtector(
            provider.GetRequiredService<IOptions<SecretsOptions>>(),
            provider.GetRequiredService<IHostEnvironment>(),
            provider.GetRequiredService<ILoggerFactory>().CreateLogger<SecretProtector>()));
        services.AddOutboundGuard();
        services.AddSingleton<AiSettingsPresence>();
        services.AddScoped<OrganizationAiSettingsStore>();
        return services;
    }
}
