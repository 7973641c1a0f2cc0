namespace Candor.Web.Providers;

public static class AiServices
{
    /// <summary>The AI roles, chosen per organisation. With no provider configured every role runs on the offline engine.</summary>
    public static IServiceCollection AddCandorAi(this IServiceCollection services)
    {
        services.AddSingleton<AiRoles>();
        return services;
    }
}
