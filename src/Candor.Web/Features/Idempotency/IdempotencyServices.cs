using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Idempotency;

public static class IdempotencyServices
{
    public static IServiceCollection AddIdempotency(this IServiceCollection services)
    {
        services.AddOptions<IdempotencyOptions>().BindConfiguration(IdempotencyOptions.Section);
        services.AddSingleton<IdempotencyStore>();
        services.AddHostedService<IdempotencyKeyCleaner>();
        return services;
    }

    /// <summary>After UseAuthorization: a request must be authenticated and allowed before it may claim a key.</summary>
    public static IApplicationBuilder UseIdempotency(this IApplicationBuilder app) => app.UseMiddleware<IdempotencyMiddleware>();
}

/// <summary>Deletes expired keys. Correctness never waits for it: an expired key is reusable even before it is deleted.</summary>
public sealed class IdempotencyKeyCleaner(IdempotencyStore store, IOptionsMonitor<IdempotencyOptions> options, TimeProvider clock, ILogger<IdempotencyKeyCleaner> logger)
    : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.CurrentValue.CleanupInterval, clock);
        do
        {
            try
            {
                var deleted = await store.DeleteExpiredAsync(stoppingToken);
                if (deleted > 0)
                {
                    logger.LogInformation("Deleted {Count} expired idempotency keys", deleted);
                }
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(ex, "Idempotency key cleanup failed; will retry next interval");
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken).AsTask().ContinueWith(t => !t.IsCanceled && t.Result, TaskScheduler.Default));
    }
}
