using Candor.Web.Features.Audio;
using Candor.Web.Infrastructure;
using Candor.Web.Providers.Speech;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Sessions;

/// <summary>The multipart form of a spoken answer (documents the endpoint; the handler reads the form itself).</summary>
/// <param name="TurnId">The turn answered.</param>
/// <param name="Audio">The recording: webm/opus as browsers record it, ogg, wav, mp3 or m4a.</param>
/// <param name="Submit">true: send what was heard as the answer; false: only transcribe and hold it for the candidate to
/// confirm or correct (then POST {turn_id, text}). Default: the interview's <c>tools.confirm_transcript</c> decides (on: hold).</param>
public sealed record SpokenAnswerForm(Guid TurnId, IFormFile Audio, bool? Submit);

/// <summary>
/// POST /api/v1/sessions/{token}/answers as multipart/form-data: a spoken answer. In this order: the form and the
/// limits are checked (413 over the organisation's audio size limit; 400 when speech-to-text is off, so the candidate
/// types); the audio is decoded (one ffmpeg run, straight to the 16 kHz PCM the offline recognisers read) and checked
/// (400 when empty, silent, corrupt or not a supported format) — nothing is
/// written for a refused recording; the recording is stored and committed; then it is transcribed, and the words go
/// through the same path as a typed answer. Nothing heard is not an error: the turn stays open and the interviewer asks
/// the candidate to repeat or type.
/// </summary>
public sealed class SpokenAnswers(InterviewConductor conductor, AnswerReplies replies, ISpeechProviders speech, AudioTools audioTools, IOptions<VoiceOptions> options)
{
    public const string NotHeardMessage = "Sorry, I didn't catch that — could you repeat it or type it?";

    public static Task<IResult> HandleAsync(string token, HttpContext http, SpokenAnswers answers, CancellationToken cancellationToken) =>
        answers.AnswerAsync(token, http, cancellationToken);

    public async Task<IResult> AnswerAsync(string token, HttpContext http, CancellationToken cancellationToken)
    {
        var timer = new VoiceTurnTimer();
        var (turnId, file, submit) = await ReadFormAsync(http.Request, cancellationToken);
        var interview = await conductor.FindByTokenAsync(token, cancellationToken);
        if (!interview.Tools.IsVoice)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Voice answers not enabled",
                "This interview is answered in writing: type your answer and send it as JSON {turn_id, text}.", "voice_not_enabled");
        }
        var engines = await speech.ForInterviewAsync(interview.OrganizationId, interview.Id, cancellationToken);
        var (speechToText, audio, decoded, decodeTime) = await SpokenUpload.AcceptAsync(file, engines, audioTools, "answer", cancellationToken);
        if (engines.RecognizerReadsPcm)
        {
            // The one ffmpeg run both checks the audio and makes the 16 kHz PCM the offline recogniser reads.
            timer.AudioConversion(decodeTime);
        }
        var probe = decoded.Probe;
        var recording = await conductor.StoreRecordingAsync(token, turnId, audio, probe.ContentType, probe.Duration,
            submit ?? !interview.Tools.ConfirmTranscript, cancellationToken);
        if (recording is null)
        {
            // The turn was answered already (a retried upload): replay what followed it with the answer it has, storing
            // nothing; or 409 if long past.
            var answered = await conductor.FindTurnAsync(interview.Id, turnId, cancellationToken);
            return await replies.ReplyAsync(http, token, interview, turnId, answered?.Answer ?? "", answered?.Code, answered?.WhiteboardPng,
                heard: null, timer, cancellationToken);
        }

        recording = await conductor.TranscribeAsync(recording, audio, speechToText, engines.Language, timer, cancellationToken, decoded.RecognizerWav);
        var heard = new HeardEvent(recording.Id, recording.Transcript ?? "", recording.Confidence, options.Value.IsLowConfidence(recording.Confidence));
        return recording switch
        {
            { Status: not Audio.RecordingStatus.Heard } => await replies.StayAsync(http, token, heard, SpokenOutcome.NotHeard, NotHeardMessage, cancellationToken),
            { SubmitWhenHeard: false } => await replies.StayAsync(http, token, heard, SpokenOutcome.Held, null, cancellationToken),
            _ => await replies.ReplyAsync(http, token, interview, turnId, recording.Transcript!, null, null, heard, timer, cancellationToken),
        };
    }

    private static async Task<(Guid TurnId, IFormFile Audio, bool? Submit)> ReadFormAsync(HttpRequest request, CancellationToken cancellationToken)
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

        var errors = new FieldErrors();
        Guid turnId = default;
        if (form["turn_id"] is not [{ } turnText] || string.IsNullOrWhiteSpace(turnText))
        {
            errors.Add("turn_id", "The field 'turn_id' is required.");
        }
        else if (!Guid.TryParse(turnText, out turnId))
        {
            errors.Add("turn_id", "The field 'turn_id' must be a UUID.");
        }
        var audio = form.Files.GetFile("audio");
        if (audio is null)
        {
            errors.Add("audio", "The field 'audio' is required: the recording as a file part (webm/opus, ogg, wav, mp3 or m4a). Typed answers are sent as JSON {turn_id, text}.");
        }
        bool? submit = null;
        if (form["submit"] is [{ } submitText])
        {
            if (bool.TryParse(submitText, out var parsed))
            {
                submit = parsed;
            }
            else
            {
                errors.Add("submit", "The field 'submit' must be true or false.");
            }
        }
        errors.ThrowIfAny();
        return (turnId, audio!, submit);
    }
}
