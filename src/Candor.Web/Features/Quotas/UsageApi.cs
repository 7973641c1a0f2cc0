using Candor.Web.Data;
using Candor.Web.Features.ApiKeys;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Candor.Web.Features.Quotas;

public static class UsageApi
{
    public static RouteGroupBuilder MapUsageApi(this RouteGroupBuilder api)
    {
        api.MapGet("/usage", GetUsage).WithTags("Usage").RequireScope("interviews:read");
        return api;
    }

    /// <summary>This month's scheduled interviews against the plan's quota.</summary>
    private static async Task<Ok<UsageResponse>> GetUsage(UsageQuotas quotas, CandorDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await quotas.GetUsageAsync(db, cancellationToken));
}

public static class QuotaServices
{
    public static IServiceCollection AddQuotas(this IServiceCollection services)
    {
        services.AddOptions<QuotaOptions>().BindConfiguration(QuotaOptions.Section);
        services.AddSingleton<UsageQuotas>();
        services.AddSingleton<UsagePeriodRoller>();
        services.AddHostedService(provider => provider.GetRequiredService<UsagePeriodRoller>());
        return services;
    }
}
