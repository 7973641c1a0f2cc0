using Candor.Engine.Ai;
using Candor.Engine.Ai.Offline;

namespace Candor.Web.Providers;

public static class AiServices
{
    /// <summary>The AI roles. With no provider configured every role runs on the offline engine.</summary>
    public static IServiceCollection AddCandorAi(this IServiceCollection services)
    {
        services.AddSingleton<IQuestionWriter, OfflineQuestionWriter>();
        services.AddSingleton<IInterviewer, OfflineInterviewer>();
        services.AddSingleton<IAnswerEvaluator, OfflineAnswerEvaluator>();
        services.AddSingleton<IReportWriter, OfflineReportWriter>();
        return services;
    }
}
