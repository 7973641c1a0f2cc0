using Candor.Web.Providers;
using Microsoft.Extensions.AI;

namespace Candor.Web.Tests.Providers;

/// <summary>
/// Organisations that store their own provider (issue 8): the circuit is one organisation's credential, not the
/// endpoint, so one bad or exhausted key never pushes another organisation offline; and a stored URL is reached only
/// through the SSRF guard, while the operator's own configuration stays trusted.
/// </summary>
public sealed class OrganizationProviderTests : IAsyncLifetime
{
    private FakeLlmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeLlmServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static AiEndpointOptions Stored(FakeLlmServer server, string key) =>
        new() { Provider = "openai", BaseUrl = server.OpenAiBaseUrl, Model = "org-model", ApiKey = key, StandsAlone = true };

    private ProviderHarness Harness(bool allowPrivateNetworks) => ProviderHarness.For("none", _server, "unused", s =>
    {
        s["Candor:Ai:Provider"] = "none";
        s["Candor:Ai:MaxRetries"] = "0";
        s["Candor:Ai:CircuitBreaker:FailuresBeforeOpen"] = "3";
        s["Candor:Ai:CircuitBreaker:OpenSeconds"] = "60";
        s["Candor:Outbound:AllowPrivateNetworks"] = allowPrivateNetworks ? "true" : "false";
    });

    [Theory]
    [InlineData(429)]
    [InlineData(401)]
    [InlineData(403)]
    public async Task Rate_limits_and_rejected_keys_of_one_organisation_never_push_another_offline(int status)
    {
        using var harness = Harness(allowPrivateNetworks: true);
        var exhausted = harness.Factory.GetClient(Guid.NewGuid(), "essential", stored: Stored(_server, "sk-exhausted-key-000"))!;
        var healthy = harness.Factory.GetClient(Guid.NewGuid(), "essential", stored: Stored(_server, "sk-healthy-key-111"))!;
        _server.Fallback = new FakeReply("From the model.");

        for (var i = 0; i < 5; i++)
        {
            _server.Then(new FakeReply(Status: status));
            (await Should.ThrowAsync<AiProviderException>(() => exhausted.GetResponseAsync("Hello"))).StatusCode.ShouldBe(status);
        }

        (await healthy.GetResponseAsync("Hello")).Text.ShouldBe("From the model.", "the other organisation still gets the LLM");
        (await exhausted.GetResponseAsync("Hello")).Text.ShouldBe("From the model.", "a key's quota or rejection says nothing about the endpoint's health");
        _server.Requests.Count.ShouldBe(7);
    }

    [Fact]
    public async Task Server_errors_open_only_the_failing_organisations_circuit()
    {
        using var harness = Harness(allowPrivateNetworks: true);
        var organization = Guid.NewGuid();
        var failing = harness.Factory.GetClient(organization, "essential", stored: Stored(_server, "sk-failing-key-222"))!;
        var other = harness.Factory.GetClient(Guid.NewGuid(), "essential", stored: Stored(_server, "sk-other-key-333"))!;
        _server.Fallback = new FakeReply("From the model.");

        for (var i = 0; i < 3; i++)
        {
            _server.Then(new FakeReply(Status: 500));
            (await Should.ThrowAsync<AiProviderException>(() => failing.GetResponseAsync("Hello"))).Kind.ShouldBe(AiFailureKind.ServerError);
        }
        var open = await Should.ThrowAsync<AiProviderException>(() =>
            harness.Factory.GetClient(organization, "essential", stored: Stored(_server, "sk-failing-key-222"))!.GetResponseAsync("Hello"));
        open.Kind.ShouldBe(AiFailureKind.CircuitOpen);

        (await other.GetResponseAsync("Hello")).Text.ShouldBe("From the model.");
        _server.Requests.Count.ShouldBe(4);
    }

    [Fact]
    public async Task A_stored_url_resolving_to_loopback_is_refused_at_connect_time_while_the_operators_own_endpoint_is_trusted()
    {
        using var harness = ProviderHarness.For("openai", _server, "operator-model", s => s["Candor:Ai:MaxRetries"] = "2");
        _server.Fallback = new FakeReply("From the model.");
        var localhost = new AiEndpointOptions
        {
            Provider = "openai", BaseUrl = $"http://localhost:{_server.BaseUrl.Port}/v1", Model = "org-model", ApiKey = "sk-org-444", StandsAlone = true,
        };
        var organization = harness.Factory.GetClient(Guid.NewGuid(), "essential", stored: localhost)!;

        var refused = await Should.ThrowAsync<AiProviderException>(() => organization.GetResponseAsync("Hello"));
        refused.Kind.ShouldBe(AiFailureKind.Refused);
        refused.IsTransient.ShouldBeFalse();
        await Should.ThrowAsync<AiProviderException>(async () => await ProviderAdapterTests.ReadStreamAsync(organization.GetStreamingResponseAsync("Hello")));
        _server.Requests.ShouldBeEmpty("neither call reached the internal address");
        harness.Usage.Records.ShouldAllBe(r => r.Error!.StartsWith("refused: "));

        (await harness.Client().GetResponseAsync("Hello")).Text.ShouldBe("From the model.", "the operator's configured endpoint may be private");
        _server.Requests.Count.ShouldBe(1);
    }
}
