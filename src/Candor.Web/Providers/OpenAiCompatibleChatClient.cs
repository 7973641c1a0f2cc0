using System.ClientModel;
using System.ClientModel.Primitives;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;
using AiChatMessage = Microsoft.Extensions.AI.ChatMessage;
using AiFinishReason = Microsoft.Extensions.AI.ChatFinishReason;
using AiResponseFormat = Microsoft.Extensions.AI.ChatResponseFormat;
using SdkChatMessage = OpenAI.Chat.ChatMessage;
using SdkFinishReason = OpenAI.Chat.ChatFinishReason;
using SdkResponseFormat = OpenAI.Chat.ChatResponseFormat;

namespace Candor.Web.Providers;

/// <summary>
/// <see cref="IChatClient"/> over the official OpenAI SDK, for any endpoint that speaks the OpenAI chat
/// completions API: OpenAI (https://api.openai.com/v1), Azure OpenAI (https://{resource}.openai.azure.com/openai/v1/),
/// Groq (https://api.groq.com/openai/v1), Ollama (http://localhost:11434/v1), vLLM, LM Studio and the llama.cpp
/// server (http://host:port/v1). The SDK's own retries are off: <see cref="ResilientChatClient"/> owns retrying.
/// </summary>
public sealed class OpenAiCompatibleChatClient : IChatClient
{
    /// <summary>Set in <see cref="ChatOptions.AdditionalProperties"/> to send json_schema with strict: true.</summary>
    public const string StrictJsonSchemaKey = "strictJsonSchema";

    private readonly ChatClient _client;
    private readonly ChatClientMetadata _metadata;
    private readonly string? _apiKey;

    public OpenAiCompatibleChatClient(Uri baseUrl, string model, string? apiKey, HttpClient httpClient)
    {
        _apiKey = apiKey;
        var options = new OpenAIClientOptions
        {
            Endpoint = baseUrl,
            Transport = new HttpClientPipelineTransport(httpClient),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        // Local servers (Ollama, vLLM, llama.cpp) take no key, but the SDK insists on a credential.
        _client = new ChatClient(model, new ApiKeyCredential(string.IsNullOrEmpty(apiKey) ? "no-key" : apiKey), options);
        _metadata = new ChatClientMetadata("openai", baseUrl, model);
    }

    public async Task<ChatResponse> GetResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var observation = ProviderResponseObserver.Begin();
        ChatCompletion completion;
        try
        {
            completion = (await _client.CompleteChatAsync(ToSdkMessages(messages, options), ToSdkOptions(options), cancellationToken)).Value;
        }
        catch (Exception ex) when (AiProviderException.ShouldTranslate(ex, cancellationToken))
        {
            throw Translate(ex, observation);
        }

        var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        return new ChatResponse(new AiChatMessage(ChatRole.Assistant, text))
        {
            ResponseId = completion.Id,
            ModelId = completion.Model,
            CreatedAt = completion.CreatedAt,
            FinishReason = ToFinishReason(completion.FinishReason),
            Usage = ToUsage(completion.Usage),
            RawRepresentation = completion,
        };
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<AiChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var sdkMessages = ToSdkMessages(messages, options);
        var sdkOptions = ToSdkOptions(options);
        var observation = ProviderResponseObserver.Begin();
        var updates = AiProviderException.Guard(() => _client.CompleteChatStreamingAsync(sdkMessages, sdkOptions, cancellationToken),
            ex => Translate(ex, observation), cancellationToken);
        await foreach (var update in updates)
        {
            var text = string.Concat(update.ContentUpdate.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
            if (text.Length > 0 || update.FinishReason is not null)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, text)
                {
                    ResponseId = update.CompletionId,
                    MessageId = update.CompletionId,
                    ModelId = update.Model,
                    CreatedAt = update.CreatedAt,
                    FinishReason = update.FinishReason is { } reason ? ToFinishReason(reason) : null,
                    RawRepresentation = update,
                };
            }
            // With stream_options.include_usage the last chunk carries usage and no choices.
            if (ToUsage(update.Usage) is { } usage)
            {
                yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(usage)])
                {
                    ResponseId = update.CompletionId,
                    ModelId = update.Model,
                    RawRepresentation = update,
                };
            }
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null
        : serviceType == typeof(ChatClientMetadata) ? _metadata
        : serviceType == typeof(ChatClient) ? _client
        : serviceType.IsInstanceOfType(this) ? this
        : null;

    public void Dispose()
    {
        // The HttpClient belongs to IHttpClientFactory; the SDK client holds nothing else.
    }

    private AiProviderException Translate(Exception exception, ProviderHttpObservation observation) =>
        AiProviderException.From(exception, "openai", exception is ClientResultException { Status: > 0 } result ? result.Status : null, observation, _apiKey);

    internal static List<SdkChatMessage> ToSdkMessages(IEnumerable<AiChatMessage> messages, ChatOptions? options)
    {
        var result = new List<SdkChatMessage>();
        if (!string.IsNullOrWhiteSpace(options?.Instructions))
        {
            result.Add(new SystemChatMessage(options.Instructions));
        }
        foreach (var message in messages)
        {
            var text = message.Text;
            result.Add(message.Role.Value switch
            {
                "system" => new SystemChatMessage(text),
                "user" => new UserChatMessage(text),
                "assistant" => new AssistantChatMessage(text),
                var role => throw new NotSupportedException($"Chat role '{role}' is not supported by this adapter."),
            });
        }
        return result;
    }

    internal static ChatCompletionOptions ToSdkOptions(ChatOptions? options)
    {
        var result = new ChatCompletionOptions();
        if (options is null)
        {
            return result;
        }
        result.Temperature = options.Temperature;
        result.MaxOutputTokenCount = options.MaxOutputTokens;
        result.TopP = options.TopP;
        result.FrequencyPenalty = options.FrequencyPenalty;
        result.PresencePenalty = options.PresencePenalty;
        foreach (var stop in options.StopSequences ?? [])
        {
            result.StopSequences.Add(stop);
        }
        result.ResponseFormat = options.ResponseFormat switch
        {
            ChatResponseFormatJson { Schema: { } schema } json => SdkResponseFormat.CreateJsonSchemaFormat(
                json.SchemaName ?? "response", BinaryData.FromString(schema.GetRawText()), json.SchemaDescription,
                options.AdditionalProperties?.TryGetValue(StrictJsonSchemaKey, out bool strict) == true ? strict : null),
            ChatResponseFormatJson => SdkResponseFormat.CreateJsonObjectFormat(),
            ChatResponseFormatText => SdkResponseFormat.CreateTextFormat(),
            _ => null,
        };
        return result;
    }

    private static UsageDetails? ToUsage(ChatTokenUsage? usage) => usage is null ? null : new UsageDetails
    {
        InputTokenCount = usage.InputTokenCount,
        OutputTokenCount = usage.OutputTokenCount,
        TotalTokenCount = usage.TotalTokenCount,
        CachedInputTokenCount = usage.InputTokenDetails?.CachedTokenCount,
        ReasoningTokenCount = usage.OutputTokenDetails?.ReasoningTokenCount,
    };

    private static AiFinishReason ToFinishReason(SdkFinishReason reason) => reason switch
    {
        SdkFinishReason.Length => AiFinishReason.Length,
        SdkFinishReason.ContentFilter => AiFinishReason.ContentFilter,
        SdkFinishReason.ToolCalls or SdkFinishReason.FunctionCall => AiFinishReason.ToolCalls,
        _ => AiFinishReason.Stop,
    };
}
