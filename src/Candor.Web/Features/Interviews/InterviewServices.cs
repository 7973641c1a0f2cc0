using Candor.Web.Features.Scoring;
using Candor.Web.Features.Sessions;
using Candor.Web.Jobs;

namespace Candor.Web.Features.Interviews;

public static class InterviewServices
{
    public static IServiceCollection AddInterviews(this IServiceCollection services)
    {
        services.AddScoped<InterviewConductor>();
        services.AddScoped<InterviewScheduler>();
        services.AddScoped<InterviewInvitations>();
        services.AddScoped<CandidateMails>();
        services.AddJobHandler<ScoreAnswerJob>(ScoreAnswerJob.JobKind);
        services.AddJobHandler<BuildReportJob>(BuildReportJob.JobKind);
        services.AddSingleton<InterviewSweeper>();
        services.AddHostedService(provider => provider.GetRequiredService<InterviewSweeper>());
        return services;
    }
}
