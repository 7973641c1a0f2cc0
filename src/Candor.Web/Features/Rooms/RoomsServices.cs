using Candor.Web.Jobs;

namespace Candor.Web.Features.Rooms;

public static class RoomsServices
{
    /// <summary>Rooms, their AI jobs on three named queues (the contract's kinds, queues and concurrency), and the limits.</summary>
    public static IServiceCollection AddRooms(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<RoomAiOptions>(configuration.GetSection("Candor:Rooms"));
        services.AddScoped<RoomAccess>();
        services.AddScoped<StageRooms>();
        services.AddScoped<RoomAiGate>();
        services.AddJobHandler<RoomAiJob>(RoomAiApi.InterviewKind, RoomAiApi.InterviewQueue, new JobQueueDefinition { Concurrency = 3 });
        services.AddJobHandler<RoomAiJob>(RoomAiApi.HintKind, RoomAiApi.HintQueue, new JobQueueDefinition { Concurrency = 5 });
        services.AddJobHandler<RoomAiJob>(RoomAiApi.ReviewKind, RoomAiApi.ReviewQueue, new JobQueueDefinition { Concurrency = 3 });
        return services;
    }
}
