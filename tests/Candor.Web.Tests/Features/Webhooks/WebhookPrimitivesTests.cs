using System.Net;
using System.Security.Cryptography;
using Candor.Web.Features.Webhooks;
using Candor.Web.Infrastructure;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Candor.Web.Tests.Features.Webhooks;

/// <summary>The pure parts: address classification, the retry schedule, signatures and secret encryption.</summary>
public sealed class WebhookPrimitivesTests
{
    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("127.255.0.9")]
    [InlineData("10.0.0.1")]
    [InlineData("172.16.0.1")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.0.1")]
    [InlineData("169.254.169.254")]
    [InlineData("100.64.0.1")]
    [InlineData("100.127.255.254")]
    [InlineData("0.0.0.0")]
    [InlineData("224.0.0.251")]
    [InlineData("255.255.255.255")]
    [InlineData("::")]
    [InlineData("::1")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:10.0.0.1")]
    [InlineData("fe80::1")]
    [InlineData("fc00::1")]
    [InlineData("fd12:3456::1")]
    [InlineData("ff02::1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("2002:7f00:1::1")]
    public void Internal_addresses_are_not_public(string address) =>
        OutboundUrlGuard.IsPublic(IPAddress.Parse(address)).ShouldBeFalse();

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("1.1.1.1")]
    [InlineData("100.63.255.255")]
    [InlineData("100.128.0.1")]
    [InlineData("172.32.0.1")]
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:93.184.215.14")]
    public void Public_addresses_are_public(string address) =>
        OutboundUrlGuard.IsPublic(IPAddress.Parse(address)).ShouldBeTrue();

    [Fact]
    public void The_retry_schedule_follows_standard_webhooks_with_twenty_percent_jitter()
    {
        var schedule = WebhookOptions.StandardRetryDelays;
        new WebhookOptions().MaxAttempts.ShouldBe(10);
        WebhookRetryPolicy.NextDelay(schedule, 1, null, 0.5).ShouldBe(TimeSpan.FromSeconds(5));
        WebhookRetryPolicy.NextDelay(schedule, 2, null, 0.0).ShouldBe(TimeSpan.FromSeconds(24));
        WebhookRetryPolicy.NextDelay(schedule, 2, null, 1.0).ShouldBe(TimeSpan.FromSeconds(36));
        WebhookRetryPolicy.NextDelay(schedule, 9, null, 0.5).ShouldBe(TimeSpan.FromHours(10));
        WebhookRetryPolicy.NextDelay(schedule, 10, null, 0.5).ShouldBeNull("the tenth attempt was the last");
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void A_half_minute_receiver_outage_delays_an_event_by_a_minute_or_two_and_retries_still_span_about_a_day(double jitter)
    {
        // When each attempt happens, from the first (at 0), with every delay jittered the same way.
        var schedule = WebhookOptions.StandardRetryDelays;
        var attempts = new List<TimeSpan> { TimeSpan.Zero };
        while (WebhookRetryPolicy.NextDelay(schedule, attempts.Count, null, jitter) is { } delay)
        {
            attempts.Add(attempts[^1] + delay);
        }

        // The receiver is down for the first 30 s: the first attempt after that delivers (at 35 s without jitter; at
        // the unluckiest jitter the second retry comes just before the receiver is back, and the third at about 2 min).
        var delivered = attempts.First(at => at >= TimeSpan.FromSeconds(30));
        delivered.ShouldBeLessThanOrEqualTo(TimeSpan.FromMinutes(2.5), "a short outage must not hold events back for five minutes");
        attempts[^1].ShouldBeInRange(TimeSpan.FromHours(20), TimeSpan.FromHours(36), "retries still cover about a day");
    }

    [Fact]
    public void Retry_after_is_honoured_but_never_shortens_the_wait_and_is_capped_at_the_longest_delay()
    {
        var schedule = WebhookOptions.StandardRetryDelays;
        WebhookRetryPolicy.NextDelay(schedule, 1, TimeSpan.FromSeconds(90), 0.5).ShouldBe(TimeSpan.FromSeconds(90));
        WebhookRetryPolicy.NextDelay(schedule, 2, TimeSpan.FromSeconds(1), 0.5).ShouldBe(TimeSpan.FromSeconds(30));
        WebhookRetryPolicy.NextDelay(schedule, 1, TimeSpan.FromDays(3), 0.5).ShouldBe(TimeSpan.FromHours(10));
    }

    [Fact]
    public void Signatures_match_the_standard_webhooks_test_vector()
    {
        WebhookSignature.Sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, """{"test": 2432232314}""")
            .ShouldBe("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
    }

    [Fact]
    public void Secrets_round_trip_only_under_the_same_key_and_the_same_endpoint()
    {
        var key = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
        var protector = Protector(key, "Production");
        var endpoint = Guid.NewGuid();
        var secret = WebhookSignature.NewSecret();
        var stored = protector.Protect(secret, endpoint);

        protector.Unprotect(stored, endpoint).ShouldBe(secret);
        protector.Protect(secret, endpoint).ShouldNotBe(stored, "every encryption uses a fresh nonce");
        Should.Throw<CryptographicException>(() => protector.Unprotect(stored, Guid.NewGuid()));
        Should.Throw<CryptographicException>(() => Protector(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)), "Production").Unprotect(stored, endpoint));
    }

    [Fact]
    public void In_production_without_a_key_storing_a_secret_is_refused_with_a_500_problem()
    {
        var problem = Should.Throw<ApiProblemException>(() => Protector(null, "Production").Protect("whsec_x", Guid.NewGuid()));
        problem.Status.ShouldBe(500);
        problem.Code.ShouldBe("secrets_key_missing");
        Should.Throw<ApiProblemException>(() => Protector("bm90LTMyLWJ5dGVz", "Development").EnsureConfigured());

        // Development and Testing fall back to a fixed key (with a warning), so local runs work without setup.
        var dev = Protector(null, "Development");
        var endpoint = Guid.NewGuid();
        dev.Unprotect(dev.Protect("whsec_x", endpoint), endpoint).ShouldBe("whsec_x");
    }

    private static WebhookSecretProtector Protector(string? key, string environment) =>
        new(Options.Create(new SecretsOptions { Key = key }), new HostingEnvironment { EnvironmentName = environment }, NullLogger<WebhookSecretProtector>.Instance);
}
