using Candor.Web.Providers;

namespace Candor.Web.Tests.Providers;

public sealed class CircuitBreakerTests
{
    private sealed class ManualClock : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

        public override DateTimeOffset GetUtcNow() => Now;
    }

    [Fact]
    public void Opens_after_consecutive_failures_lets_one_trial_through_and_reopens_if_it_fails()
    {
        var clock = new ManualClock();
        var breaker = new CircuitBreaker("test", failuresBeforeOpen: 2, TimeSpan.FromSeconds(30), clock);

        breaker.Enter();
        breaker.RecordFailure().ShouldBeFalse();
        breaker.RecordSuccess(); // a success in between resets the count
        breaker.RecordFailure().ShouldBeFalse();
        breaker.RecordFailure().ShouldBeTrue();
        Should.Throw<AiProviderException>(breaker.Enter).Kind.ShouldBe(AiFailureKind.CircuitOpen);

        clock.Now += TimeSpan.FromSeconds(30);
        breaker.Enter(); // the trial
        Should.Throw<AiProviderException>(breaker.Enter, "only one trial at a time");
        breaker.RecordFailure().ShouldBeTrue("a failed trial re-opens at once");
        Should.Throw<AiProviderException>(breaker.Enter);

        clock.Now += TimeSpan.FromSeconds(30);
        breaker.Enter();
        breaker.RecordSuccess();
        breaker.Enter();
        breaker.IsOpen.ShouldBeFalse();
    }

    [Fact]
    public void An_abandoned_trial_lets_the_next_caller_try()
    {
        var clock = new ManualClock();
        var breaker = new CircuitBreaker("test", 1, TimeSpan.FromSeconds(5), clock);
        breaker.RecordFailure();
        clock.Now += TimeSpan.FromSeconds(5);
        breaker.Enter();
        breaker.RecordAbandoned();
        Should.NotThrow(breaker.Enter);
    }
}
