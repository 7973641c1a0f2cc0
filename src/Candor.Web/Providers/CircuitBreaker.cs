using System.Collections.Concurrent;

namespace Candor.Web.Providers;

/// <summary>
/// Consecutive-failure circuit breaker for one provider endpoint. Closed: calls flow. After
/// <c>failuresBeforeOpen</c> failures in a row it opens and every call fails at once, without touching the
/// network, so interviews fall back to the offline engine instead of each waiting out timeouts. After the
/// open duration one trial call goes through (half-open): success closes the circuit, failure re-opens it.
/// </summary>
public sealed class CircuitBreaker(string name, int failuresBeforeOpen, TimeSpan openDuration, TimeProvider clock)
{
    private readonly Lock _lock = new();
    private int _consecutiveFailures;
    private DateTimeOffset? _openUntil;
    private bool _trialInFlight;

    public string Name { get; } = name;

    public bool IsOpen
    {
        get
        {
            lock (_lock)
            {
                return _openUntil is { } until && clock.GetUtcNow() < until;
            }
        }
    }

    /// <summary>Lets a call through, or throws <see cref="AiFailureKind.CircuitOpen"/>.</summary>
    public void Enter()
    {
        lock (_lock)
        {
            if (_openUntil is not { } until)
            {
                return;
            }
            var now = clock.GetUtcNow();
            if (now >= until && !_trialInFlight)
            {
                _trialInFlight = true; // half-open: this caller is the trial
                return;
            }
            var wait = until > now ? until - now : TimeSpan.Zero;
            throw new AiProviderException(AiFailureKind.CircuitOpen,
                $"The circuit for {Name} is open after repeated failures; failing fast for another {wait.TotalSeconds:0.#} s.", retryAfter: wait);
        }
    }

    /// <summary>The endpoint answered (even with a 4xx about our request): it is healthy.</summary>
    public void RecordSuccess()
    {
        lock (_lock)
        {
            _consecutiveFailures = 0;
            _openUntil = null;
            _trialInFlight = false;
        }
    }

    /// <returns>True when this failure opened (or re-opened) the circuit.</returns>
    public bool RecordFailure()
    {
        lock (_lock)
        {
            _consecutiveFailures++;
            var reopen = _trialInFlight || _consecutiveFailures >= failuresBeforeOpen;
            _trialInFlight = false;
            if (reopen)
            {
                _openUntil = clock.GetUtcNow() + openDuration;
            }
            return reopen;
        }
    }

    /// <summary>The call ended without telling us anything (the caller cancelled): let another trial go.</summary>
    public void RecordAbandoned()
    {
        lock (_lock)
        {
            _trialInFlight = false;
        }
    }
}

/// <summary>One breaker per provider + base URL, shared by every organisation that uses that endpoint.</summary>
public sealed class CircuitBreakerRegistry(TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, CircuitBreaker> _breakers = new(StringComparer.Ordinal);

    /// <summary>The thresholds of the first configuration that uses an endpoint win for that endpoint.</summary>
    public CircuitBreaker For(AiEndpoint endpoint) => For(endpoint.CircuitKey, endpoint.FailuresBeforeOpen, endpoint.OpenDuration);

    /// <summary>Any provider endpoint by its key (speech providers use "deepgram https://api.deepgram.com/" and the like).</summary>
    public CircuitBreaker For(string circuitKey, int failuresBeforeOpen, TimeSpan openDuration) =>
        _breakers.GetOrAdd(circuitKey, key => new CircuitBreaker(key, failuresBeforeOpen, openDuration, clock));
}
