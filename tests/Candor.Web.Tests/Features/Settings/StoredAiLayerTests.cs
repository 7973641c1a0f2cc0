using Candor.Web.Providers;

namespace Candor.Web.Tests.Features.Settings;

/// <summary>An organisation's stored settings are the top layer, but never borrow the platform's URL or key.</summary>
public sealed class StoredAiLayerTests
{
    private static readonly AiProviderOptions Platform = new()
    {
        Provider = "openai", BaseUrl = "https://platform.example/v1", Model = "platform-model", ApiKey = "sk-platform", TimeoutSeconds = 7,
    };

    [Fact]
    public void The_stored_layer_wins_and_inherits_only_the_tuning()
    {
        var endpoint = Platform.Resolve(Guid.NewGuid(), "essential", stored: new AiEndpointOptions
        {
            Provider = "openai", BaseUrl = "https://org.example/v1", Model = "org-model", ApiKey = "sk-org", StandsAlone = true,
        })!;
        endpoint.BaseUrl.ShouldBe(new Uri("https://org.example/v1"));
        endpoint.Model.ShouldBe("org-model");
        endpoint.ApiKey.ShouldBe("sk-org");
        endpoint.Timeout.ShouldBe(TimeSpan.FromSeconds(7));
    }

    [Fact]
    public void A_stored_provider_without_a_key_never_sends_the_platforms_key_to_its_own_server()
    {
        var endpoint = Platform.Resolve(Guid.NewGuid(), "essential", stored: new AiEndpointOptions
        {
            Provider = "openai", BaseUrl = "https://attacker.example/v1", Model = "m", StandsAlone = true,
        })!;
        endpoint.ApiKey.ShouldBeNull();
        endpoint.BaseUrl.ShouldBe(new Uri("https://attacker.example/v1"));
    }

    [Fact]
    public void A_stored_none_leaves_the_configuration_in_charge()
    {
        Platform.Resolve(Guid.NewGuid(), "essential", stored: new AiEndpointOptions { Provider = "none", StandsAlone = true })!
            .Model.ShouldBe("platform-model");
    }
}
