using System.Globalization;
using Candor.Engine.Speech;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Infrastructure;
using Candor.Web.Infrastructure.Blobs;
using Candor.Web.Providers.Speech;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Audio;

/// <summary>
/// The interviewer's words as audio. A whole turn is synthesised on its first request (the candidate's page, or a
/// recruiter replaying it) and kept in the blob store; while a reply streams, each sentence is synthesised on its
/// own and kept as a numbered part of the turn. Keys are per organisation, interview and turn.
/// </summary>
public sealed class PromptAudio(CandorDbContext db, IBlobStore blobs, ISpeechProviders speech, ILogger<PromptAudio> logger)
{
    public static BlobKey WholeKey(Guid organizationId, Guid interviewId, Guid turnId) =>
        BlobKey.For(organizationId, "interviews", interviewId.ToString("D"), "turns", turnId.ToString("D"), "prompt");

    public static BlobKey PartKey(Guid organizationId, Guid interviewId, Guid turnId, int part) =>
        BlobKey.For(organizationId, "interviews", interviewId.ToString("D"), "turns", turnId.ToString("D"), "prompt-parts", part.ToString(CultureInfo.InvariantCulture));

    /// <summary>Which turn a whole-turn key names, if it is one.</summary>
    public static bool TryParseWholeKey(BlobKey key, out Guid interviewId, out Guid turnId)
    {
        var path = key.Path;
        interviewId = turnId = Guid.Empty;
        return path is ["interviews", var interview, "turns", var turn, "prompt"]
            && Guid.TryParseExact(interview, "D", out interviewId) && Guid.TryParseExact(turn, "D", out turnId);
    }

    public static ApiProblemException NoAudio() => new(StatusCodes.Status404NotFound, "No audio",
        "This interview has no spoken audio (text-to-speech is turned off): read the interviewer's words instead.", "no_audio");

    /// <summary>
    /// The whole turn's audio: from the blob store, or synthesised now and kept. 404 problem <c>no_audio</c> when
    /// text-to-speech is off; 503 <c>audio_unavailable</c> when it failed (the words are still on screen).
    /// </summary>
    public async Task<StoredBlob> GetOrCreateAsync(InterviewTurn turn, CancellationToken cancellationToken)
    {
        var key = WholeKey(turn.OrganizationId, turn.InterviewId, turn.Id);
        if (await blobs.GetAsync(key, cancellationToken) is { } stored)
        {
            return stored;
        }
        var engines = await speech.ForInterviewAsync(turn.OrganizationId, turn.InterviewId, cancellationToken);
        if (engines.TextToSpeech is not { } textToSpeech)
        {
            throw NoAudio();
        }
        var (audio, contentType) = await SynthesizeAsync(textToSpeech, turn.Prompt, engines.Format, logger, cancellationToken)
            ?? throw new ApiProblemException(StatusCodes.Status503ServiceUnavailable, "Audio unavailable",
                "The interviewer's words could not be turned into speech just now; they are shown as text. Try again later.", "audio_unavailable");
        await blobs.PutAsync(key, new MemoryStream(audio), contentType, cancellationToken);
        await db.InterviewTurns.Where(t => t.Id == turn.Id).ExecuteUpdateAsync(s => s.SetProperty(t => t.PromptAudioKey, key.Value), cancellationToken);
        return new StoredBlob(new MemoryStream(audio), contentType, audio.Length);
    }

    /// <summary>Speaks <paramref name="text"/>; null (logged) when the engine fails or produces nothing. Cancellation still throws.</summary>
    public static async Task<(byte[] Audio, string ContentType)?> SynthesizeAsync(
        ITextToSpeech textToSpeech, string text, SpeechAudioFormat format, ILogger logger, CancellationToken cancellationToken)
    {
        try
        {
            var speech = await textToSpeech.SynthesizeAsync(new SpeechRequest(text, format), cancellationToken);
            using var buffer = new MemoryStream();
            await foreach (var chunk in speech.Chunks.WithCancellation(cancellationToken))
            {
                buffer.Write(chunk.Span);
            }
            if (buffer.Length == 0)
            {
                logger.LogWarning("Text-to-speech ({Provider}) produced no audio", speech.Provenance.Provider);
                return null;
            }
            return (buffer.ToArray(), speech.Format.ContentType());
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Text-to-speech failed; the interviewer's words are shown as text only");
            return null;
        }
    }
}
