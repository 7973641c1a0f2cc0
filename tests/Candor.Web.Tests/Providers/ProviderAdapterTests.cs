using System.Text;
using System.Text.Json;
using Candor.Web.Providers;
using Microsoft.Extensions.AI;

namespace Candor.Web.Tests.Providers;

/// <summary>The adapters over the real SDKs, against fakes that speak each provider's wire format.</summary>
public sealed class ProviderAdapterTests : IAsyncLifetime
{
    private FakeLlmServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeLlmServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static readonly ChatMessage[] Conversation =
    [
        new(ChatRole.System, "You are a calm interviewer."),
        new(ChatRole.User, "Tell me about a hard bug."),
        new(ChatRole.Assistant, "Sure, which one?"),
        new(ChatRole.User, "The one in production."),
    ];

    [Fact]
    public async Task OpenAi_json_reply_maps_messages_options_and_usage()
    {
        using var harness = ProviderHarness.For("openai", _server, "gpt-test");
        _server.Then(new FakeReply("{\"score\": 3}", InputTokens: 120, OutputTokens: 30));
        var interviewId = Guid.NewGuid();
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"score":{"type":"integer"}},"required":["score"]}""").RootElement;
        var options = new ChatOptions
        {
            Temperature = 0.2f,
            MaxOutputTokens = 300,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "evaluation", "Scores"),
        }.WithCallContext("evaluator", interviewId);

        var response = await harness.Client().GetResponseAsync(Conversation, options);

        response.Text.ShouldBe("{\"score\": 3}");
        response.Usage!.InputTokenCount.ShouldBe(120);
        response.Usage.OutputTokenCount.ShouldBe(30);
        response.FinishReason.ShouldBe(ChatFinishReason.Stop);

        var request = _server.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/v1/chat/completions");
        request.Headers["authorization"].ShouldBe($"Bearer {ProviderHarness.ApiKey}");
        request.Body["model"]!.GetValue<string>().ShouldBe("gpt-test");
        request.Body["temperature"]!.GetValue<double>().ShouldBe(0.2, 0.001);
        (request.Body["max_completion_tokens"] ?? request.Body["max_tokens"])!.GetValue<int>().ShouldBe(300);
        request.Body["response_format"]!["type"]!.GetValue<string>().ShouldBe("json_schema");
        request.Body["response_format"]!["json_schema"]!["name"]!.GetValue<string>().ShouldBe("evaluation");
        var roles = request.Body["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()).ToList();
        roles.ShouldBe(["system", "user", "assistant", "user"]);
        request.Body.ToJsonString().ShouldNotContain("candor.", customMessage: "call context is accounting, not provider input");

        var usage = harness.Usage.Records.ShouldHaveSingleItem();
        usage.Provider.ShouldBe("openai");
        usage.Model.ShouldBe("gpt-test");
        usage.Role.ShouldBe("evaluator");
        usage.InterviewId.ShouldBe(interviewId);
        (usage.InputTokens, usage.OutputTokens).ShouldBe((120, 30));
        usage.CostUsd.ShouldBe(0.0006m); // 120 × 2.5/M + 30 × 10/M
        usage.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task OpenAi_json_object_format_is_sent_as_json_object()
    {
        using var harness = ProviderHarness.For("openai", _server, "gpt-test");
        await harness.Client().GetResponseAsync("Say hi", new ChatOptions { ResponseFormat = ChatResponseFormat.Json });
        _server.Requests.Single().Body["response_format"]!["type"]!.GetValue<string>().ShouldBe("json_object");
    }

    [Fact]
    public async Task OpenAi_streams_text_deltas_then_usage()
    {
        using var harness = ProviderHarness.For("openai", _server, "gpt-stream");
        _server.Then(new FakeReply("Could you walk me through the rollback?", InputTokens: 40, OutputTokens: 9));

        var (text, deltas, usage) = await ReadStreamAsync(harness.Client().GetStreamingResponseAsync(Conversation, new ChatOptions().WithCallContext("interviewer")));

        text.ShouldBe("Could you walk me through the rollback?");
        deltas.ShouldBeGreaterThan(3, "words arrive as separate updates");
        usage!.InputTokenCount.ShouldBe(40);
        usage.OutputTokenCount.ShouldBe(9);
        var request = _server.Requests.ShouldHaveSingleItem();
        request.Body["stream"]!.GetValue<bool>().ShouldBeTrue();
        request.Body["stream_options"]!["include_usage"]!.GetValue<bool>().ShouldBeTrue();
        var record = harness.Usage.Records.ShouldHaveSingleItem();
        (record.Role, record.InputTokens, record.OutputTokens, record.Succeeded).ShouldBe(("interviewer", 40, 9, true));
    }

    [Fact]
    public async Task Anthropic_json_reply_sends_system_apart_and_maps_usage()
    {
        using var harness = ProviderHarness.For("anthropic", _server, "claude-test");
        _server.Then(new FakeReply("Thanks, that is clear.", InputTokens: 200, OutputTokens: 7));

        var response = await harness.Client().GetResponseAsync(Conversation, new ChatOptions { MaxOutputTokens = 256 }.WithCallContext("interviewer"));

        response.Text.ShouldBe("Thanks, that is clear.");
        response.Usage!.InputTokenCount.ShouldBe(200);
        response.Usage.OutputTokenCount.ShouldBe(7);
        response.FinishReason.ShouldBe(ChatFinishReason.Stop);
        var request = _server.Requests.ShouldHaveSingleItem();
        request.Path.ShouldBe("/v1/messages");
        // Anthropic SDK 13 sends the key as a bearer token (older SDKs used x-api-key).
        (request.Headers.GetValueOrDefault("x-api-key") ?? request.Headers["authorization"]).ShouldEndWith(ProviderHarness.ApiKey);
        request.Headers.ContainsKey("anthropic-version").ShouldBeTrue();
        request.Body["model"]!.GetValue<string>().ShouldBe("claude-test");
        request.Body["max_tokens"]!.GetValue<int>().ShouldBe(256);
        request.Body["system"]!.ToString().ShouldContain("You are a calm interviewer.");
        request.Body["messages"]!.AsArray().Select(m => m!["role"]!.GetValue<string>()).ShouldBe(["user", "assistant", "user"]);
        var record = harness.Usage.Records.ShouldHaveSingleItem();
        (record.Provider, record.InputTokens, record.OutputTokens).ShouldBe(("anthropic", 200, 7));
    }

    [Fact]
    public async Task Anthropic_json_schema_becomes_output_config()
    {
        using var harness = ProviderHarness.For("anthropic", _server, "claude-test");
        var schema = JsonDocument.Parse("""{"type":"object","properties":{"score":{"type":"integer"}}}""").RootElement;
        await harness.Client().GetResponseAsync("Score it", new ChatOptions { ResponseFormat = ChatResponseFormat.ForJsonSchema(schema, "score") });
        var format = _server.Requests.Single().Body["output_config"]!["format"]!;
        format["type"]!.GetValue<string>().ShouldBe("json_schema");
        format["schema"]!["properties"]!["score"]!["type"]!.GetValue<string>().ShouldBe("integer");
    }

    [Fact]
    public async Task Anthropic_streams_text_deltas_then_usage()
    {
        using var harness = ProviderHarness.For("anthropic", _server, "claude-stream");
        _server.Then(new FakeReply("What did you measure first?", InputTokens: 64, OutputTokens: 11));

        var (text, deltas, usage) = await ReadStreamAsync(harness.Client().GetStreamingResponseAsync(Conversation));

        text.ShouldBe("What did you measure first?");
        deltas.ShouldBeGreaterThan(3);
        usage!.InputTokenCount.ShouldBe(64);
        usage.OutputTokenCount.ShouldBe(11);
        _server.Requests.Single().Body["stream"]!.GetValue<bool>().ShouldBeTrue();
        var record = harness.Usage.Records.ShouldHaveSingleItem();
        (record.InputTokens, record.OutputTokens, record.Succeeded).ShouldBe((64, 11, true));
    }

    [Fact]
    public void Clients_describe_their_provider_and_model_for_provenance()
    {
        using var harness = ProviderHarness.For("anthropic", _server, "claude-meta");
        var metadata = harness.Client().GetService<ChatClientMetadata>()!;
        metadata.ProviderName.ShouldBe("anthropic");
        metadata.DefaultModelId.ShouldBe("claude-meta");
    }

    internal static async Task<(string Text, int Deltas, UsageDetails? Usage)> ReadStreamAsync(IAsyncEnumerable<ChatResponseUpdate> updates)
    {
        var text = new StringBuilder();
        var deltas = 0;
        UsageDetails? usage = null;
        await foreach (var update in updates)
        {
            if (update.Text.Length > 0)
            {
                text.Append(update.Text);
                deltas++;
            }
            foreach (var content in update.Contents.OfType<UsageContent>())
            {
                usage = content.Details;
            }
        }
        return (text.ToString(), deltas, usage);
    }
}
