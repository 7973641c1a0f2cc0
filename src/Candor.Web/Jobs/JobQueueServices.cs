using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Candor.Web.Jobs;

/// <summary>Which handler runs which job kind. Handlers are scoped, so the worker resolves them per job.</summary>
/// <param name="Queue">A named queue with its own concurrency (see <see cref="JobQueueDefinition"/>); null: the general pool.</param>
public sealed record JobHandlerRegistration(string Kind, Type HandlerType, string? Queue = null);

public static class JobQueueServices
{
    public static IServiceCollection AddJobQueue(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<JobQueueOptions>(configuration.GetSection("Candor:Jobs"));
        // Before the workers, so it stops after them: whatever they could not hand back is marked free at once.
        services.AddSingleton<WorkerNode>();
        services.AddHostedService(provider => provider.GetRequiredService<WorkerNode>());
        services.AddSingleton<JobWorker>();
        services.AddHostedService(provider => provider.GetRequiredService<JobWorker>());
        return services;
    }

    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services, string kind) where THandler : class, IJobHandler
    {
        services.AddScoped<THandler>();
        services.AddSingleton(new JobHandlerRegistration(kind, typeof(THandler)));
        return services;
    }

    /// <summary>
    /// A handler whose jobs run on their own named queue. <paramref name="defaults"/> apply unless configuration
    /// (Candor:Jobs:Queues:&lt;name&gt;) sets the queue itself.
    /// </summary>
    public static IServiceCollection AddJobHandler<THandler>(this IServiceCollection services, string kind, string queue, JobQueueDefinition defaults)
        where THandler : class, IJobHandler
    {
        services.TryAddScoped<THandler>();
        services.AddSingleton(new JobHandlerRegistration(kind, typeof(THandler), queue));
        services.PostConfigure<JobQueueOptions>(options => options.Queues.TryAdd(queue, defaults));
        return services;
    }
}
