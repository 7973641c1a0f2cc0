using Candor.Web.Providers;
using Microsoft.Extensions.AI;

namespace Candor.Web.Tests.Providers;

/// <summary>Retries, timeouts, error mapping and the circuit breaker, through the real SDKs over real HTTP.</summary>
public sealed class ProviderResilienceTests : IAsyncLifetime
{
    private FakeLlmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeLlmServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task Rate_limit_is_retried_after_the_delay_Retry_After_asks_for(string provider)
    {
        using var harness = ProviderHarness.For(provider, _server, "m-429");
        _server.Then(new FakeReply(Status: 429, RetryAfter: "1"), new FakeReply("Recovered."));

        var response = await harness.Client().GetResponseAsync("Hello");

        response.Text.ShouldBe("Recovered.");
        _server.Requests.Count.ShouldBe(2);
        // The server saw the retry no earlier than the header asked (a lower bound: never flaky).
        (_server.Requests[1].ArrivedAt - _server.Requests[0].ArrivedAt).ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(950));
        harness.Logs.Lines.ShouldContain(l => l.Contains("rate_limited") && l.Contains("DelayMs=1000"));
        harness.Usage.Records.ShouldHaveSingleItem().Succeeded.ShouldBeTrue();
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task Server_error_is_retried_then_succeeds(string provider)
    {
        using var harness = ProviderHarness.For(provider, _server, "m-500");
        _server.Then(new FakeReply(Status: 500), new FakeReply("Second time lucky."));

        (await harness.Client().GetResponseAsync("Hello")).Text.ShouldBe("Second time lucky.");

        _server.Requests.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task Unauthorized_fails_at_once_without_retrying(string provider)
    {
        using var harness = ProviderHarness.For(provider, _server, "m-401", s => s["Candor:Ai:MaxRetries"] = "3");
        _server.Then(new FakeReply(Status: 401, ErrorMessage: "Invalid API key"));

        var error = await Should.ThrowAsync<AiProviderException>(() => harness.Client().GetResponseAsync("Hello"));

        error.Kind.ShouldBe(AiFailureKind.Unauthorized);
        error.StatusCode.ShouldBe(401);
        _server.Requests.Count.ShouldBe(1);
        var record = harness.Usage.Records.ShouldHaveSingleItem();
        record.Succeeded.ShouldBeFalse();
        record.Error!.ShouldStartWith("unauthorized");
    }

    [Fact]
    public async Task Bad_request_is_not_retried()
    {
        using var harness = ProviderHarness.For("openai", _server, "m-400");
        _server.Then(new FakeReply(Status: 400, ErrorMessage: "max_tokens is too large"));

        (await Should.ThrowAsync<AiProviderException>(() => harness.Client().GetResponseAsync("Hello"))).Kind.ShouldBe(AiFailureKind.BadRequest);
        _server.Requests.Count.ShouldBe(1);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task A_server_slower_than_the_timeout_fails_with_a_timeout_after_the_retries(string provider)
    {
        using var harness = ProviderHarness.For(provider, _server, "m-slow", s =>
        {
            s["Candor:Ai:TimeoutSeconds"] = "0.3";
            s["Candor:Ai:MaxRetries"] = "1";
        });
        _server.Fallback = new FakeReply(Delay: TimeSpan.FromSeconds(5));

        var error = await Should.ThrowAsync<AiProviderException>(() => harness.Client().GetResponseAsync("Hello"));

        error.Kind.ShouldBe(AiFailureKind.Timeout);
        _server.Requests.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task Malformed_json_surfaces_as_an_invalid_response(string provider)
    {
        using var harness = ProviderHarness.For(provider, _server, "m-broken");
        _server.Then(new FakeReply(Malformed: true));

        var error = await Should.ThrowAsync<AiProviderException>(() => harness.Client().GetResponseAsync("Hello"));

        error.Kind.ShouldBe(AiFailureKind.InvalidResponse);
        _server.Requests.Count.ShouldBe(1, "a body that cannot be read may have been billed; the role decides whether to try again");
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task A_stream_is_retried_before_its_first_chunk(string provider)
    {
        using var harness = ProviderHarness.For(provider, _server, "m-stream-retry");
        _server.Then(new FakeReply(Status: 503, RetryAfter: "0"), new FakeReply("Streaming after all."));

        var (text, _, usage) = await ProviderAdapterTests.ReadStreamAsync(harness.Client().GetStreamingResponseAsync("Hello"));

        text.ShouldBe("Streaming after all.");
        usage.ShouldNotBeNull();
        _server.Requests.Count.ShouldBe(2);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("anthropic")]
    public async Task The_circuit_opens_after_repeated_failures_fails_fast_then_closes(string provider)
    {
        using var harness = ProviderHarness.For(provider, _server, "m-circuit", s =>
        {
            s["Candor:Ai:MaxRetries"] = "0";
            s["Candor:Ai:CircuitBreaker:FailuresBeforeOpen"] = "3";
            s["Candor:Ai:CircuitBreaker:OpenSeconds"] = "0.5";
        });
        _server.Fallback = new FakeReply(Status: 500);
        // Two clients of one organisation (one credential) share its circuit; other organisations have their own.
        var organization = Guid.NewGuid();
        var first = harness.Client(organization);
        var second = harness.Client(organization, plan: "enterprise");

        for (var i = 0; i < 3; i++)
        {
            (await Should.ThrowAsync<AiProviderException>(() => (i % 2 == 0 ? first : second).GetResponseAsync("Hello"))).Kind.ShouldBe(AiFailureKind.ServerError);
        }
        _server.Requests.Count.ShouldBe(3);

        var open = await Should.ThrowAsync<AiProviderException>(() => second.GetResponseAsync("Hello"));
        open.Kind.ShouldBe(AiFailureKind.CircuitOpen);
        await Should.ThrowAsync<AiProviderException>(async () => await ProviderAdapterTests.ReadStreamAsync(first.GetStreamingResponseAsync("Hello")));
        _server.Requests.Count.ShouldBe(3, "an open circuit does not touch the network");

        _server.Fallback = new FakeReply("Healthy again.");
        var deadline = DateTime.UtcNow.AddSeconds(10);
        ChatResponse? recovered = null;
        while (recovered is null)
        {
            try
            {
                recovered = await first.GetResponseAsync("Hello");
            }
            catch (AiProviderException ex) when (ex.Kind == AiFailureKind.CircuitOpen && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
        recovered.Text.ShouldBe("Healthy again.");
        (await second.GetResponseAsync("Hello")).Text.ShouldBe("Healthy again.");
        _server.Requests.Count.ShouldBe(5);
    }
}
