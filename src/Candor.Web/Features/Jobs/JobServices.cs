namespace Candor.Web.Features.Jobs;

public static class JobServices
{
    /// <summary>The job services the API and the recruiter's job pages share.</summary>
    public static IServiceCollection AddJobs(this IServiceCollection services)
    {
        services.AddScoped<JobCreator>();
        services.AddScoped<JobQuestionEditor>();
        return services;
    }
}
