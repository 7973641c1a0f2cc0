using Candor.Web.Data;
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
using Candor.Web.Features.CandidateResults;
using Candor.Web.Features.Sessions;
using Candor.Web.Features.Shell;
using Candor.Web.Providers;
using Candor.Web.Features.Webhooks;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Candor.Web.Infrastructure;

/// <summary>The cross-cutting web plumbing: JSON shape, problem details, API key auth, OpenAPI, body limits.</summary>
public static class Platform
{
    public static WebApplicationBuilder AddCandorPlatform(this WebApplicationBuilder builder)
    {
        // Maps static assets (and their compressed variants, built into obj/) when the app runs from a build
        // rather than a publish in any environment, as ./candor run does; a published app has no such manifest.
        builder.WebHost.UseStaticWebAssets();
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
        services.AddHealthChecks();
        return builder;
    }

    public static WebApplication UseCandorPlatform(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        var defaultMaxBody = app.Services.GetRequiredService<IOptions<CandorOptions>>().Value.MaxRequestBodyBytes;
        app.Use(async (context, next) =>
        {
            // An endpoint may declare its own limit ([RequestSizeLimit], e.g. the CSV upload page); the rest get the API's.
            var maxBody = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? defaultMaxBody;
            // Refuse oversize bodies up front with a problem, whatever server hosts us.
            if (context.Request.ContentLength > maxBody)
            {
                throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "Payload too large",
                    $"Request bodies are limited to {maxBody:N0} bytes.", "payload_too_large");
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = maxBody;
            }
            await next(context);
        });
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
        app.MapHealthChecks("/health");
        app.MapDashboardEndpoints();
        var api = app.MapGroup("/api/v1");
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
        return app;
    }
}
