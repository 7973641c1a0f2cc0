using System.Security.Cryptography;
using Candor.Web.Data;
using Candor.Web.Infrastructure;
using Candor.Web.Providers;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Settings;

/// <summary>What the settings form posts. An empty <see cref="ApiKey"/> keeps the stored key.</summary>
public sealed record AiSettingsInput(string? Provider, string? BaseUrl, string? Model, string? ApiKey);

/// <summary>The settings as the page may show them: the key only as "set, ends with …".</summary>
public sealed record AiSettingsView(string Provider, string? BaseUrl, string? Model, bool KeySet, string? KeyEnding, DateTimeOffset? UpdatedAt);

/// <summary>
/// Reads and writes an organisation's own AI provider settings, and turns them into the top configuration
/// layer for <see cref="ChatClientFactory"/>. The API key is encrypted at rest and never leaves this class
/// except as the in-memory layer handed to the AI client.
/// </summary>
public sealed class OrganizationAiSettingsStore(
    CandorDbContext db, SecretProtector protector, AiSettingsPresence presence, OutboundUrlGuard guard, TimeProvider clock,
    ILogger<OrganizationAiSettingsStore> logger)
{
    public static readonly IReadOnlyList<string> Providers = ["none", "openai", "anthropic"];
    private const int MaxLength = 500;

    public async Task<AiSettingsView> GetAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        var row = await FindAsync(organizationId, cancellationToken);
        if (row is null)
        {
            return new AiSettingsView("none", null, null, KeySet: false, KeyEnding: null, UpdatedAt: null);
        }
        var key = Decrypt(row);
        // The last four characters identify a key without giving it away; a short key shows nothing at all.
        var ending = key is { Length: >= 12 } ? key[^4..] : null;
        return new AiSettingsView(row.Provider, row.BaseUrl, row.Model, row.ApiKeyEncrypted is not null, ending, row.UpdatedAt);
    }

    /// <summary>Validates and saves; returns the field errors (snake_case names, as the API would) and saves nothing then.</summary>
    public async Task<FieldErrors> SaveAsync(Guid organizationId, AiSettingsInput input, Guid? userId, CancellationToken cancellationToken = default)
    {
        var provider = (input.Provider ?? "none").Trim().ToLowerInvariant();
        if (provider == "openai-compatible")
        {
            provider = "openai";
        }
        var baseUrl = Blank(input.BaseUrl);
        var model = Blank(input.Model);
        var errors = new FieldErrors()
            .OptionalText("base_url", baseUrl, MaxLength)
            .OptionalText("model", model, MaxLength)
            .OptionalText("api_key", Blank(input.ApiKey), MaxLength);
        if (!Providers.Contains(provider))
        {
            errors.Add("provider", "Choose none, openai-compatible or anthropic.");
        }
        if (baseUrl is not null && (!Uri.TryCreate(baseUrl, UriKind.Absolute, out var url) || url.Scheme is not ("http" or "https")))
        {
            errors.Add("base_url", "The base URL must be an absolute http:// or https:// URL.");
        }
        else if (baseUrl is { Length: <= MaxLength } && await guard.ProblemAsync(baseUrl, cancellationToken) is { } problem)
        {
            // The SSRF guard: interviews would send the organisation's prompts and key to this address. It is judged
            // again at every connection (DNS can change after saving).
            errors.Add("base_url", $"The base URL {problem}.");
        }
        if (provider != "none" && model is null)
        {
            errors.Add("model", "Name the model to use with this provider.");
        }
        var row = await FindAsync(organizationId, cancellationToken, tracked: true);
        // A stored provider never borrows the platform's key, and Anthropic refuses every call without one: saving it
        // keyless would run every interview offline while the page said the model was in use. (OpenAI-compatible
        // servers such as Ollama or vLLM may need no key.)
        if (provider == "anthropic" && Blank(input.ApiKey) is null && row?.ApiKeyEncrypted is null)
        {
            errors.Add("api_key", "Anthropic needs an API key: paste one from your Anthropic console.");
        }
        if (errors.Any)
        {
            return errors;
        }

        if (row is null)
        {
            row = new OrganizationAiSettings { OrganizationId = organizationId, Provider = provider };
            db.Add(row);
        }
        row.Provider = provider;
        row.BaseUrl = baseUrl;
        row.Model = model;
        if (Blank(input.ApiKey) is { } key)
        {
            row.ApiKeyEncrypted = protector.Protect(key, organizationId);
        }
        await TouchAndSaveAsync(row, userId, cancellationToken);
        return errors;
    }

    public async Task RemoveKeyAsync(Guid organizationId, Guid? userId, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(organizationId, cancellationToken, tracked: true) is { ApiKeyEncrypted: not null } row)
        {
            row.ApiKeyEncrypted = null;
            await TouchAndSaveAsync(row, userId, cancellationToken);
        }
    }

    /// <summary>The organisation's settings as the top AI configuration layer, key decrypted; null when it names no provider.</summary>
    public async Task<AiEndpointOptions?> LayerAsync(Guid organizationId, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(organizationId, cancellationToken) is not { HasProvider: true } row)
        {
            return null;
        }
        return new AiEndpointOptions { Provider = row.Provider, BaseUrl = row.BaseUrl, Model = row.Model, ApiKey = Decrypt(row), StandsAlone = true };
    }

    private async Task TouchAndSaveAsync(OrganizationAiSettings row, Guid? userId, CancellationToken cancellationToken)
    {
        row.UpdatedAt = clock.GetUtcNow();
        row.UpdatedBy = userId;
        await db.SaveChangesAsync(cancellationToken);
        presence.Invalidate();
    }

    private Task<OrganizationAiSettings?> FindAsync(Guid organizationId, CancellationToken cancellationToken, bool tracked = false)
    {
        var rows = db.Set<OrganizationAiSettings>().Where(s => s.OrganizationId == organizationId);
        return (tracked ? rows : rows.AsNoTracking()).FirstOrDefaultAsync(cancellationToken);
    }

    private string? Decrypt(OrganizationAiSettings row)
    {
        if (row.ApiKeyEncrypted is null)
        {
            return null;
        }
        try
        {
            return protector.Unprotect(row.ApiKeyEncrypted, row.OrganizationId);
        }
        catch (Exception ex) when (ex is CryptographicException or InvalidOperationException or FormatException)
        {
            // Calls then go out without a key and fail over to the offline engine; an Admin can set the key again.
            logger.LogWarning("The stored AI provider key of organisation {OrganizationId} cannot be decrypted ({Reason}); was Candor:Secrets:Key changed?",
                row.OrganizationId, ex.GetType().Name);
            return null;
        }
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>
/// Whether any organisation has stored its own provider, so <see cref="AiRoles"/> may keep skipping the per-turn
/// lookup when nothing at all is configured. Refreshed at once on this node when settings are saved, and at least
/// once a minute (other nodes).
/// </summary>
public sealed class AiSettingsPresence(IServiceScopeFactory scopes, TimeProvider clock)
{
    private static readonly TimeSpan MaxAge = TimeSpan.FromMinutes(1);
    private volatile Tuple<bool, DateTimeOffset>? _cached;

    public void Invalidate() => _cached = null;

    public async Task<bool> AnyProviderAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        if (_cached is { } cached && now - cached.Item2 < MaxAge)
        {
            return cached.Item1;
        }
        await using var scope = scopes.CreateAsyncScope();
        var any = await scope.ServiceProvider.GetRequiredService<CandorDbContext>().Set<OrganizationAiSettings>()
            .AnyAsync(s => s.Provider != "none", cancellationToken);
        _cached = Tuple.Create(any, now);
        return any;
    }
}
