using System.Globalization;
using System.Runtime.CompilerServices;
using Candor.Web.Infrastructure;

namespace Candor.Web.Providers;

public enum AiFailureKind
{
    RateLimited,
    ServerError,
    Timeout,
    Network,
    Unauthorized,
    BadRequest,
    InvalidResponse,
    CircuitOpen,

    /// <summary>The SSRF guard refused the address an organisation's own base URL resolves to.</summary>
    Refused,
}

/// <summary>
/// Every provider failure, whatever SDK raised it, so retries and the circuit breaker reason about one
/// type. The message is our own short wording, never the provider's response body; that goes to
/// <see cref="Detail"/>, for operators' logs only. Neither contains the API key (see <see cref="Redact"/>).
/// </summary>
public sealed class AiProviderException(
    AiFailureKind kind, string message, int? statusCode = null, TimeSpan? retryAfter = null, Exception? innerException = null, string? detail = null)
    : Exception(message, innerException)
{
    public const int MaxDetailLength = 500;

    public AiFailureKind Kind { get; } = kind;

    /// <summary>
    /// What the provider or SDK said (the error body, redacted and cut short). For the operator's log, never for a
    /// tenant: an organisation's own base URL could point at a service whose answer it must not read through us.
    /// </summary>
    public string? Detail { get; } = detail;

    public int? StatusCode { get; } = statusCode;

    /// <summary>What the provider asked for in Retry-After (or retry-after-ms), when it did.</summary>
    public TimeSpan? RetryAfter { get; } = retryAfter;

    /// <summary>Worth another attempt: the same request may well succeed in a moment.</summary>
    public bool IsTransient => Kind is AiFailureKind.RateLimited or AiFailureKind.ServerError or AiFailureKind.Timeout or AiFailureKind.Network;

    /// <summary>
    /// Says something about the endpoint's health: 5xx, timeouts, connection failures (a refused address among
    /// them), unreadable answers. Not 400/401/403/429, which are about our request, key or quota.
    /// </summary>
    public bool CountsAgainstCircuit =>
        Kind is AiFailureKind.ServerError or AiFailureKind.Timeout or AiFailureKind.Network or AiFailureKind.InvalidResponse or AiFailureKind.Refused;

    /// <summary>
    /// The short, sanitised status line an organisation may see (ai_usage.error after the outcome): our wording
    /// and the HTTP status, nothing the provider wrote.
    /// </summary>
    public string Summary => Kind switch
    {
        AiFailureKind.CircuitOpen => "failing fast after repeated failures",
        AiFailureKind.Refused => "address refused: the base URL resolves to a private or internal network",
        _ when StatusCode is { } code => $"HTTP {code} from provider",
        AiFailureKind.Timeout => "no answer from provider in time",
        AiFailureKind.Network => "provider could not be reached",
        AiFailureKind.InvalidResponse => "unreadable response from provider",
        _ => "provider call failed",
    };

    /// <summary>The snake_case outcome used in metrics and ai_usage.error.</summary>
    public string Outcome => Kind switch
    {
        AiFailureKind.RateLimited => "rate_limited",
        AiFailureKind.ServerError => "server_error",
        AiFailureKind.Timeout => "timeout",
        AiFailureKind.Network => "network",
        AiFailureKind.Unauthorized => "unauthorized",
        AiFailureKind.BadRequest => "bad_request",
        AiFailureKind.InvalidResponse => "invalid_response",
        AiFailureKind.Refused => "refused",
        _ => "circuit_open",
    };

    public static AiFailureKind KindOf(int status) => status switch
    {
        429 => AiFailureKind.RateLimited,
        408 => AiFailureKind.Timeout,
        401 or 403 => AiFailureKind.Unauthorized,
        0 => AiFailureKind.Network,
        >= 500 => AiFailureKind.ServerError,
        _ => AiFailureKind.BadRequest,
    };

    /// <summary>
    /// Translates whatever an SDK threw. <paramref name="status"/> is the HTTP status the SDK reports, if
    /// any; the Retry-After comes from <see cref="ProviderResponseObserver"/>, since not every SDK exposes headers.
    /// </summary>
    public static AiProviderException From(Exception exception, string provider, int? status, ProviderHttpObservation observation, string? apiKey)
    {
        status ??= observation.StatusCode is >= 400 and var observed ? observed : null;
        var detail = Redact(exception.Message, apiKey);
        if (detail.Length > MaxDetailLength)
        {
            detail = detail[..MaxDetailLength] + "…";
        }
        // With a status, the SDK exception is not kept as the inner exception: its message holds the raw error body,
        // which some servers fill with the key they rejected, and callers log inner exceptions. The body survives
        // only as the redacted Detail; the message is our own wording.
        if (status is { } code and > 0)
        {
            return new AiProviderException(KindOf(code), $"{provider} answered HTTP {code}.", code,
                code is 429 or 503 ? observation.RetryAfter : null, detail: detail);
        }
        if (OutboundUrlGuard.IsRefusal(exception))
        {
            return new AiProviderException(AiFailureKind.Refused, $"{provider} base URL refused by the SSRF guard.", innerException: exception, detail: detail);
        }
        var kind = exception switch
        {
            HttpRequestException or IOException => AiFailureKind.Network,
            _ when exception.InnerException is HttpRequestException or IOException => AiFailureKind.Network,
            _ => AiFailureKind.InvalidResponse,
        };
        var what = kind == AiFailureKind.Network ? "could not be reached" : "sent a response that could not be read";
        return new AiProviderException(kind, $"{provider} {what}.", innerException: exception, detail: detail);
    }

    public static string Redact(string text, string? apiKey) =>
        string.IsNullOrEmpty(apiKey) || apiKey.Length < 4 ? text : text.Replace(apiKey, "***", StringComparison.Ordinal);

    /// <summary>Retry-After as seconds or an HTTP date, or OpenAI's retry-after-ms.</summary>
    public static TimeSpan? ParseRetryAfter(string? retryAfterMs, string? retryAfter, DateTimeOffset now)
    {
        if (double.TryParse(retryAfterMs, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0)
        {
            return TimeSpan.FromMilliseconds(ms);
        }
        if (double.TryParse(retryAfter, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }
        if (DateTimeOffset.TryParseExact(retryAfter, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var at))
        {
            return at > now ? at - now : TimeSpan.Zero;
        }
        return null;
    }

    /// <summary>Enumerates an SDK stream, translating its exceptions (a yield cannot sit inside try/catch).</summary>
    internal static async IAsyncEnumerable<T> Guard<T>(Func<IAsyncEnumerable<T>> start, Func<Exception, Exception> translate,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        IAsyncEnumerator<T> enumerator;
        try
        {
            enumerator = start().GetAsyncEnumerator(cancellationToken);
        }
        catch (Exception ex) when (ShouldTranslate(ex, cancellationToken))
        {
            throw translate(ex);
        }
        await using (enumerator)
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        yield break;
                    }
                }
                catch (Exception ex) when (ShouldTranslate(ex, cancellationToken))
                {
                    throw translate(ex);
                }
                yield return enumerator.Current;
            }
        }
    }

    internal static bool ShouldTranslate(Exception exception, CancellationToken cancellationToken) =>
        exception is not AiProviderException && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);
}
