using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.Extensions.AI;

namespace Candor.Engine.Ai.Llm;

/// <summary>The model's output could not be made valid, even after one repair attempt.</summary>
internal sealed class LlmOutputException : Exception
{
    public LlmOutputException()
    {
    }

    public LlmOutputException(string message)
        : base(message)
    {
    }

    public LlmOutputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>
/// Asks for JSON that matches a schema (both through the provider's structured-output option and in words),
/// parses and validates it, and on failure makes exactly one repair call that quotes the validation error.
/// A second failure throws <see cref="LlmOutputException"/> so the role can fall back to its rules.
/// </summary>
internal static class StructuredOutput
{
    internal static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <param name="validate">Returns a short, model-readable reason the value is unusable, or null when it is fine.</param>
    public static async Task<T> AskAsync<T>(
        IChatClient client,
        List<ChatMessage> messages,
        JsonSchema schema,
        LlmOptions options,
        float temperature,
        Func<T, string?> validate,
        CancellationToken cancellationToken)
        where T : class
    {
        var chatOptions = new ChatOptions
        {
            ModelId = options.Model,
            Temperature = temperature,
            ResponseFormat = ChatResponseFormat.ForJsonSchema(schema.Element, schema.Name, schema.Description),
        };

        var conversation = new List<ChatMessage>(messages);
        string? error = null;
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var response = await client.GetResponseAsync(conversation, chatOptions, cancellationToken);
            var text = response.Text ?? string.Empty;
            (var value, error) = Parse(text, validate);
            if (value is not null)
            {
                return value;
            }

            conversation.Add(new ChatMessage(ChatRole.Assistant, text));
            conversation.Add(new ChatMessage(ChatRole.User,
                $"Your reply was rejected: {error} Reply again with only the corrected JSON object that matches the schema \"{schema.Name}\", and nothing else."));
        }

        throw new LlmOutputException($"Invalid {schema.Name} output after a repair attempt: {error}");
    }

    internal static (T? Value, string? Error) Parse<T>(string text, Func<T, string?> validate)
        where T : class
    {
        var json = ExtractObject(text);
        if (json is null)
        {
            return (null, "The reply contained no JSON object.");
        }

        T? value;
        try
        {
            value = JsonSerializer.Deserialize<T>(json, Json);
        }
        catch (JsonException ex)
        {
            return (null, $"The reply was not valid JSON ({ex.Message}).");
        }

        if (value is null)
        {
            return (null, "The reply was JSON null.");
        }

        var error = validate(value);
        return error is null ? (value, null) : (null, error);
    }

    /// <summary>The outermost JSON object in the reply, tolerating Markdown code fences or a sentence around it.</summary>
    private static string? ExtractObject(string text)
    {
        var start = text.IndexOf('{', StringComparison.Ordinal);
        var end = text.LastIndexOf('}');
        return start >= 0 && end > start ? text[start..(end + 1)] : null;
    }
}

/// <summary>A JSON schema for structured output, written by hand so it reads like the prompt that describes it.</summary>
internal sealed record JsonSchema(string Name, string Description, JsonElement Element)
{
    public static JsonSchema Parse(string name, string description, string schema) =>
        new(name, description, JsonSerializer.Deserialize<JsonElement>(schema));
}
