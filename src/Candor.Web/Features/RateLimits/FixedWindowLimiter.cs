using System.Threading.RateLimiting;

namespace Candor.Web.Features.RateLimits;

/// <summary>
/// A fixed window of <c>permitLimit</c> requests that opens with the first request and lasts
/// <c>window</c>. Unlike the built-in FixedWindowRateLimiter, its leases say exactly how many
/// requests remain and when the window resets, which the RateLimit headers need. It never queues:
/// an API answers 429 at once rather than holding the connection.
/// </summary>
public sealed class FixedWindowLimiter(int permitLimit, TimeSpan window, TimeProvider clock) : RateLimiter
{
    private readonly Lock _gate = new();
    private long _windowStartedAt;
    private int _used;
    private bool _open;

    public int PermitLimit => permitLimit;

    /// <summary>Idle once the window has closed: the partitioned limiter may then drop this instance, losing nothing.</summary>
    public override TimeSpan? IdleDuration
    {
        get
        {
            lock (_gate)
            {
                var elapsed = clock.GetElapsedTime(_windowStartedAt);
                return !_open ? TimeSpan.Zero : elapsed >= window ? elapsed - window : null;
            }
        }
    }

    public override RateLimiterStatistics? GetStatistics()
    {
        lock (_gate)
        {
            var current = _open && clock.GetElapsedTime(_windowStartedAt) < window ? _used : 0;
            return new RateLimiterStatistics { CurrentAvailablePermits = permitLimit - current };
        }
    }

    protected override RateLimitLease AttemptAcquireCore(int permitCount)
    {
        lock (_gate)
        {
            var now = clock.GetTimestamp();
            var closed = !_open || clock.GetElapsedTime(_windowStartedAt, now) >= window;
            if (closed && permitCount == 0)
            {
                // Zero permits asks without taking, and a question does not open a window: every permit is left.
                return new WindowLease(true, permitLimit, permitLimit, window);
            }
            if (closed)
            {
                _open = true;
                _windowStartedAt = now;
                _used = 0;
            }
            var resetAfter = window - clock.GetElapsedTime(_windowStartedAt, now);
            // Zero permits asks without taking: granted while any permit is left.
            if (permitCount == 0 ? _used >= permitLimit : _used + permitCount > permitLimit)
            {
                return new WindowLease(false, permitLimit, 0, resetAfter);
            }
            _used += permitCount;
            return new WindowLease(true, permitLimit, permitLimit - _used, resetAfter);
        }
    }

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(AttemptAcquireCore(permitCount));
}

/// <summary>The outcome of one request against a window: what remains and when it resets.</summary>
public sealed class WindowLease(bool acquired, int limit, int remaining, TimeSpan resetAfter) : RateLimitLease
{
    public override bool IsAcquired => acquired;

    public int Limit => limit;

    public int Remaining => remaining;

    public TimeSpan ResetAfter => resetAfter;

    public override IEnumerable<string> MetadataNames => acquired ? [] : [MetadataName.RetryAfter.Name];

    public override bool TryGetMetadata(string metadataName, out object? metadata)
    {
        if (!acquired && metadataName == MetadataName.RetryAfter.Name)
        {
            metadata = resetAfter;
            return true;
        }
        metadata = null;
        return false;
    }
}
