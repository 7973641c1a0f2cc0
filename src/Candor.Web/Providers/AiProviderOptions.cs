using System.Text.Json.Serialization;

namespace Candor.Web.Providers;

/// <summary>
/// One layer of LLM provider settings. Every field is optional: an unset field inherits from the
/// layer below (organisation → tier → global default → built-in defaults).
/// </summary>
public class AiEndpointOptions
{
    /// <summary>"none" (offline engine), "openai" (any OpenAI-compatible endpoint) or "anthropic".</summary>
    public string? Provider { get; set; }

    /// <summary>Base URL of the API, e.g. https://api.openai.com/v1, http://localhost:11434/v1, https://api.anthropic.com.</summary>
    public string? BaseUrl { get; set; }

    public string? Model { get; set; }

    /// <summary>The key itself. Never logged, never serialised, never returned by an endpoint.</summary>
    [JsonIgnore]
    public string? ApiKey { get; set; }

    /// <summary>Name of an environment variable holding the key, so the key stays out of configuration files.</summary>
    public string? ApiKeyEnvironmentVariable { get; set; }

    /// <summary>Per attempt; for streaming, the longest wait for the first or the next chunk.</summary>
    public double? TimeoutSeconds { get; set; }

    /// <summary>Retries after the first attempt, for 429, 5xx, timeouts and network errors only.</summary>
    public int? MaxRetries { get; set; }

    /// <summary>First retry delay before exponential growth and jitter (a Retry-After header wins).</summary>
    public double? RetryBaseDelayMilliseconds { get; set; }

    /// <summary>A Retry-After longer than this is not waited out: the call fails and the offline engine answers.</summary>
    public double? MaxRetryAfterSeconds { get; set; }

    public AiCircuitBreakerOptions? CircuitBreaker { get; set; }

    /// <summary>
    /// Set on an organisation's own stored settings (never bound from configuration): such a layer never inherits
    /// the lower layers' URL, model or key, or an organisation could point the platform's key at its own server.
    /// </summary>
    [JsonIgnore]
    internal bool StandsAlone { get; init; }

    /// <summary>US dollars per million input tokens, for cost estimates in ai_usage.</summary>
    public decimal? InputCostPerMillionTokens { get; set; }

    public decimal? OutputCostPerMillionTokens { get; set; }

    public override string ToString() =>
        $"Provider={Provider}, BaseUrl={BaseUrl}, Model={Model}, ApiKey={(string.IsNullOrEmpty(ApiKey) ? "(unset)" : "***")}";
}

public sealed class AiCircuitBreakerOptions
{
    /// <summary>Consecutive failed attempts that open the circuit.</summary>
    public int? FailuresBeforeOpen { get; set; }

    /// <summary>How long an open circuit fails fast before letting one trial call through.</summary>
    public double? OpenSeconds { get; set; }
}

/// <summary>
/// Settings under "Candor:Ai": the global default, then overrides per plan tier
/// (<c>Candor:Ai:Tiers:enterprise:Model</c>) and per organisation by id or slug
/// (<c>Candor:Ai:Organizations:acme:Provider</c>). The flat environment variables
/// CANDOR_AI__PROVIDER, CANDOR_AI__BASE_URL, CANDOR_AI__MODEL and CANDOR_AI__API_KEY set the global default.
/// </summary>
public sealed class AiProviderOptions : AiEndpointOptions
{
    public const string Section = "Candor:Ai";

    /// <summary>How freely the interviewer words its turns (the evaluator always runs at 0).</summary>
    public float? InterviewerTemperature { get; set; }

    /// <summary>Evaluations averaged per answer for stability (1–5); each costs a call.</summary>
    public int? EvaluatorSamples { get; set; }

    /// <summary>Prompt budget; older turns are folded into a running summary beyond it.</summary>
    public int? MaxPromptTokens { get; set; }

    /// <summary>Keyed by plan: essential, professional, enterprise.</summary>
    public Dictionary<string, AiEndpointOptions> Tiers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Keyed by organisation id or slug.</summary>
    public Dictionary<string, AiEndpointOptions> Organizations { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>True when some layer names a provider; otherwise every organisation runs offline and nothing need be looked up.</summary>
    public bool AnyProviderConfigured =>
        IsProvider(Provider) || Tiers.Values.Any(t => IsProvider(t.Provider)) || Organizations.Values.Any(o => IsProvider(o.Provider));

    private static bool IsProvider(string? provider) =>
        !string.IsNullOrWhiteSpace(provider) && !provider.Equals("none", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The effective settings for an organisation, or null when it runs offline. <paramref name="stored"/>, the
    /// organisation's own settings from the database (see Features/Settings), is the top layer when it names a provider.
    /// </summary>
    public AiEndpoint? Resolve(Guid organizationId, string? plan, string? slug = null, AiEndpointOptions? stored = null)
    {
        var layers = new List<AiEndpointOptions> { this };
        if (plan is not null && Find(Tiers, plan) is { } tier)
        {
            layers.Add(tier);
        }
        if ((Find(Organizations, organizationId.ToString()) ?? (slug is null ? null : Find(Organizations, slug))) is { } organization)
        {
            layers.Add(organization);
        }
        if (stored is not null && IsProvider(stored.Provider))
        {
            layers.Add(stored);
        }
        return AiEndpoint.From(layers);
    }

    /// <summary>Configuration mistakes, found at start-up rather than on the first interview.</summary>
    public IEnumerable<string> Validate()
    {
        var checks = new List<(string Where, List<AiEndpointOptions> Layers)> { ("Candor:Ai", [this]) };
        checks.AddRange(Tiers.Select(t => ($"Candor:Ai:Tiers:{t.Key}", new List<AiEndpointOptions> { this, t.Value })));
        checks.AddRange(Organizations.Select(o => ($"Candor:Ai:Organizations:{o.Key}", new List<AiEndpointOptions> { this, o.Value })));
        foreach (var (where, layers) in checks)
        {
            string? error = null;
            try
            {
                AiEndpoint.From(layers);
            }
            catch (InvalidOperationException ex)
            {
                error = $"{where}: {ex.Message}";
            }
            if (error is not null)
            {
                yield return error;
            }
        }
    }

    private static AiEndpointOptions? Find(Dictionary<string, AiEndpointOptions> overrides, string key) =>
        overrides.FirstOrDefault(o => string.Equals(o.Key, key, StringComparison.OrdinalIgnoreCase)).Value;
}
