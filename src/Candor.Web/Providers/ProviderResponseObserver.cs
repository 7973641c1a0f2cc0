namespace Candor.Web.Providers;

/// <summary>What the last HTTP response of one provider call said about itself.</summary>
public sealed class ProviderHttpObservation
{
    public int? StatusCode { get; set; }

    public TimeSpan? RetryAfter { get; set; }
}

/// <summary>
/// Sits in the providers' HttpClient pipeline and notes the status and Retry-After of each response for
/// the call in flight. The SDKs turn error responses into exceptions that do not all carry headers
/// (Anthropic's exposes status and body only), yet honouring Retry-After needs the header.
/// </summary>
public sealed class ProviderResponseObserver(TimeProvider clock) : DelegatingHandler
{
    private static readonly AsyncLocal<ProviderHttpObservation?> Current = new();

    /// <summary>Starts observing; the returned object fills in as responses arrive below this async flow.</summary>
    public static ProviderHttpObservation Begin()
    {
        var observation = new ProviderHttpObservation();
        Current.Value = observation;
        return observation;
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (Current.Value is { } observation)
        {
            observation.StatusCode = (int)response.StatusCode;
            observation.RetryAfter = AiProviderException.ParseRetryAfter(
                Header(response, "retry-after-ms"), Header(response, "Retry-After"), clock.GetUtcNow());
        }
        return response;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
