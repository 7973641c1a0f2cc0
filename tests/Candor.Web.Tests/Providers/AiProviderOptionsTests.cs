using Candor.Web.Providers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Candor.Web.Tests.Providers;

public sealed class AiProviderOptionsTests
{
    private static readonly Guid AcmeId = Guid.Parse("0199a000-0000-7000-8000-000000000001");

    private static AiProviderOptions Options(Dictionary<string, string?> settings)
    {
        using var harness = new ProviderHarness(settings);
        return harness.Services.GetRequiredService<IOptions<AiProviderOptions>>().Value;
    }

    [Fact]
    public void Nothing_configured_means_offline()
    {
        using var harness = new ProviderHarness([]);
        harness.Factory.GetClient(Guid.NewGuid(), "enterprise").ShouldBeNull();
    }

    [Fact]
    public void Flat_environment_variables_set_the_global_default()
    {
        // CANDOR_AI__MODEL in the environment arrives in configuration as CANDOR_AI:MODEL.
        var options = Options(new()
        {
            ["Candor:Ai:Model"] = "overridden",
            ["CANDOR_AI:PROVIDER"] = "openai",
            ["CANDOR_AI:BASE_URL"] = "http://localhost:11434/v1",
            ["CANDOR_AI:MODEL"] = "llama3.1",
            ["CANDOR_AI:API_KEY"] = "k-flat",
        });
        var endpoint = options.Resolve(Guid.NewGuid(), "essential")!;
        (endpoint.Provider, endpoint.BaseUrl.ToString(), endpoint.Model, endpoint.ApiKey).ShouldBe((AiProviderKind.OpenAi, "http://localhost:11434/v1", "llama3.1", "k-flat"));
        (endpoint.Timeout, endpoint.MaxRetries, endpoint.FailuresBeforeOpen, endpoint.OpenDuration)
            .ShouldBe((TimeSpan.FromSeconds(30), 2, 5, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Tier_and_organisation_overrides_layer_over_the_default()
    {
        var options = Options(new()
        {
            ["Candor:Ai:Provider"] = "openai",
            ["Candor:Ai:Model"] = "gpt-small",
            ["Candor:Ai:ApiKey"] = "k-default",
            ["Candor:Ai:TimeoutSeconds"] = "20",
            ["Candor:Ai:Tiers:enterprise:Model"] = "gpt-large",
            ["Candor:Ai:Tiers:essential:Provider"] = "none",
            ["Candor:Ai:Organizations:acme:Provider"] = "anthropic",
            ["Candor:Ai:Organizations:acme:Model"] = "claude-x",
            ["Candor:Ai:Organizations:acme:ApiKeyEnvironmentVariable"] = "CANDOR_TEST_NO_SUCH_VARIABLE",
            [$"Candor:Ai:Organizations:{AcmeId}:MaxRetries"] = "0",
        });

        options.Resolve(Guid.NewGuid(), "essential").ShouldBeNull();
        options.Resolve(Guid.NewGuid(), "professional")!.Model.ShouldBe("gpt-small");
        var enterprise = options.Resolve(Guid.NewGuid(), "enterprise")!;
        (enterprise.Model, enterprise.ApiKey, enterprise.Timeout).ShouldBe(("gpt-large", "k-default", TimeSpan.FromSeconds(20)));

        var bySlug = options.Resolve(Guid.NewGuid(), "enterprise", "acme")!;
        bySlug.Provider.ShouldBe(AiProviderKind.Anthropic);
        bySlug.BaseUrl.ShouldBe(AiEndpoint.AnthropicBaseUrl, "a different provider does not inherit the OpenAI URL");
        bySlug.ApiKey.ShouldBeNull("nor its key");
        bySlug.Timeout.ShouldBe(TimeSpan.FromSeconds(20), "resilience settings do carry over");

        options.Resolve(AcmeId, "enterprise")!.MaxRetries.ShouldBe(0);
    }

    [Fact]
    public void Bad_configuration_is_refused_at_start_up()
    {
        using var unknown = new ProviderHarness(new() { ["Candor:Ai:Provider"] = "skynet", ["Candor:Ai:Model"] = "m" });
        Should.Throw<OptionsValidationException>(() => unknown.Factory.GetClient(Guid.NewGuid(), "essential")).Message.ShouldContain("skynet");

        using var noModel = new ProviderHarness(new() { ["Candor:Ai:Tiers:enterprise:Provider"] = "openai" });
        Should.Throw<OptionsValidationException>(() => noModel.Factory.GetClient(Guid.NewGuid(), "essential")).Message.ShouldContain("Model");
    }

    [Fact]
    public void Clients_are_built_once_per_distinct_configuration()
    {
        using var harness = new ProviderHarness(new()
        {
            ["Candor:Ai:Provider"] = "openai",
            ["Candor:Ai:Model"] = "gpt-small",
            ["Candor:Ai:Tiers:enterprise:Model"] = "gpt-large",
        });
        IChatClientInner(harness.Factory.GetClient(Guid.NewGuid(), "essential")!)
            .ShouldBeSameAs(IChatClientInner(harness.Factory.GetClient(Guid.NewGuid(), "professional")!));
        IChatClientInner(harness.Factory.GetClient(Guid.NewGuid(), "essential")!)
            .ShouldNotBeSameAs(IChatClientInner(harness.Factory.GetClient(Guid.NewGuid(), "enterprise")!));
    }

    /// <summary>The SDK adapter: the part that is shared (the resilience and accounting layers are per organisation).</summary>
    private static object? IChatClientInner(Microsoft.Extensions.AI.IChatClient client) => client.GetService(typeof(OpenAiCompatibleChatClient));
}
