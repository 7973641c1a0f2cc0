using System.Text.Json;
using Candor.Engine.Speech;
using Candor.Web.Data;
using Candor.Web.Features.Audio;
using Candor.Web.Infrastructure;
using Candor.Web.Infrastructure.Blobs;
using Candor.Web.Providers.Speech;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Rooms;

/// <summary>The multipart form of a spoken room message (documents the endpoint; the handler reads the form itself).</summary>
/// <param name="Audio">The recording: webm/opus as browsers record it, ogg, wav, mp3 or m4a.</param>
public sealed record SpokenRoomMessageForm(IFormFile Audio, string? Code, string? Language);

/// <summary>
/// What an ai:interview job stores for a spoken message: the recording (already checked to decode) waits in the
/// blob store and the job transcribes it. Never bound from a client's body, so a client cannot name a blob.
/// </summary>
public sealed record SpokenRoomMessage(string? Code, string? Language, string AudioKey, string AudioContentType, MessageAuthor Author);

/// <summary>Whether a room talks: both directions as the organisation's engines allow (null in the room view: a typed room).</summary>
public sealed record RoomVoiceView(bool Hears, bool Speaks);

/// <summary>
/// Voice in AI rooms. A room speaks when its interview is a voice interview (a room scheduled on its own, without an
/// interview, is typed). The AI's replies are synthesised by the organisation's text-to-speech (festival offline by
/// default, recorded in ai_usage like every speech call) and fetched by the room's members with their credentials; the
/// candidate's spoken messages are checked here exactly as spoken interview answers are (size, then decoding) and
/// transcribed by the ai:interview job.
/// </summary>
public static class RoomVoice
{
    public const string NotHeardMessage = "Sorry, I didn't catch that — could you say it again, or type it?";

    public static string AudioUrl(Guid roomId, Guid jobId) => $"/api/v1/rooms/{roomId}/ai/message/{jobId}/audio";

    public static BlobKey ReplyAudioKey(Room room, Guid jobId) =>
        BlobKey.For(room.OrganizationId, "rooms", room.Id.ToString("D"), "ai", jobId.ToString("D"), "reply");

    private static BlobKey RecordingKey(Room room, Guid recordingId) =>
        BlobKey.For(room.OrganizationId, "rooms", room.Id.ToString("D"), "recordings", recordingId.ToString("D"));

    /// <summary>True when the room's interview is a voice interview (AI rooms only: in a peer room people talk).</summary>
    public static async Task<bool> IsOnAsync(CandorDbContext db, Room room, CancellationToken cancellationToken)
    {
        if (room.Mode != RoomMode.Ai || room.InterviewId is not { } interviewId)
        {
            return false;
        }
        var tools = await db.Interviews.AsNoTracking().Where(i => i.Id == interviewId && i.OrganizationId == room.OrganizationId)
            .Select(i => i.Tools).FirstOrDefaultAsync(cancellationToken);
        return tools?.IsVoice == true;
    }

    public static async Task<RoomVoiceView?> ViewAsync(CandorDbContext db, ISpeechProviders speech, Room room, CancellationToken cancellationToken)
    {
        if (!await IsOnAsync(db, room, cancellationToken))
        {
            return null;
        }
        var engines = await speech.ForInterviewAsync(room.OrganizationId, room.InterviewId, cancellationToken);
        return new RoomVoiceView(engines.SpeechToText is not null, engines.TextToSpeech is not null);
    }

