using System.Runtime.CompilerServices;
using Candor.Engine.Speech;

namespace Candor.Web.Providers.Speech;

/// <summary>
/// A provider first, the offline recogniser when it fails (after its own retries, or at once while its circuit is
/// open). Bad audio is not a provider failure: it is the caller's answer and goes straight back to it.
/// </summary>
internal sealed class FallbackSpeechToText(ISpeechToText primary, ISpeechToText fallback, string primaryName, ILogger logger) : ISpeechToText
{
    public async Task<Transcript> TranscribeAsync(SpeechToTextRequest request, CancellationToken cancellationToken = default)
    {
        try
        {
            return await primary.TranscribeAsync(request, cancellationToken);
        }
        catch (Exception ex) when (FallbackRules.ShouldFallBack(ex, cancellationToken))
        {
            logger.LogWarning("Speech-to-text with {Provider} failed ({Outcome}); transcribing offline instead",
                primaryName, SpeechAccounting.OutcomeOf(ex));
            return await fallback.TranscribeAsync(request, cancellationToken);
        }
    }
}

/// <summary>
/// A synthesis engine first, the next one when it fails before its first audio byte. The first chunk is read here
/// so that a stream that breaks at once still falls back; after that the candidate is already hearing it.
/// </summary>
internal sealed class FallbackTextToSpeech(ITextToSpeech primary, ITextToSpeech fallback, string primaryName, ILogger logger) : ITextToSpeech
{
    public async Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
    {
        IAsyncEnumerator<ReadOnlyMemory<byte>>? enumerator = null;
        try
        {
            var audio = await primary.SynthesizeAsync(request, cancellationToken);
            enumerator = audio.Chunks.GetAsyncEnumerator(cancellationToken);
            var hasFirst = await enumerator.MoveNextAsync();
            return audio with { Chunks = Resume(enumerator, hasFirst, cancellationToken) };
        }
        catch (Exception ex) when (FallbackRules.ShouldFallBack(ex, cancellationToken))
        {
            if (enumerator is not null)
            {
                await enumerator.DisposeAsync();
            }
            logger.LogWarning("Text-to-speech with {Provider} failed ({Outcome}); synthesising with the fallback engine",
                primaryName, SpeechAccounting.OutcomeOf(ex));
            return await fallback.SynthesizeAsync(request, cancellationToken);
        }
    }

    private static async IAsyncEnumerable<ReadOnlyMemory<byte>> Resume(IAsyncEnumerator<ReadOnlyMemory<byte>> enumerator, bool hasFirst,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using (enumerator)
        {
            if (!hasFirst)
            {
                yield break;
            }
            yield return enumerator.Current;
            while (await enumerator.MoveNextAsync())
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return enumerator.Current;
            }
        }
    }
}

internal static class FallbackRules
{
    /// <summary>Anything but bad input from the caller or the caller giving up is worth the next engine's try.</summary>
    public static bool ShouldFallBack(Exception exception, CancellationToken cancellationToken) =>
        exception is not BadAudioException && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);
}
