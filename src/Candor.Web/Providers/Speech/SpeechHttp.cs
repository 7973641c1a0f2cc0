using System.Runtime.CompilerServices;
using System.Text.Json;

namespace Candor.Web.Providers.Speech;

/// <summary>
/// HTTP plumbing the speech adapters share: send and turn any error status into an <see cref="AiProviderException"/>
/// (with Retry-After on 429/503, the key redacted from the body quoted), read a JSON body, and stream an audio body
/// chunk by chunk with a deadline on each wait.
/// </summary>
internal static class SpeechHttp
{
    private const int MaxJsonBytes = 16 * 1024 * 1024;

    public static async Task<HttpResponseMessage> SendAsync(HttpClient http, HttpRequestMessage request, string provider, string? apiKey,
        TimeProvider clock, CancellationToken cancellationToken)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex)
        {
            throw new AiProviderException(AiFailureKind.Network, $"{provider} could not be reached: {AiProviderException.Redact(ex.Message, apiKey)}", innerException: ex);
        }
        if (response.IsSuccessStatusCode)
        {
            return response;
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await ReadSnippetAsync(response, cancellationToken);
            var retryAfter = status is 429 or 503
                ? AiProviderException.ParseRetryAfter(Header(response, "retry-after-ms"), Header(response, "Retry-After"), clock.GetUtcNow())
                : null;
            throw new AiProviderException(AiProviderException.KindOf(status),
                $"{provider} answered HTTP {status}: {AiProviderException.Redact(body, apiKey)}", status, retryAfter);
        }
    }

    /// <summary>Reads a JSON body; anything that is not JSON is an invalid response (counts against the circuit).</summary>
    public static async Task<JsonDocument> ReadJsonAsync(HttpResponseMessage response, string provider, CancellationToken cancellationToken)
    {
        using (response)
        {
            await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            using var buffer = new MemoryStream();
            var chunk = new byte[16384];
            int read;
            while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > MaxJsonBytes)
                {
                    throw new AiProviderException(AiFailureKind.InvalidResponse, $"{provider} sent more than {MaxJsonBytes / (1024 * 1024)} MB of JSON.");
                }
                buffer.Write(chunk, 0, read);
            }
            try
            {
                return JsonDocument.Parse(buffer.ToArray());
            }
            catch (JsonException ex)
            {
                throw new AiProviderException(AiFailureKind.InvalidResponse, $"{provider} sent a response that is not JSON.", innerException: ex);
            }
        }
    }

    /// <summary>
    /// The audio body as chunks, as they arrive. Each wait for the next chunk is bounded by <paramref name="timeout"/>;
    /// a stall or a dropped connection mid-stream is a provider failure the caller sees (the candidate may already
    /// hear the start, so it is not retried). Disposes the response when done. Adapters pass no token here: the
    /// request's token is a per-attempt one that ends with the attempt; the reader's token arrives through
    /// <c>GetAsyncEnumerator</c>/<c>WithCancellation</c>.
    /// </summary>
    public static async IAsyncEnumerable<ReadOnlyMemory<byte>> StreamBodyAsync(HttpResponseMessage response, string provider, TimeSpan timeout,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStreamAsync(cancellationToken);
            await using (body)
            {
                while (true)
                {
                    var buffer = new byte[16384];
                    int read;
                    using (var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
                    {
                        deadline.CancelAfter(timeout);
                        try
                        {
                            read = await body.ReadAsync(buffer, deadline.Token);
                        }
                        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
                        {
                            throw new AiProviderException(AiFailureKind.Timeout, $"{provider} stopped sending audio for {timeout.TotalSeconds:0.#} s.", innerException: ex);
                        }
                        catch (Exception ex) when (ex is IOException or HttpRequestException)
                        {
                            throw new AiProviderException(AiFailureKind.Network, $"{provider} broke off the audio stream.", innerException: ex);
                        }
                    }
                    if (read == 0)
                    {
                        yield break;
                    }
                    yield return buffer.AsMemory(0, read);
                }
            }
        }
    }

    /// <summary>An audio response must say it is audio: a JSON or HTML body with 200 is a broken proxy or provider.</summary>
    public static void EnsureAudio(HttpResponseMessage response, string provider)
    {
        var type = response.Content.Headers.ContentType?.MediaType;
        if (type is not null && !type.StartsWith("audio/", StringComparison.OrdinalIgnoreCase)
            && !type.Equals("application/octet-stream", StringComparison.OrdinalIgnoreCase))
        {
            response.Dispose();
            throw new AiProviderException(AiFailureKind.InvalidResponse, $"{provider} answered with {type} instead of audio.");
        }
    }

    public static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static async Task<string> ReadSnippetAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            return text.Length > 300 ? text[..300] + "…" : text;
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
            return "(no body)";
        }
    }

    /// <summary>Reads a JSON property path without throwing on a missing or mistyped field.</summary>
    public static bool TryGet(this JsonElement element, out JsonElement value, params string[] path)
    {
        value = element;
        foreach (var name in path)
        {
            if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty(name, out value))
            {
                return false;
            }
        }
        return true;
    }

    public static double? Number(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

    public static string? Text(this JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
