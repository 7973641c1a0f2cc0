using System.Diagnostics.Metrics;
using System.Text.Json;
using Candor.Web.Data;
using Candor.Web.Providers;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Candor.Web.Tests.Providers;

public sealed class ProviderSecretsAndMetricsTests : IAsyncLifetime
{
    private FakeLlmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeLlmServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Calls_emit_counts_tokens_cost_and_latency_tagged_by_provider_model_role_and_outcome()
    {
        var model = $"gpt-metrics-{Guid.NewGuid():N}";
        using var harness = ProviderHarness.For("openai", _server, model);
        var measurements = new List<(string Instrument, double Value, Dictionary<string, object?> Tags)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == AiMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Collect(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var tagged = tags.ToArray().ToDictionary(t => t.Key, t => t.Value);
            if (Equals(tagged.GetValueOrDefault("model"), model))
            {
                lock (measurements)
                {
                    measurements.Add((instrument.Name, value, tagged));
                }
            }
        }
        listener.SetMeasurementEventCallback<long>((i, v, t, _) => Collect(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Collect(i, v, t));
        listener.Start();

        _server.Then(new FakeReply(InputTokens: 1000, OutputTokens: 100), new FakeReply(Status: 401));
        await harness.Client().GetResponseAsync("Hi", new ChatOptions().WithCallContext("coach"));
        await Should.ThrowAsync<AiProviderException>(() => harness.Client().GetResponseAsync("Hi", new ChatOptions().WithCallContext("coach")));

        double Sum(string name, string outcome) => measurements.Where(m => m.Instrument == name && Equals(m.Tags["outcome"], outcome)).Sum(m => m.Value);
        Sum("candor.ai.calls", "success").ShouldBe(1);
        Sum("candor.ai.tokens.input", "success").ShouldBe(1000);
        Sum("candor.ai.tokens.output", "success").ShouldBe(100);
        Sum("candor.ai.cost_usd", "success").ShouldBe(0.0035, 0.000001); // 1000 × 2.5/M + 100 × 10/M
        measurements.Count(m => m.Instrument == "candor.ai.latency").ShouldBe(2);
        Sum("candor.ai.calls", "unauthorized").ShouldBe(1);
        measurements.ShouldAllBe(m => Equals(m.Tags["provider"], "openai") && Equals(m.Tags["role"], "coach"));
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task The_api_key_never_reaches_logs_errors_or_usage_rows(string provider)
    {
        using var harness = ProviderHarness.For(provider, _server, "m-secret", s => s["Candor:Ai:MaxRetries"] = "1");
        _server.Then(
            new FakeReply("fine"),
            new FakeReply(Status: 500, ErrorMessage: $"upstream echoed {ProviderHarness.ApiKey}"),
            new FakeReply(Status: 401, ErrorMessage: $"Incorrect API key provided: {ProviderHarness.ApiKey}"));

        await harness.Client().GetResponseAsync("Hello");
        var error = await Should.ThrowAsync<AiProviderException>(() => harness.Client().GetResponseAsync("Hello"));
        var endpoint = harness.Factory.Resolve(Guid.NewGuid(), "essential")!;
        var options = harness.Services.GetRequiredService<IOptions<AiProviderOptions>>().Value;

        _server.Requests.Count.ShouldBe(3);
        harness.Logs.Lines.Count.ShouldBeGreaterThan(0);
        harness.Logs.Lines.ShouldAllBe(line => !line.Contains(ProviderHarness.ApiKey));
        error.ToString().ShouldNotContain(ProviderHarness.ApiKey);
        harness.Usage.Records.ShouldAllBe(r => r.Error == null || !r.Error.Contains(ProviderHarness.ApiKey));
        endpoint.ApiKey.ShouldBe(ProviderHarness.ApiKey, "the key is there to be used…");
        endpoint.ToString().ShouldNotContain(ProviderHarness.ApiKey);
        options.ToString().ShouldNotContain(ProviderHarness.ApiKey);
        JsonSerializer.Serialize(endpoint, CandorJson.Options).ShouldNotContain(ProviderHarness.ApiKey);
        JsonSerializer.Serialize(options, CandorJson.Options).ShouldNotContain(ProviderHarness.ApiKey);
        JsonSerializer.Serialize(harness.Usage.Records, CandorJson.Options).ShouldNotContain(ProviderHarness.ApiKey);
    }
}
