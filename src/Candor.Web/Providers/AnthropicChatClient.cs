using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using Anthropic;
using Anthropic.Core;
using Anthropic.Exceptions;
using Anthropic.Models.Messages;
using Microsoft.Extensions.AI;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;

namespace Candor.Web.Providers;

/// <summary>
/// <see cref="IChatClient"/> over the official Anthropic SDK (Messages API). System messages and
/// <see cref="ChatOptions.Instructions"/> go to the top-level <c>system</c> parameter; a JSON schema response
/// format becomes <c>output_config.format</c> (structured outputs). This SDK version has no temperature
/// parameter, so <see cref="ChatOptions.Temperature"/> is not sent. The SDK's own retries are off.
/// </summary>
public sealed class AnthropicChatClient : IChatClient
{
    /// <summary>The Messages API requires max_tokens; used when the caller sets no MaxOutputTokens.</summary>
    public const int DefaultMaxOutputTokens = 2048;

    private readonly AnthropicClient _client;
    private readonly ChatClientMetadata _metadata;
    private readonly string _model;
    private readonly string? _apiKey;

    public AnthropicChatClient(Uri baseUrl, string model, string? apiKey, HttpClient httpClient)
    {
        _model = model;
        _apiKey = apiKey;
        // The SDK appends /v1/messages itself; accept a base URL given with or without the /v1.
        var root = baseUrl.ToString().TrimEnd('/');
        if (root.EndsWith("/v1", StringComparison.OrdinalIgnoreCase))
        {
            root = root[..^3];
        }
        _client = new AnthropicClient(new ClientOptions
        {
            BaseUrl = root,
            ApiKey = apiKey,
            HttpClient = httpClient,
            MaxRetries = 0,
        });
        _metadata = new ChatClientMetadata("anthropic", baseUrl, model);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var parameters = ToParameters(messages, options);
        var observation = ProviderResponseObserver.Begin();
        Message message;
        string text;
        try
        {
            message = await _client.Messages.Create(parameters, cancellationToken);
            text = string.Concat(message.Content.Select(block => block.TryPickText(out var textBlock) ? textBlock.Text : ""));
        }
        catch (Exception ex) when (AiProviderException.ShouldTranslate(ex, cancellationToken))
        {
            throw Translate(ex, observation);
        }

        return new ChatResponse(new AiChatMessage(ChatRole.Assistant, text))
        {
            ResponseId = message.ID,
            ModelId = message.Model.Raw(),
            FinishReason = ToFinishReason(message.StopReason?.Raw()),
            Usage = ToUsage(message.Usage.InputTokens, message.Usage.CacheCreationInputTokens, message.Usage.CacheReadInputTokens, message.Usage.OutputTokens),
            RawRepresentation = message,
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var parameters = ToParameters(messages, options);
        var observation = ProviderResponseObserver.Begin();
        var events = AiProviderException.Guard(() => _client.Messages.CreateStreaming(parameters, cancellationToken),
            ex => Translate(ex, observation), cancellationToken);
        string? responseId = null, modelId = null, stopReason = null;
        long inputTokens = 0, outputTokens = 0;
        long? cacheCreation = null, cacheRead = null;
        await foreach (var streamEvent in events)
        {
            if (streamEvent.TryPickStart(out var start))
            {
                responseId = start.Message.ID;
                modelId = start.Message.Model.Raw();
                (inputTokens, cacheCreation, cacheRead) = (start.Message.Usage.InputTokens, start.Message.Usage.CacheCreationInputTokens, start.Message.Usage.CacheReadInputTokens);
                outputTokens = start.Message.Usage.OutputTokens;
            }
            else if (streamEvent.TryPickContentBlockDelta(out var blockDelta) && blockDelta.Delta.TryPickText(out var textDelta))
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, textDelta.Text) { ResponseId = responseId, MessageId = responseId, ModelId = modelId };
            }
            else if (streamEvent.TryPickDelta(out var messageDelta))
            {
                // message_delta carries the cumulative output count and the stop reason.
                outputTokens = messageDelta.Usage.OutputTokens;
                inputTokens = messageDelta.Usage.InputTokens ?? inputTokens;
                stopReason = messageDelta.Delta.StopReason?.Raw() ?? stopReason;
            }
            else if (streamEvent.TryPickStop(out _))
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(ToUsage(inputTokens, cacheCreation, cacheRead, outputTokens))])
                {
                    ResponseId = responseId,
                    MessageId = responseId,
                    ModelId = modelId,
                    FinishReason = ToFinishReason(stopReason),
                };
            }
        }
    }

    public object? GetService(System.Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType == typeof(AnthropicClient) ? _client
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // Deliberately not disposing the SDK client: it would dispose the shared HttpClient from IHttpClientFactory.
    }

    private AiProviderException Translate(Exception exception, ProviderHttpObservation observation) =>
        AiProviderException.From(exception, "anthropic", exception is AnthropicApiException api ? (int)api.StatusCode : null, observation, _apiKey);

    internal MessageCreateParams ToParameters(IEnumerable<AiChatMessage> messages, ChatOptions? options)
    {
        var system = new StringBuilder(options?.Instructions ?? "");
        var turns = new List<MessageParam>();
        foreach (var message in messages)
        {
            var text = message.Text;
            switch (message.Role.Value)
            {
                case "system":
                    system.Append(system.Length > 0 ? "\n\n" : "").Append(text);
                    break;
                case "user":
                    turns.Add(new UserMessageParam(text));
                    break;
                case "assistant":
                    turns.Add(new AssistantMessageParam(text));
                    break;
                default:
                    throw new NotSupportedException($"Chat role '{message.Role.Value}' is not supported by this adapter.");
            }
        }

        var parameters = new MessageCreateParams
        {
            Model = _model,
            MaxTokens = options?.MaxOutputTokens ?? DefaultMaxOutputTokens,
            Messages = turns,
        };
        if (system.Length > 0)
        {
            parameters = parameters with { System = system.ToString() };
        }
        if (options?.StopSequences is { Count: > 0 } stops)
        {
            parameters = parameters with { StopSequences = [.. stops] };
        }
        if (options?.ResponseFormat is ChatResponseFormatJson { Schema: { ValueKind: JsonValueKind.Object } schema })
        {
            parameters = parameters with
            {
                OutputConfig = new OutputConfig
                {
                    Format = new JsonOutputFormat { Schema = schema.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone()) },
                },
            };
        }
        return parameters;
    }

    private static UsageDetails ToUsage(long input, long? cacheCreation, long? cacheRead, long output) => new()
    {
        // Anthropic counts cached input apart; all of it is input the model read.
        InputTokenCount = input + (cacheCreation ?? 0) + (cacheRead ?? 0),
        CachedInputTokenCount = cacheRead,
        OutputTokenCount = output,
        TotalTokenCount = input + (cacheCreation ?? 0) + (cacheRead ?? 0) + output,
    };

    private static ChatFinishReason? ToFinishReason(string? stopReason) => stopReason switch
    {
        null => null,
        "max_tokens" or "model_context_window_exceeded" => ChatFinishReason.Length,
        "tool_use" => ChatFinishReason.ToolCalls,
        "refusal" => ChatFinishReason.ContentFilter,
        _ => ChatFinishReason.Stop,
    };
}
