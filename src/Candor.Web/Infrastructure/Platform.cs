using Candor.Web.Data;
using Candor.Web.Features.CodeRuns;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Features.Audio;
using Candor.Web.Features.BackgroundJobs;
using Candor.Web.Features.Dashboard;
using Candor.Web.Features.Greenhouse;
using Candor.Web.Features.Idempotency;
using Candor.Web.Features.Interviews;
using Candor.Web.Features.Jobs;
using Candor.Web.Features.Quotas;
using Candor.Web.Features.RateLimits;
using Candor.Web.Features.Rooms;
using Candor.Web.Features.CandidateResults;
using Candor.Web.Features.ScenarioQuestions;
using Candor.Web.Features.Sessions;
using Candor.Web.Features.Shell;
using Candor.Web.Features.Validity;
using Candor.Web.Providers;
using Candor.Web.Features.Webhooks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;

namespace Candor.Web.Infrastructure;

/// <summary>The cross-cutting web plumbing: JSON shape, problem details, API key auth, OpenAPI, body limits, input text checks.</summary>
public static class Platform
{
    public static WebApplicationBuilder AddCandorPlatform(this WebApplicationBuilder builder)
    {
        // Maps static assets (and their compressed variants, built into obj/) when the app runs from a build
        // rather than a publish in any environment, as ./candor run does; a published app has no such manifest.
        builder.WebHost.UseStaticWebAssets();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureEndpointDefaults(listen => listen.UseNulInRequestPathRewrite()));
        var services = builder.Services;
        services.Configure<CandorOptions>(builder.Configuration.GetSection(CandorOptions.Section));
        services.AddSingleton(TimeProvider.System);
        services.Configure<JsonOptions>(options => CandorJson.Configure(options.SerializerOptions));
        // Bad JSON throws, so the exception handler can answer with a problem that names the field.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.AddProblemDetails();
        services.AddExceptionHandler<ApiProblemExceptionHandler>();
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorization();
        services.AddOpenApi("v1");
        services.AddRazorComponents();
        services.AddHealthChecks().AddCheck<AiHealthCheck>("ai");
        services.AddSingleton<AiHealthCheck>();
        return builder;
    }

    public static WebApplication UseCandorPlatform(this WebApplication app)
    {
        app.UseSecurityHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRequestBodyLimit();
        app.UseRequestTextChecks();
        app.UseAuthentication();
        app.UseRateLimits();
        app.UseAuthorization();
        // After authentication: a form's token is bound to the signed-in user, so it must be checked against that user.
        app.UseAntiforgery();
        app.UseIdempotency();
        return app;
    }

    public static WebApplication MapCandorApi(this WebApplication app)
    {
        app.MapOpenApi("/openapi/{documentName}.json");
        app.MapStaticAssets();
        app.MapRazorComponents<App>();
        app.MapResultsExports();
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportJson.WriteAsync });
        // Browsers and crawlers ask for /favicon.ico whatever the page links; the icon is an SVG.
        app.MapGet("/favicon.ico", () => Results.Redirect("/favicon.svg", permanent: true)).ExcludeFromDescription();
        app.MapDashboardEndpoints();
        var api = app.MapGroup("/api/v1").CheckJsonBodyText();
        api.MapJobsApi();
        api.MapInterviewsApi();
        api.MapSessionsApi();
        api.MapAudioApi();
        api.MapBackgroundJobsApi();
        api.MapGreenhouseApi();
        api.MapAiUsageApi();
        api.MapApiKeysApi();
        api.MapUsageApi();
        api.MapWebhooksApi();
        api.MapRoomsApi();
        api.MapRoomAiApi();
        api.MapLiveCodeApi();
        api.MapRoomReportApi();
        api.MapWeaknessesApi();
        api.MapValidityApi();
        api.MapProblemsApi();
        api.MapScenarioQuestionsApi();
        return app;
    }
}
