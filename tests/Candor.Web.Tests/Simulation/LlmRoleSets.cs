using System.Globalization;
using Candor.Web.Providers;
using Candor.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Simulation;

/// <summary>
/// The LLM role set exactly as the app builds it for an organisation (ChatClientFactory: provider adapter,
/// resilience, usage accounting; AiRoles: per-role tagging), from a CandorApp configured through the same flat
/// CANDOR_AI:* settings a deployment uses.
/// </summary>
internal static class LlmRoleSets
{
    public static CandorApp App(string provider, string? baseUrl, string model, string? apiKey) =>
        new CandorApp()
            .With("CANDOR_AI:PROVIDER", provider)
            .With("CANDOR_AI:BASE_URL", baseUrl)
            .With("CANDOR_AI:MODEL", model)
            .With("CANDOR_AI:API_KEY", apiKey);

    /// <summary>The roles a fresh organisation of the (started) app gets.</summary>
    public static async Task<AiRoleSet> ForNewOrganizationAsync(CandorApp app)
    {
        var tenant = await app.CreateTenantAsync("Simulation");
        return await app.Services.GetRequiredService<AiRoles>().ForAsync(tenant.OrganizationId, interviewId: null, CancellationToken.None);
    }
}

/// <summary>
/// A real endpoint to simulate against, from CANDOR_SIM_PROVIDER (openai|anthropic), CANDOR_SIM_MODEL,
/// CANDOR_SIM_BASE_URL (optional: the provider's public API by default) and CANDOR_SIM_API_KEY (optional for
/// local servers), with CANDOR_SIM_TOLERANCE, CANDOR_SIM_ORDER_MARGIN (points, default 5 each) and
/// CANDOR_SIM_PARALLELISM (interviews at once, default 4).
/// </summary>
internal sealed record RealEndpoint(string Provider, string Model, string? BaseUrl, string? ApiKey, int Tolerance, int OrderMargin, int Parallelism)
{
    public static RealEndpoint? FromEnvironment()
    {
        static string? Read(string name) => Environment.GetEnvironmentVariable(name) is { Length: > 0 } value ? value.Trim() : null;
        static int Number(string name, int fallback) => int.TryParse(Read(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= 0 ? n : fallback;

        if (Read("CANDOR_SIM_PROVIDER") is not { } provider || Read("CANDOR_SIM_MODEL") is not { } model)
        {
            return null;
        }
        return new RealEndpoint(provider, model, Read("CANDOR_SIM_BASE_URL"), Read("CANDOR_SIM_API_KEY"),
            Number("CANDOR_SIM_TOLERANCE", 5), Number("CANDOR_SIM_ORDER_MARGIN", 5), Math.Max(1, Number("CANDOR_SIM_PARALLELISM", 4)));
    }

    public override string ToString() => $"{Provider} {Model} at {BaseUrl ?? "(provider default)"}";
}
