using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Candor.Web.Providers;

/// <summary>
/// /health's report on the AI: with a provider configured, one tiny real call straight to the provider adapter,
/// bypassing retries and the circuit breaker, so it tells the truth even while a circuit is open (and never
/// trips one). A failing provider is Degraded, not Unhealthy: interviews still run on the offline engine. The
/// answer is reused for a short while, so frequent health probes do not become a stream of paid calls.
/// </summary>
public sealed class AiHealthCheck(ChatClientFactory clients, IOptionsMonitor<AiProviderOptions> options, TimeProvider clock) : IHealthCheck
{
    private static readonly TimeSpan ReuseFor = TimeSpan.FromSeconds(15);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private (DateTimeOffset At, AiEndpoint Endpoint, HealthCheckResult Result)? _last;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (options.CurrentValue.Resolve(Guid.Empty, plan: null) is not { } endpoint)
        {
            return HealthCheckResult.Healthy("No AI provider configured: the offline engine answers.", new Dictionary<string, object> { ["provider"] = "offline" });
        }
        await _gate.WaitAsync(cancellationToken);
        try
        {
            if (_last is { } last && last.Endpoint == endpoint && clock.GetUtcNow() - last.At < ReuseFor)
            {
                return last.Result;
            }
            var result = await ProbeAsync(endpoint, cancellationToken);
            _last = (clock.GetUtcNow(), endpoint, result);
            return result;
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<HealthCheckResult> ProbeAsync(AiEndpoint endpoint, CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, object> { ["provider"] = endpoint.ProviderName, ["model"] = endpoint.Model };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(endpoint.Timeout);
        try
        {
            var probe = clients.GetUnguardedAdapter(endpoint);
            await probe.GetResponseAsync([new ChatMessage(ChatRole.User, "Reply with OK.")],
                new ChatOptions { ModelId = endpoint.Model, MaxOutputTokens = 4 }.WithCallContext("health_check"), timeout.Token);
            return HealthCheckResult.Healthy($"{endpoint.ProviderName} answered.", data);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            var why = ex switch
            {
                _ when timeout.IsCancellationRequested => "no answer in time",
                AiProviderException provider => provider.Summary,
                _ => "the call failed",
            };
            return HealthCheckResult.Degraded($"{endpoint.ProviderName} is failing ({why}); the offline engine answers meanwhile.", data: data);
        }
    }
}
