namespace Candor.Web.Jobs;

/// <summary>Which handler runs which job kind. Handlers are scoped, so the worker resolves them per job.</summary>
public sealed record JobHandlerRegistration(string Kind, Type HandlerType);

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
}
