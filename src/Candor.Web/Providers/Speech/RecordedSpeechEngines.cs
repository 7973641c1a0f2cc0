using System.Runtime.CompilerServices;
using Candor.Engine.Speech;

namespace Candor.Web.Providers.Speech;

/// <summary>Who a speech call is for: the organisation billed and, inside an interview, the interview shown in /ai-usage.</summary>
public sealed record SpeechCallScope(Guid OrganizationId, Guid? InterviewId);

/// <summary>
/// Writes one ai_usage row and the ai.stt.* / ai.tts.* metrics per speech call, like <see cref="UsageRecordingChatClient"/>
/// does for the LLM. Accounting failures are logged, never thrown at the caller.
/// </summary>
public sealed class SpeechAccounting(IAiUsageRecorder recorder, AiMetrics aiMetrics, SpeechMetrics metrics, TimeProvider clock, ILogger<SpeechAccounting> logger)
{
    public const string SpeechToTextRole = "speech_to_text";
    public const string TextToSpeechRole = "text_to_speech";

    public TimeProvider Clock => clock;

    public SpeechMetrics Metrics => metrics;

    public static string OutcomeOf(Exception? error) => error switch
    {
        null => "success",
        AiProviderException provider => provider.Outcome,
        BadAudioException bad => "bad_audio_" + bad.Code,
        SpeechToolException => "tool_failed",
        OperationCanceledException => "cancelled",
        _ => "error",
    };

    public async Task RecordAsync(SpeechCallScope scope, string role, string provider, string model, string? voice, long started,
        TimeSpan? audio, int characters, decimal costPerMinute, decimal costPerMillionCharacters, Exception? error, string? apiKey)
    {
        var outcome = OutcomeOf(error);
        var latency = clock.GetElapsedTime(started).TotalMilliseconds;
        var cost = decimal.Round((decimal)(audio?.TotalMinutes ?? 0) * costPerMinute + characters * costPerMillionCharacters / 1_000_000m, 6);
        var record = new AiUsageRecord(scope.OrganizationId, scope.InterviewId, provider, model, role, 0, 0,
            (int)Math.Min(latency, int.MaxValue), cost, error is null,
            error is null ? null : $"{outcome}: {AiProviderException.Redact(error.Message, apiKey)}",
            audio?.TotalSeconds, voice);
        aiMetrics.Record(record, outcome);
        if (role == SpeechToTextRole)
        {
            metrics.SpeechToText(provider, model, outcome, latency, audio);
        }
        else if (error is not null)
        {
            metrics.TextToSpeechFailed(provider, model, outcome);
        }
        try
        {
            // Not the caller's token: a call that was cancelled or failed was still (partly) billed.
            await recorder.RecordAsync(record, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not record speech usage for organisation {OrganizationId} ({Provider} {Model})",
                scope.OrganizationId, provider, model);
        }
    }
}

/// <summary>One recognition engine with its accounting: the row names the engine that actually ran.</summary>
internal sealed class RecordedSpeechToText(ISpeechToText inner, string provider, string model, SpeechEndpoint endpoint, SpeechCallScope scope, SpeechAccounting accounting)
    : ISpeechToText
{
    public async Task<Transcript> TranscribeAsync(SpeechToTextRequest request, CancellationToken cancellationToken = default)
    {
        var started = accounting.Clock.GetTimestamp();
        Transcript transcript;
        try
        {
            transcript = await inner.TranscribeAsync(request, cancellationToken);
        }
        catch (Exception ex)
        {
            await accounting.RecordAsync(scope, SpeechAccounting.SpeechToTextRole, provider, model, null, started, null, 0,
                endpoint.CostPerMinute, 0m, ex, endpoint.ApiKey);
            throw;
        }
        await accounting.RecordAsync(scope, SpeechAccounting.SpeechToTextRole, provider, transcript.Provenance.Model, null, started,
            transcript.AudioDuration, 0, endpoint.CostPerMinute, 0m, null, endpoint.ApiKey);
        return transcript;
    }
}

/// <summary>One synthesis engine with its accounting; a streamed clip is recorded when its last chunk has been read.</summary>
internal sealed class RecordedTextToSpeech(ITextToSpeech inner, string provider, SpeechEndpoint endpoint, SpeechCallScope scope, SpeechAccounting accounting)
    : ITextToSpeech
{
    public async Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
    {
        var started = accounting.Clock.GetTimestamp();
        var voice = request.Voice ?? endpoint.Voice;
        SpeechAudio audio;
        try
        {
            audio = await inner.SynthesizeAsync(request, cancellationToken);
        }
        catch (Exception ex)
        {
            await accounting.RecordAsync(scope, SpeechAccounting.TextToSpeechRole, provider, endpoint.IsOffline ? provider : endpoint.Model, voice, started, null,
                request.Text.Length, 0m, endpoint.CostPerMillionCharacters, ex, endpoint.ApiKey);
            throw;
        }
        return audio with { Chunks = Observe(audio, request, started, cancellationToken) };
    }

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> Observe(SpeechAudio audio, SpeechRequest request, long started,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Exception? error = null;
        var first = true;
        var enumerator = audio.Chunks.GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await enumerator.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (Exception ex)
                {
                    error = ex;
                    throw;
                }
                if (first)
                {
                    first = false;
                    accounting.Metrics.TextToSpeechFirstByte(provider, endpoint.Model, accounting.Clock.GetElapsedTime(started).TotalMilliseconds);
                }
                yield return enumerator.Current;
            }
        }
        finally
        {
            await enumerator.DisposeAsync();
            // A synthesis provenance names the engine and the voice; offline engines have no model beyond themselves.
            await accounting.RecordAsync(scope, SpeechAccounting.TextToSpeechRole, provider, endpoint.IsOffline ? provider : endpoint.Model,
                audio.Provenance.Model, started, audio.Duration, request.Text.Length, 0m, endpoint.CostPerMillionCharacters, error, endpoint.ApiKey);
        }
    }
}
