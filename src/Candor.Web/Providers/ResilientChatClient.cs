using System.Runtime.CompilerServices;
using Candor.Web.Infrastructure;
using Microsoft.Extensions.AI;

namespace Candor.Web.Providers;

/// <summary>
/// Timeout, retry and circuit breaking around a provider adapter. Retries only what may succeed on a
/// second try (429, 5xx, timeouts, network errors), never 400/401/403; waits what Retry-After asks on
/// 429/503, else exponential backoff with jitter. A stream is retried only before its first chunk:
/// after that the caller has already shown words to the candidate.
/// </summary>
public sealed class ResilientChatClient(IChatClient inner, AiEndpoint endpoint, CircuitBreaker breaker, TimeProvider clock, ILogger logger)
    : DelegatingChatClient(inner)
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(10);

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        for (var attempt = 0; ; attempt++)
        {
            breaker.Enter();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(endpoint.Timeout);
            AiProviderException failure;
            try
            {
                var response = await base.GetResponseAsync(history, options, timeout.Token);
                breaker.RecordSuccess();
                return response;
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

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var history = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        for (var attempt = 0; ; attempt++)
        {
            breaker.Enter();
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(endpoint.Timeout);
            var stream = base.GetStreamingResponseAsync(history, options, timeout.Token).GetAsyncEnumerator(timeout.Token);
            await using (stream)
            {
                var (hasFirst, firstFailure) = await MoveNextAsync(stream, timeout, cancellationToken);
                if (firstFailure is not null)
                {
                    await WaitBeforeRetryAsync(firstFailure, attempt, cancellationToken);
                    continue;
                }
                breaker.RecordSuccess();
                if (!hasFirst)
                {
                    yield break;
                }
                yield return stream.Current;

                while (true)
                {
                    // The timeout now bounds the silence between chunks, not the whole reply.
                    timeout.CancelAfter(endpoint.Timeout);
                    var (hasNext, failure) = await MoveNextAsync(stream, timeout, cancellationToken);
                    if (failure is not null)
                    {
                        if (failure.CountsAgainstCircuit)
                        {
                            breaker.RecordFailure();
                        }
                        throw failure;
                    }
                    if (!hasNext)
                    {
                        yield break;
                    }
                    yield return stream.Current;
                }
            }
        }
    }

    /// <summary>Advances the stream, returning a failure rather than throwing it (a yield cannot sit in a try/catch).</summary>
    private async Task<(bool HasItem, AiProviderException? Failure)> MoveNextAsync(
        IAsyncEnumerator<ChatResponseUpdate> stream, CancellationTokenSource timeout, CancellationToken cancellationToken)
    {
        try
        {
            return (await stream.MoveNextAsync(), null);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return (false, Classify(ex, timeout));
        }
        catch
        {
            breaker.RecordAbandoned();
            throw;
        }
    }

    private AiProviderException Classify(Exception exception, CancellationTokenSource timeout) => exception switch
    {
        // Our own deadline fired; whatever the SDK made of the cancellation, it is a timeout.
        _ when timeout.IsCancellationRequested => new AiProviderException(AiFailureKind.Timeout,
            $"{endpoint.ProviderName} did not answer within {endpoint.Timeout.TotalSeconds:0.###} s.", innerException: exception),
        AiProviderException provider => provider,
        _ when OutboundUrlGuard.IsRefusal(exception) => new AiProviderException(AiFailureKind.Refused,
            $"{endpoint.ProviderName} base URL refused by the SSRF guard.", innerException: exception),
        HttpRequestException or IOException => new AiProviderException(AiFailureKind.Network, $"{endpoint.ProviderName} could not be reached.", innerException: exception),
        _ => new AiProviderException(AiFailureKind.InvalidResponse, $"{endpoint.ProviderName} call failed: {exception.GetType().Name}.", innerException: exception),
    };

    /// <summary>Records the failure, then waits before the next attempt, or throws when there is none.</summary>
    private async Task WaitBeforeRetryAsync(AiProviderException failure, int attempt, CancellationToken cancellationToken)
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
        if (!failure.IsTransient || attempt >= endpoint.MaxRetries || opened)
        {
            if (opened)
            {
                logger.LogWarning("AI circuit for {Circuit} opened for {OpenSeconds} s after repeated failures ({Outcome})",
                    breaker.Name, endpoint.OpenDuration.TotalSeconds, failure.Outcome);
            }
            throw GiveUp(failure);
        }

        TimeSpan delay;
        if (failure.RetryAfter is { } asked)
        {
            if (asked > endpoint.MaxRetryAfter)
            {
                // Waiting minutes would stall an interview; fail now and let the offline engine answer.
                throw GiveUp(failure);
            }
            delay = asked;
        }
        else
        {
            var exponential = endpoint.RetryBaseDelay.TotalMilliseconds * Math.Pow(2, attempt);
            delay = TimeSpan.FromMilliseconds(Math.Min(exponential, MaxBackoff.TotalMilliseconds) * (0.5 + Random.Shared.NextDouble() / 2));
        }
        logger.LogWarning("AI call to {Provider} model {Model} failed ({Outcome}, HTTP {Status}); retry {Retry} of {MaxRetries} in {DelayMs} ms",
            endpoint.ProviderName, endpoint.Model, failure.Outcome, failure.StatusCode, attempt + 1, endpoint.MaxRetries, (long)delay.TotalMilliseconds);
        await Task.Delay(delay, clock, cancellationToken);
    }

    /// <summary>
    /// Logs the final failure with what the provider said: the operator's log is the one place that detail goes
    /// (ai_usage, which the organisation reads, keeps only the status line).
    /// </summary>
    private AiProviderException GiveUp(AiProviderException failure)
    {
        logger.LogWarning("AI call to {Provider} model {Model} at {BaseUrl} failed ({Outcome}, HTTP {Status}): {Detail}",
            endpoint.ProviderName, endpoint.Model, endpoint.BaseUrl, failure.Outcome, failure.StatusCode, failure.Detail ?? failure.Message);
        return failure;
    }
}
