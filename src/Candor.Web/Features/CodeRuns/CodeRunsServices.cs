using Candor.Web.Features.CodeRuns.Runners;
using Candor.Web.Sandbox;

namespace Candor.Web.Features.CodeRuns;

public static class CodeRunsServices
{
    /// <summary>The sandbox, a runner per language, the problem bank and the organisation's own problems.</summary>
    public static IServiceCollection AddCodeRuns(this IServiceCollection services)
    {
        services.AddOptions<SandboxOptions>().BindConfiguration(SandboxOptions.SectionName);
        services.AddSingleton<SandboxProcess>();
        services.AddSingleton<SandboxTools>();
        services.AddSingleton<ILanguageToolchain, PythonToolchain>();
        services.AddSingleton<ILanguageToolchain, JavaScriptToolchain>();
        services.AddSingleton<ILanguageToolchain, TypeScriptToolchain>();
        services.AddSingleton<ILanguageToolchain, CSharpToolchain>();
        services.AddSingleton<SqlRunner>();
        services.AddSingleton<ICodeRunner, SandboxCodeRunner>();
        services.AddScoped<IProblemCatalog, ProblemCatalog>();
        services.AddScoped<ProblemCreator>();
        return services;
    }
}
