using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Candor.Web.Infrastructure;

/// <summary>
/// Ships Candor's meters (Candor.Ai: LLM and speech calls, <c>ai.stt.*</c> / <c>ai.tts.*</c>; Candor.Voice: per-turn
/// latency) to an OpenTelemetry collector over OTLP when an operator names one with the standard
/// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> variable (protocol, headers and interval from the other <c>OTEL_*</c>
/// variables). Without it nothing is exported and nothing is collected.
/// </summary>
public static class MetricsExport
{
    public const string EndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    public static WebApplicationBuilder AddMetricsExport(this WebApplicationBuilder builder)
    {
        if (string.IsNullOrWhiteSpace(builder.Configuration[EndpointVariable]))
        {
            return builder;
        }
        builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("candor"))
            .WithMetrics(metrics => metrics
                .AddMeter(Providers.AiMetrics.MeterName, Features.Audio.VoiceMetrics.MeterName)
                .AddOtlpExporter());
        return builder;
    }
}
