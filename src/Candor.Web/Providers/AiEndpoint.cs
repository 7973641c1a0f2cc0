using System.Text.Json.Serialization;

namespace Candor.Web.Providers;

public enum AiProviderKind
{
    None,
    OpenAi,
    Anthropic,
}

/// <summary>
/// Fully resolved settings for one provider endpoint. Equal settings share one built client, so
/// this record (key included, in memory only) is the client cache key.
/// </summary>
public sealed record AiEndpoint(
    AiProviderKind Provider,
    Uri BaseUrl,
    string Model,
    [property: JsonIgnore] string? ApiKey,
    TimeSpan Timeout,
    int MaxRetries,
    TimeSpan RetryBaseDelay,
    TimeSpan MaxRetryAfter,
    int FailuresBeforeOpen,
    TimeSpan OpenDuration,
    decimal InputCostPerMillionTokens,
    decimal OutputCostPerMillionTokens)
{
    public static readonly Uri OpenAiBaseUrl = new("https://api.openai.com/v1");
    public static readonly Uri AnthropicBaseUrl = new("https://api.anthropic.com");

    /// <summary>"openai" or "anthropic": the name stored in ai_usage and used as a metric tag.</summary>
    [JsonIgnore]
    public string ProviderName => Provider == AiProviderKind.Anthropic ? "anthropic" : "openai";

    /// <summary>One circuit per provider and base URL: organisations on the same endpoint share its health.</summary>
    [JsonIgnore]
    public string CircuitKey => $"{ProviderName} {BaseUrl}";

    [JsonIgnore]
    public ProviderResilienceSettings Resilience => new(Timeout, MaxRetries, RetryBaseDelay, MaxRetryAfter, FailuresBeforeOpen, OpenDuration);

    public decimal EstimateCost(long inputTokens, long outputTokens) =>
        decimal.Round((inputTokens * InputCostPerMillionTokens + outputTokens * OutputCostPerMillionTokens) / 1_000_000m, 6);

    // The compiler-generated ToString would print the key into any log line that formats this record.
    public override string ToString() =>
        $"AiEndpoint {{ Provider = {ProviderName}, BaseUrl = {BaseUrl}, Model = {Model}, ApiKey = {(ApiKey is null ? "(none)" : "***")}, Timeout = {Timeout} }}";

    /// <summary>Merges layers, lowest first. Null when the effective provider is "none".</summary>
    internal static AiEndpoint? From(IReadOnlyList<AiEndpointOptions> layers)
    {
        string? provider = null, baseUrl = null, model = null, apiKey = null, apiKeyVariable = null;
        double? timeout = null, baseDelay = null, maxRetryAfter = null, openSeconds = null;
        int? maxRetries = null, failuresBeforeOpen = null;
        decimal? inputCost = null, outputCost = null;
        foreach (var layer in layers)
        {
            if (!string.IsNullOrWhiteSpace(layer.Provider) && (layer.StandsAlone || !string.Equals(layer.Provider.Trim(), provider, StringComparison.OrdinalIgnoreCase)))
            {
                // Switching provider must not inherit the other provider's URL, model, key or prices.
                provider = layer.Provider.Trim();
                baseUrl = model = apiKey = apiKeyVariable = null;
                inputCost = outputCost = null;
            }
            baseUrl = NonBlank(layer.BaseUrl) ?? baseUrl;
            model = NonBlank(layer.Model) ?? model;
            if (NonBlank(layer.ApiKey) is { } key)
            {
                (apiKey, apiKeyVariable) = (key, null);
            }
            if (NonBlank(layer.ApiKeyEnvironmentVariable) is { } variable)
            {
                (apiKey, apiKeyVariable) = (null, variable);
            }
            timeout = layer.TimeoutSeconds ?? timeout;
            maxRetries = layer.MaxRetries ?? maxRetries;
            baseDelay = layer.RetryBaseDelayMilliseconds ?? baseDelay;
            maxRetryAfter = layer.MaxRetryAfterSeconds ?? maxRetryAfter;
            failuresBeforeOpen = layer.CircuitBreaker?.FailuresBeforeOpen ?? failuresBeforeOpen;
            openSeconds = layer.CircuitBreaker?.OpenSeconds ?? openSeconds;
            inputCost = layer.InputCostPerMillionTokens ?? inputCost;
            outputCost = layer.OutputCostPerMillionTokens ?? outputCost;
        }

        var kind = ParseProvider(provider);
        if (kind == AiProviderKind.None)
        {
            return null;
        }
        if (model is null)
        {
            throw new InvalidOperationException($"Provider '{provider}' needs a Model (e.g. CANDOR_AI__MODEL).");
        }
        Uri url;
        if (baseUrl is null)
        {
            url = kind == AiProviderKind.Anthropic ? AnthropicBaseUrl : OpenAiBaseUrl;
        }
        else if (!Uri.TryCreate(baseUrl, UriKind.Absolute, out url!) || url.Scheme is not ("http" or "https"))
        {
            throw new InvalidOperationException($"BaseUrl '{baseUrl}' must be an absolute http(s) URL.");
        }
        if (apiKeyVariable is not null)
        {
            apiKey = NonBlank(Environment.GetEnvironmentVariable(apiKeyVariable));
        }
        if (maxRetries < 0 || failuresBeforeOpen < 1)
        {
            throw new InvalidOperationException("MaxRetries must be 0 or more and CircuitBreaker:FailuresBeforeOpen 1 or more.");
        }

        return new AiEndpoint(
            kind, url, model, apiKey,
            TimeSpan.FromSeconds(Positive(timeout, "TimeoutSeconds") ?? 30),
            maxRetries ?? 2,
            TimeSpan.FromMilliseconds(Positive(baseDelay, "RetryBaseDelayMilliseconds") ?? 500),
            TimeSpan.FromSeconds(Positive(maxRetryAfter, "MaxRetryAfterSeconds") ?? 30),
            failuresBeforeOpen ?? 5,
            TimeSpan.FromSeconds(Positive(openSeconds, "CircuitBreaker:OpenSeconds") ?? 30),
            inputCost ?? 0m,
            outputCost ?? 0m);
    }

    private static AiProviderKind ParseProvider(string? value) => value?.ToLowerInvariant() switch
    {
        null or "" or "none" or "offline" => AiProviderKind.None,
        "openai" or "openai-compatible" => AiProviderKind.OpenAi,
        "anthropic" => AiProviderKind.Anthropic,
        _ => throw new InvalidOperationException($"Unknown provider '{value}'; use none, openai or anthropic."),
    };

    private static string? NonBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static double? Positive(double? value, string name) =>
        value is <= 0 ? throw new InvalidOperationException($"{name} must be positive.") : value;
}
