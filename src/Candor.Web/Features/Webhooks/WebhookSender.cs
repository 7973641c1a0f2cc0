using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text;
using Candor.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Webhooks;

/// <summary>A claimed message with what it takes to send it: the endpoint's URL and decrypted secrets, the event body.</summary>
public sealed record OutgoingWebhook(Guid MessageId, Guid OrganizationId, Guid EndpointId, int Attempt, string Url, IReadOnlyList<string> Secrets, string Body);

/// <summary>What one attempt came to. <paramref name="RetryAfter"/> is the receiver's Retry-After, when it sent one.</summary>
public sealed record AttemptResult(bool Succeeded, int? StatusCode, int LatencyMs, string? ResponseExcerpt, string? Error, TimeSpan? RetryAfter)
{
    public bool Gone => StatusCode == StatusCodes.Status410Gone;
}

/// <summary>
/// Sends one Standard Webhooks request: the raw JSON body, <c>webhook-id</c> (the message id, the same
/// on every retry), <c>webhook-timestamp</c> (this attempt, unix seconds) and <c>webhook-signature</c>
/// (one <c>v1,…</c> per live secret, space-separated, so receivers mid-rotation accept either).
/// Redirects are not followed: a 3xx is a failure, like any other non-2xx.
/// </summary>
public sealed class WebhookSender : IDisposable
{
    public const string UserAgent = "Candor-Webhooks/1";
    private const int ExcerptBytes = 1024;

    private readonly HttpClient _http;
    private readonly TimeSpan _timeout;
    private readonly TimeProvider _clock;

    public WebhookSender([FromKeyedServices(OutboundUrlGuard.WebhooksKey)] OutboundUrlGuard guard, IOptions<WebhookOptions> options, TimeProvider clock)
    {
        _timeout = options.Value.RequestTimeout;
        _clock = clock;
        _http = new HttpClient(guard.CreateHandler())
        {
            Timeout = Timeout.InfiniteTimeSpan, // Enforced per attempt below, to tell a timeout from a shutdown.
        };
    }

    public async Task<AttemptResult> SendAsync(OutgoingWebhook message, CancellationToken stoppingToken)
    {
        var timestamp = _clock.GetUtcNow().ToUnixTimeSeconds();
        var messageId = message.MessageId.ToString();
        using var request = new HttpRequestMessage(HttpMethod.Post, message.Url)
        {
            Content = new ByteArrayContent(Encoding.UTF8.GetBytes(message.Body)) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } },
        };
        request.Headers.TryAddWithoutValidation("webhook-id", messageId);
        request.Headers.TryAddWithoutValidation("webhook-timestamp", timestamp.ToString());
        request.Headers.TryAddWithoutValidation("webhook-signature",
            string.Join(' ', message.Secrets.Select(secret => WebhookSignature.Sign(secret, messageId, timestamp, message.Body))));
        request.Headers.UserAgent.ParseAdd(UserAgent);

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        timeout.CancelAfter(_timeout);
        var started = Stopwatch.GetTimestamp();
        int Elapsed() => (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var excerpt = await ReadExcerptAsync(response, timeout.Token);
            var status = (int)response.StatusCode;
            var succeeded = status is >= 200 and < 300;
            string? error = succeeded ? null
                : status is >= 300 and < 400 ? $"Redirect ({status}) not followed; point the endpoint at its final URL."
                : $"HTTP {status}";
            return new AttemptResult(succeeded, status, Elapsed(), excerpt, error, RetryAfter(response));
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
            return new AttemptResult(false, null, Elapsed(), null, $"Timed out after {_timeout.TotalSeconds:0.#} s.", null);
        }
        catch (HttpRequestException ex) when (!stoppingToken.IsCancellationRequested)
        {
            var refused = ex.InnerException as OutboundAddressRefusedException;
            return new AttemptResult(false, null, Elapsed(), null, refused is not null ? $"Refused: {refused.Message}" : $"Network error: {ex.Message}", null);
        }
    }

    /// <summary>The first kilobyte of the response, for the delivery log; the rest is not read.</summary>
    private static async Task<string?> ReadExcerptAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[ExcerptBytes];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        return read == 0 ? null : Encoding.UTF8.GetString(buffer, 0, read);
    }

    private TimeSpan? RetryAfter(HttpResponseMessage response) => response.Headers.RetryAfter switch
    {
        { Delta: { } delta } => delta,
        { Date: { } date } => date - _clock.GetUtcNow(),
        _ => null,
    };

    public void Dispose() => _http.Dispose();
}

/// <summary>When to try again, per the Standard Webhooks schedule.</summary>
public static class WebhookRetryPolicy
{
    /// <summary>
    /// The delay before the next attempt after <paramref name="attemptsMade"/> attempts, or null when
    /// none is left. The schedule's delay gets ±20% jitter; a receiver's Retry-After is honoured (never
    /// sooner than it asks) but capped at the schedule's longest delay.
    /// </summary>
    public static TimeSpan? NextDelay(IReadOnlyList<TimeSpan> schedule, int attemptsMade, TimeSpan? retryAfter, double random)
    {
        if (attemptsMade < 1 || attemptsMade > schedule.Count)
        {
            return null;
        }
        var delay = schedule[attemptsMade - 1] * (0.8 + (0.4 * random));
        if (retryAfter is { } asked)
        {
            var honoured = asked < schedule.Max() ? asked : schedule.Max();
            delay = honoured > delay ? honoured : delay;
        }
        return delay;
    }
}
