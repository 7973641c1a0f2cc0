namespace Candor.Web.Features.ScenarioQuestions;

public static class ScenarioQuestionsServices
{
    /// <summary>The scenario library (system questions embedded, custom ones per organisation).</summary>
    public static IServiceCollection AddScenarioQuestions(this IServiceCollection services)
    {
        services.AddScoped<ScenarioQuestionCatalog>();
        return services;
    }
}
