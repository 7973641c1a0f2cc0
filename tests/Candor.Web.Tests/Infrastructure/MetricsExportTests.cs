using System.Collections.Concurrent;
using System.Text;
using Candor.Web.Providers.Speech;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Infrastructure;

/// <summary>
/// Issue 9's metrics leave the process: with OTEL_EXPORTER_OTLP_ENDPOINT set, the real OpenTelemetry OTLP exporter
/// posts protobuf to a collector (here a loopback server standing in for one) and the speech metrics are in it by
/// their names. Protobuf keeps strings as UTF-8 bytes, so the names can be found in the raw body.
/// </summary>
public sealed class MetricsExportTests
{
    [Fact]
    public async Task Speech_metrics_reach_an_otlp_collector_under_their_names()
    {
        var bodies = new ConcurrentQueue<string>();
        var (collector, baseUrl) = await LoopbackServer.StartAsync(app => app.MapPost("/v1/metrics", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            bodies.Enqueue(Encoding.UTF8.GetString(buffer.ToArray()));
            return Results.Ok();
        }));
        await using var _ = collector;
        await using var app = new CandorApp()
            .With("OTEL_EXPORTER_OTLP_ENDPOINT", baseUrl)
            .With("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf")
            .With("OTEL_METRIC_EXPORT_INTERVAL", "200");
        await app.InitializeAsync();

        var metrics = app.Services.GetRequiredService<SpeechMetrics>();
        metrics.SpeechToText("offline", "pocketsphinx", "ok", 420, TimeSpan.FromSeconds(3));
        metrics.SpeechToText("deepgram", "nova-3", "server_error", 90, null);
        metrics.TextToSpeechFirstByte("offline", "festival", 310);
        metrics.TextToSpeechFailed("elevenlabs", "eleven_flash_v2_5", "timeout");

        string[] names = ["ai.stt.latency_ms", "ai.stt.audio_duration_ms", "ai.stt.failures", "ai.tts.latency_ms", "ai.tts.failures"];
        for (var i = 0; i < 600 && !names.All(name => bodies.Any(body => body.Contains(name, StringComparison.Ordinal))); i++)
        {
            await Task.Delay(100);
        }
        var exported = string.Join("\n", bodies);
        foreach (var name in names)
        {
            exported.ShouldContain(name, customMessage: $"{bodies.Count} exports received");
        }
    }

    [Fact]
    public async Task Without_a_collector_nothing_is_exported()
    {
        await using var app = new CandorApp();
        await app.InitializeAsync();
        app.Services.GetService<OpenTelemetry.Metrics.MeterProvider>().ShouldBeNull();
    }
}
