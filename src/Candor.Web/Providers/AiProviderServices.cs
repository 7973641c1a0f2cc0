using Candor.Web.Infrastructure;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Candor.Web.Providers;

public static class AiProviderServices
{
    /// <summary>
    /// LLM provider access: options ("Candor:Ai" + CANDOR_AI__* variables, validated at start-up), the
    /// providers' HttpClients (the organisation-controlled one behind the SSRF guard), circuit breakers, usage
    /// accounting and <see cref="ChatClientFactory"/>.
    /// </summary>
    public static IServiceCollection AddAiProviders(this IServiceCollection services)
    {
        services.AddOptions<AiProviderOptions>().BindConfiguration(AiProviderOptions.Section).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<AiProviderOptions>, FlatAiEnvironmentVariables>();
        services.AddSingleton<IValidateOptions<AiProviderOptions>, AiProviderOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        services.AddTransient<ProviderResponseObserver>();
        services.AddOutboundGuard();
        services.AddHttpClient(ChatClientFactory.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            // A redirect would replay the Authorization header to wherever it points; providers never need one.
            // Clients are cached per configuration, so DNS changes are picked up by recycling pooled connections.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .AddHttpMessageHandler<ProviderResponseObserver>()
            .RedactLoggedHeaders(_ => true);
        // An organisation's own base URL (stored on /app/settings) is untrusted: every connection is judged by the
        // SSRF guard, so neither a stored internal address nor a DNS answer that changed since it was saved gets through.
        services.AddHttpClient(ChatClientFactory.OrganizationHttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(provider => provider.GetRequiredService<OutboundUrlGuard>().CreateHandler())
            .AddHttpMessageHandler<ProviderResponseObserver>()
            .RedactLoggedHeaders(_ => true);

        services.AddSingleton<CircuitBreakerRegistry>();
        services.AddSingleton<AiMetrics>();
        services.TryAddSingleton<IAiUsageRecorder, DbAiUsageRecorder>();
        services.AddSingleton<ChatClientFactory>();
        return services;
    }
}

/// <summary>CANDOR_AI__PROVIDER / __BASE_URL / __MODEL / __API_KEY: the global default, winning over Candor:Ai:*.</summary>
internal sealed class FlatAiEnvironmentVariables(IConfiguration configuration) : IPostConfigureOptions<AiProviderOptions>
{
    public void PostConfigure(string? name, AiProviderOptions options)
    {
        options.Provider = Value("PROVIDER") ?? options.Provider;
        options.BaseUrl = Value("BASE_URL") ?? options.BaseUrl;
        options.Model = Value("MODEL") ?? options.Model;
        if (Value("API_KEY") is { } key)
        {
            options.ApiKey = key;
            options.ApiKeyEnvironmentVariable = null;
        }
    }

    // The environment provider turns "__" into ":", so CANDOR_AI__MODEL arrives as CANDOR_AI:MODEL.
    private string? Value(string name) => configuration[$"CANDOR_AI:{name}"] is { Length: > 0 } value ? value.Trim() : null;
}

internal sealed class AiProviderOptionsValidator : IValidateOptions<AiProviderOptions>
{
    public ValidateOptionsResult Validate(string? name, AiProviderOptions options)
    {
        var errors = options.Validate().ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}
