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
/// The first two are built once per distinct configuration and shared; the accounting layer is a cheap
/// per-call wrapper that knows the organisation. Configuration changes (reloads) simply build new clients.
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
    /// <summary>The IHttpClientFactory named client every provider adapter uses (redirects off, no client timeout).</summary>
    public const string HttpClientName = "candor-ai";

    private readonly ConcurrentDictionary<AiEndpoint, Lazy<IChatClient>> _clients = new();
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
        var shared = _clients.GetOrAdd(endpoint, e => new Lazy<IChatClient>(() => Build(e))).Value;
        return new UsageRecordingChatClient(shared, endpoint, organizationId, recorder, metrics, clock, _usageLogger);
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

    private IChatClient Build(AiEndpoint endpoint)
    {
        var http = httpClients.CreateClient(HttpClientName);
        IChatClient adapter = endpoint.Provider switch
        {
            AiProviderKind.Anthropic => new AnthropicChatClient(endpoint.BaseUrl, endpoint.Model, endpoint.ApiKey, http),
            _ => new OpenAiCompatibleChatClient(endpoint.BaseUrl, endpoint.Model, endpoint.ApiKey, http),
        };
        return new ResilientChatClient(adapter, endpoint, breakers.For(endpoint), clock, _resilienceLogger);
    }

    public void Dispose()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated))
        {
            client.Value.Dispose();
        }
        _clients.Clear();
    }
}
