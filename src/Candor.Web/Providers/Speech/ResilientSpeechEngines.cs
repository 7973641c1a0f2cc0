using Candor.Engine.Speech;

namespace Candor.Web.Providers.Speech;

/// <summary>A cloud recogniser behind the shared retry, timeout and circuit rules of <see cref="ProviderRetry"/>.</summary>
internal sealed class ResilientSpeechToText(ISpeechToText inner, ProviderRetry retry) : ISpeechToText
{
    public Task<Transcript> TranscribeAsync(SpeechToTextRequest request, CancellationToken cancellationToken = default) =>
        retry.ExecuteAsync(token => inner.TranscribeAsync(request, token), cancellationToken);
}

/// <summary>
/// A cloud voice behind <see cref="ProviderRetry"/>: the request up to the response headers is retried; the streamed
/// body is not (the candidate may already hear it) and bounds each wait for the next chunk by the timeout itself.
/// </summary>
internal sealed class ResilientTextToSpeech(ITextToSpeech inner, ProviderRetry retry) : ITextToSpeech
{
    public Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default) =>
        retry.ExecuteAsync(token => inner.SynthesizeAsync(request, token), cancellationToken);
}