    /// <summary>
    /// POST /rooms/{roomId}/ai/message as multipart/form-data. In this order: capability, form, AI mode, voice on,
    /// speech-to-text on (400 so the candidate types), size (413), decoding (400 <c>bad_audio</c>: empty, silent,
    /// corrupt or not a supported format); then the recording is kept and the job queued by the same gate as a typed
    /// message (limits, circuit). A refused recording leaves nothing behind.
    /// </summary>
    public static async Task<Accepted<AiJobAccepted>> SpokenMessageAsync(Guid roomId, HttpContext http, RoomAccess access, CandorDbContext db, RoomAiGate gate,
        ISpeechProviders speech, AudioTools audioTools, IBlobStore blobs, CancellationToken cancellationToken)
    {
        var caller = await access.RequireAsync(http, roomId, RoomCapabilities.AiUse, cancellationToken);
        var (file, code, language) = await ReadFormAsync(http.Request, cancellationToken);
        var room = caller.Room;
        if (room.Mode != RoomMode.Ai)
        {
            throw ApiProblemException.Conflict("The AI interviewer only talks in AI-mode rooms; in a peer room the interviewer is a person.", "ai_mode_only");
        }
        if (!await IsOnAsync(db, room, cancellationToken))
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Voice messages not enabled",
                "This room is typed: send your message as JSON {text, code?, language?}.", "voice_not_enabled");
        }
        var engines = await speech.ForInterviewAsync(room.OrganizationId, room.InterviewId, cancellationToken);
        var (_, audio, decoded, _) = await SpokenUpload.AcceptAsync(file, engines, audioTools, "message", cancellationToken);
        var probe = decoded.Probe;

        // Kept before the job exists, so the worker can never look for it too early; removed again if the gate refuses.
        var key = RecordingKey(room, Guid.CreateVersion7());
        await blobs.PutAsync(key, new MemoryStream(audio), probe.ContentType, cancellationToken);
        try
        {
            var author = caller.IsCandidate ? MessageAuthor.Candidate : MessageAuthor.Interviewer;
            return await gate.EnqueueAsync(caller, RoomAiKind.Message, new SpokenRoomMessage(code, language, key.Value, probe.ContentType, author), cancellationToken);
        }
        catch
        {
            await blobs.DeleteAsync(key, CancellationToken.None);
            throw;
        }
    }

    /// <summary>GET /rooms/{roomId}/ai/message/{jobId}/audio: the reply's speech, to this room's members only (another room's token is 404).</summary>
    public static async Task<IResult> ReplyAudioAsync(Guid roomId, Guid jobId, HttpContext http, RoomAccess access, CandorDbContext db, IBlobStore blobs,
        CancellationToken cancellationToken)
    {
        var caller = await access.RequireAsync(http, roomId, RoomCapabilities.AiUse, cancellationToken);
        var exists = await db.Set<RoomAiRequest>().AsNoTracking()
            .AnyAsync(r => r.Id == jobId && r.RoomId == roomId && r.Kind == RoomAiKind.Message && r.CompletedAt != null, cancellationToken);
        var audio = exists ? await blobs.GetAsync(ReplyAudioKey(caller.Room, jobId), cancellationToken) : null;
        if (audio is null)
        {
            throw new ApiProblemException(StatusCodes.Status404NotFound, "No audio",
                "This reply has no spoken audio (it is not finished, the room is typed, or text-to-speech failed): read the reply instead.", "no_audio");
        }
        // A reply's words never change, so the browser may keep its audio.
        http.Response.Headers.CacheControl = "private, max-age=3600";
        return Results.File(audio.Content, audio.ContentType, enableRangeProcessing: audio.Content.CanSeek);
    }

    /// <summary>The spoken message of a request, or null when it was typed.</summary>
    public static SpokenRoomMessage? SpokenOf(RoomAiRequest request) =>
        request.Request.RootElement.TryGetProperty("audio_key", out _) ? request.Request.Deserialize<SpokenRoomMessage>(CandorJson.Options) : null;

    /// <summary>Transcribes the stored recording. Throws <see cref="SpeechToTextFailedException"/> on any failure, including nothing heard.</summary>
    public static async Task<string> TranscribeAsync(SpokenRoomMessage spoken, SpeechEngines engines, IBlobStore blobs, AudioTools audioTools,
        CancellationToken cancellationToken)
    {
        if (engines.SpeechToText is not { } speechToText)
        {
            throw new SpeechToTextFailedException("speech_to_text_off", "Spoken messages cannot be understood right now: please type your message instead.");
        }
        if (!BlobKey.TryParse(spoken.AudioKey, out var key) || await blobs.GetAsync(key, cancellationToken) is not { } stored)
        {
            throw new SpeechToTextFailedException("speech_to_text_failed", "Your recording could not be found. Please record it again, or type your message.");
        }
        byte[] audio;
        await using (stored)
        {
            audio = await stored.ReadAllBytesAsync(cancellationToken);
        }
        Transcript transcript;
        try
        {
            var wav = engines.RecognizerReadsPcm ? (await audioTools.DecodeAsync(audio, cancellationToken)).RecognizerWav : default(ReadOnlyMemory<byte>);
            transcript = await speechToText.TranscribeAsync(new SpeechToTextRequest(audio, spoken.AudioContentType, engines.Language, wav), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new SpeechToTextFailedException("speech_to_text_failed", "Your recording could not be understood this time. Please try again, or type your message.", ex);
        }
        return transcript.IsEmpty ? throw new SpeechToTextFailedException("not_heard", NotHeardMessage) : transcript.Text.Trim();
    }

    /// <summary>Speaks the reply and keeps it; null when text-to-speech is off or failed (logged): the reply is still shown.</summary>
    public static async Task<string?> SpeakAsync(Room room, Guid jobId, string reply, SpeechEngines engines, IBlobStore blobs, ILogger logger,
        CancellationToken cancellationToken)
    {
        if (engines.TextToSpeech is not { } textToSpeech)
        {
            return null;
        }
        if (await PromptAudio.SynthesizeAsync(textToSpeech, reply, engines.Format, logger, cancellationToken) is not var (audio, contentType))
        {
            return null;
        }
        await blobs.PutAsync(ReplyAudioKey(room, jobId), new MemoryStream(audio), contentType, cancellationToken);
        return AudioUrl(room.Id, jobId);
    }

    private static async Task<(IFormFile Audio, string? Code, string? Language)> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken);
        }
        catch (InvalidDataException ex)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Malformed form", $"The multipart form could not be read: {ex.Message}", "malformed_form");
        }
        var audio = form.Files.GetFile("audio");
        var code = form["code"] is [{ } codeText] ? codeText : null;
        var language = form["language"] is [{ } languageText] && languageText.Length > 0 ? languageText : null;
        var errors = new FieldErrors().OptionalText("code", code, RoomsApi.MaxCodeLength);
        if (audio is null)
        {
            errors.Add("audio", "The field 'audio' is required: the recording as a file part (webm/opus, ogg, wav, mp3 or m4a). Typed messages are sent as JSON {text, code?, language?}.");
        }
        RoomLanguages.Of(errors, language, required: false);
        errors.ThrowIfAny();
        return (audio!, code, language);
    }
}

/// <summary>A spoken message that could not be turned into words: the job fails at once (no retry), with this code and message.</summary>
public sealed class SpeechToTextFailedException(string code, string message, Exception? innerException = null) : Exception(message, innerException)
{
    public string Code { get; } = code;
}
