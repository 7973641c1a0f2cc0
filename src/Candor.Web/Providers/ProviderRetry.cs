namespace Candor.Web.Providers;

/// <summary>How patiently one provider endpoint is called: per-attempt timeout, retries and its circuit's thresholds.</summary>
public sealed record ProviderResilienceSettings(
    TimeSpan Timeout,
    int MaxRetries,
    TimeSpan RetryBaseDelay,
    TimeSpan MaxRetryAfter,
    int FailuresBeforeOpen,
    TimeSpan OpenDuration);

/// <summary>
/// The retry rules every provider call shares (LLM chat, speech-to-text, text-to-speech): retry only what may
/// succeed on a second try (429, 5xx, timeouts, network errors), never 400/401/403; wait what Retry-After asks on
/// 429/503 unless it is longer than the interview can afford, else exponential backoff with jitter; every failure
/// that says something about the endpoint's health counts against its <see cref="CircuitBreaker"/>.
/// </summary>
public sealed class ProviderRetry(string providerName, string model, ProviderResilienceSettings settings, CircuitBreaker breaker, TimeProvider clock, ILogger logger)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    public CircuitBreaker Breaker => breaker;

    public ProviderResilienceSettings Settings => settings;

    /// <summary>
    /// Runs <paramref name="call"/> with a fresh per-attempt deadline until it succeeds or the rules say stop. The
    /// caller's own cancellation is never retried nor counted against the endpoint.
    /// </summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            breaker.Enter();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(settings.Timeout);
            AiProviderException failure;
            try
            {
                var result = await call(timeout.Token);
                breaker.RecordSuccess();
                return result;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                failure = Classify(ex, timeout);
            }
            catch
            {
                breaker.RecordAbandoned();
                throw;
            }
            await WaitBeforeRetryAsync(failure, attempt, cancellationToken);
        }
    }

    public AiProviderException Classify(Exception exception, CancellationTokenSource timeout) => exception switch
    {
        // Our own deadline fired; whatever the SDK made of the cancellation, it is a timeout.
        _ when timeout.IsCancellationRequested => new AiProviderException(AiFailureKind.Timeout,
            $"{providerName} did not answer within {settings.Timeout.TotalSeconds:0.###} s.", innerException: exception),
        AiProviderException provider => provider,
        HttpRequestException or IOException => new AiProviderException(AiFailureKind.Network, $"{providerName} could not be reached.", innerException: exception),
        _ => new AiProviderException(AiFailureKind.InvalidResponse, $"{providerName} call failed: {exception.GetType().Name}.", innerException: exception),
    };

    /// <summary>Records the failure, then waits before the next attempt, or throws when there is none.</summary>
    public async Task WaitBeforeRetryAsync(AiProviderException failure, int attempt, CancellationToken cancellationToken)
    {
        if (failure.Kind == AiFailureKind.CircuitOpen)
        {
            throw failure;
        }
        if (!failure.CountsAgainstCircuit)
        {
            // A 400/401/403 is the endpoint answering: healthy, whatever it thinks of our request. This also
            // ends a half-open trial, which would otherwise keep the circuit open for good.
            breaker.RecordSuccess();
        }
        var opened = failure.CountsAgainstCircuit && breaker.RecordFailure();
        if (!failure.IsTransient || attempt >= settings.MaxRetries || opened)
        {
            if (opened)
            {
                logger.LogWarning("AI circuit for {Circuit} opened for {OpenSeconds} s after repeated failures ({Outcome})",
                    breaker.Name, settings.OpenDuration.TotalSeconds, failure.Outcome);
            }
            throw failure;
        }

        TimeSpan delay;
        if (failure.RetryAfter is { } asked)
        {
            if (asked > settings.MaxRetryAfter)
            {
                // Waiting minutes would stall an interview; fail now and let the offline engine answer.
                throw failure;
            }
            delay = asked;
        }
        else
        {
            var exponential = settings.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt);
            delay = TimeSpan.FromMilliseconds(Math.Min(exponential, MaxBackoff.TotalMilliseconds) * (0.5 + Random.Shared.NextDouble() / 2));
        }
        logger.LogWarning("AI call to {Provider} model {Model} failed ({Outcome}, HTTP {Status}); retry {Retry} of {MaxRetries} in {DelayMs} ms",
            providerName, model, failure.Outcome, failure.StatusCode, attempt + 1, settings.MaxRetries, (long)delay.TotalMilliseconds);
        await Task.Delay(delay, clock, cancellationToken);
    }
}
