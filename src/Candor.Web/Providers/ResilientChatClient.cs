using System.Runtime.CompilerServices;
using Candor.Web.Infrastructure;
using Microsoft.Extensions.AI;

namespace Candor.Web.Providers;

/// <summary>
/// Timeout, retry and circuit breaking around a provider adapter, by the rules of <see cref="ProviderRetry"/>.
/// A stream is retried only before its first chunk: after that the caller has already shown words to the candidate.
/// </summary>
public sealed class ResilientChatClient(IChatClient inner, AiEndpoint endpoint, CircuitBreaker breaker, TimeProvider clock, ILogger logger)
    : DelegatingChatClient(inner)
{
    private readonly ProviderRetry _retry = new(endpoint.ProviderName, endpoint.Model, endpoint.Resilience, breaker, clock, logger);

    /// <summary>Exposes this credential's circuit, so callers can refuse work up front while it is open (rooms answer 503).</summary>
    public override object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(CircuitBreaker) ? breaker : base.GetService(serviceType, serviceKey);

    public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var history = messages as IReadOnlyCollection<ChatMessage> ?? messages.ToList();
        return _retry.ExecuteAsync(token => base.GetResponseAsync(history, options, token), cancellationToken);
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
                    await _retry.WaitBeforeRetryAsync(firstFailure, attempt, cancellationToken);
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
            return (false, _retry.Classify(ex, timeout));
        }
        catch
        {
            breaker.RecordAbandoned();
            throw;
        }
    }
}
