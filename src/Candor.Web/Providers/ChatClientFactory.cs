using System.Collections.Concurrent;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Settings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Candor.Web.Providers;

/// <summary>
/// Hands out the LLM client for an organisation, or null when it runs on the offline engine. The chain is
/// adapter (OpenAI-compatible or Anthropic SDK) → <see cref="ResilientChatClient"/> → <see cref="UsageRecordingChatClient"/>.
/// The adapter is built once per distinct configuration and shared; the other two are cheap per-call wrappers
/// that know the organisation, so each credential gets its own circuit. Configuration changes (reloads) simply
/// build new adapters. An organisation's own stored URL is reached only through the SSRF-guarded HttpClient.
/// </summary>
public sealed class ChatClientFactory(
    IOptionsMonitor<AiProviderOptions> options,
    IHttpClientFactory httpClients,
    CircuitBreakerRegistry breakers,
    IAiUsageRecorder recorder,
    AiMetrics metrics,
    IServiceScopeFactory scopes,
    TimeProvider clock,
    ILoggerFactory loggers) : IDisposable
{
    /// <summary>The IHttpClientFactory named client for operator-configured endpoints (trusted: they may be private, e.g. a local Ollama).</summary>
    public const string HttpClientName = "candor-ai";

    /// <summary>The named client for URLs an organisation stored itself: as <see cref="HttpClientName"/>, behind the SSRF guard.</summary>
    public const string OrganizationHttpClientName = "candor-ai-organization";

    private readonly ConcurrentDictionary<AiEndpoint, Lazy<IChatClient>> _adapters = new();
    private readonly ILogger _resilienceLogger = loggers.CreateLogger<ResilientChatClient>();
    private readonly ILogger _usageLogger = loggers.CreateLogger<UsageRecordingChatClient>();

    /// <summary>The effective provider settings for an organisation (null: offline). Safe to log: the key is masked.</summary>
    public AiEndpoint? Resolve(Guid organizationId, string? plan, string? slug = null, AiEndpointOptions? stored = null) =>
        options.CurrentValue.Resolve(organizationId, plan, slug, stored);

    /// <summary>
    /// The client for an organisation with this plan (essential, professional, enterprise), or null for offline.
    /// <paramref name="stored"/> is the organisation's own settings layer (see Features/Settings), if any.
    /// </summary>
    public IChatClient? GetClient(Guid organizationId, string? plan, string? slug = null, AiEndpointOptions? stored = null)
    {
        if (Resolve(organizationId, plan, slug, stored) is not { } endpoint)
        {
            return null;
        }
        var adapter = _adapters.GetOrAdd(endpoint, e => new Lazy<IChatClient>(() => BuildAdapter(e))).Value;
        var resilient = new ResilientChatClient(adapter, endpoint, breakers.For(organizationId, endpoint), clock, _resilienceLogger);
        return new UsageRecordingChatClient(resilient, endpoint, organizationId, recorder, metrics, clock, _usageLogger);
    }

    public IChatClient? GetClient(Organization organization) =>
        GetClient(organization.Id, organization.Plan, organization.Slug);

    /// <summary>
    /// Looks the organisation's plan, slug and own stored settings up first; for background jobs that only carry its id.
    /// The stored settings (set by its Admin on /app/settings) override every configuration layer.
    /// </summary>
    public async Task<IChatClient?> GetClientAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CandorDbContext>();
        var organization = await db.Organizations.AsNoTracking()
            .Where(o => o.Id == organizationId)
            .Select(o => new { o.Plan, o.Slug })
            .FirstOrDefaultAsync(cancellationToken);
        if (organization is null)
        {
            return null;
        }
        var stored = scope.ServiceProvider.GetService<OrganizationAiSettingsStore>() is { } store
            ? await store.LayerAsync(organizationId, cancellationToken)
            : null;
        return GetClient(organizationId, organization.Plan, organization.Slug, stored);
    }

    /// <summary>The bare provider adapter: no retries, no circuit, no usage rows. Only for health probes.</summary>
    public IChatClient GetUnguardedAdapter(AiEndpoint endpoint) =>
        _adapters.GetOrAdd(endpoint, e => new Lazy<IChatClient>(() => BuildAdapter(e))).Value;

    private IChatClient BuildAdapter(AiEndpoint endpoint)
    {
        var http = httpClients.CreateClient(endpoint.OrganizationControlled ? OrganizationHttpClientName : HttpClientName);
        return endpoint.Provider switch
        {
            AiProviderKind.Anthropic => new AnthropicChatClient(endpoint.BaseUrl, endpoint.Model, endpoint.ApiKey, http),
            _ => new OpenAiCompatibleChatClient(endpoint.BaseUrl, endpoint.Model, endpoint.ApiKey, http),
        };
    }

    public void Dispose()
    {
        foreach (var adapter in _adapters.Values.Where(c => c.IsValueCreated))
        {
            adapter.Value.Dispose();
        }
        _adapters.Clear();
    }
}
