using Candor.Engine.Interviews;
using Candor.Engine.Speech;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Audio;
using Candor.Web.Features.Jobs;
using Candor.Web.Infrastructure;
using Candor.Web.Providers.Speech;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Sessions;

/// <summary>
/// An answer; <c>code</c> and <c>whiteboard</c> (a PNG data URL) come from the optional tools. The candidate's text
/// and code are pasted from anywhere, so control characters in them are stripped rather than refused.
/// </summary>
public sealed record AnswerRequest(Guid? TurnId, [property: FreeText] string? Text, [property: FreeText] string? Code = null, string? Whiteboard = null);

/// <summary>The optional body of POST /start: <c>consent: true</c> records that the candidate agreed.</summary>
public sealed record StartRequest(bool? Consent);

/// <summary>A transcript line for the candidate: what was asked and what they said. No scores, ever.</summary>
public sealed record CandidateTurn(Guid TurnId, TurnKind Kind, string Text, string? Answer, string? Code, DateTimeOffset AskedAt, DateTimeOffset? AnsweredAt);

public sealed record SessionResponse(
    string Status,
    string CandidateName,
    string JobTitle,
    string OrganizationName,
    bool Done,
    SessionProgress Progress,
    SessionTurn? CurrentTurn,
    IReadOnlyList<CandidateTurn> Transcript,
    DateTimeOffset ExpiresAt,
    StageType StageType,
    ToolsResponse Tools,
    DateTimeOffset? ConsentedAt,
    SessionVoice? Voice = null);

/// <summary>
/// A voice interview's speech, for the candidate's page (null for a typed interview): whether spoken answers are taken
/// (<c>speech_to_text</c>; false means the candidate types) and the interviewer's words are spoken
/// (<c>text_to_speech</c>), the largest recording accepted, and the newest recording of the current turn, so a reload
/// shows a transcript held for confirmation (or a recording still being transcribed).
/// </summary>
public sealed record SessionVoice(bool SpeechToText, bool TextToSpeech, long MaxAudioBytes, SpeechAudioFormat AudioFormat, LatestRecording? LatestRecording);

/// <summary>The newest recording of the turn awaiting an answer: pending (being transcribed), heard (with its words) or not_heard.</summary>
public sealed record LatestRecording(Guid RecordingId, RecordingStatus Status, string? Heard, double? Confidence, bool LowConfidence, string? Message);

/// <summary>
/// The candidate's side, authorised only by the token in their link. These responses are built from
/// candidate-safe records only, so no score, rubric or evaluation can leak by accident.
/// </summary>
public static class SessionsApi
{
    public static RouteGroupBuilder MapSessionsApi(this RouteGroupBuilder api)
    {
        var sessions = api.MapGroup("/sessions/{token}").WithTags("Candidate sessions").AllowAnonymous();
        sessions.MapGet("/", Get);
        sessions.MapPost("/start", Start);
        sessions.MapPost("/answers", Answer).WithMetadata(new RequestSizeLimitAttribute(WhiteboardImage.MaxAnswerBodyBytes));
        // The same path with multipart/form-data is a spoken answer; routing picks the endpoint by content type. Where
        // the content type settles nothing (none, or a stray one), the typed endpoint (order 0) answers with its problem
        // rather than routing failing on two equal matches.
        sessions.MapPost("/answers", SpokenAnswers.HandleAsync).Accepts<SpokenAnswerForm>("multipart/form-data").WithOrder(1)
            .WithMetadata(new RequestSizeLimitAttribute(VoiceUploadLimit(((IEndpointRouteBuilder)api).ServiceProvider)));
        sessions.MapGet("/turns/{turnId:guid}/audio", TurnAudio.GetAsync);
        sessions.MapPost("/end", End);
        sessions.MapSessionRoom();
        return api;
    }

    internal static long VoiceUploadLimit(IServiceProvider services) =>
        services.GetRequiredService<IOptions<VoiceOptions>>().Value.UploadLimit(services.GetRequiredService<IOptions<SpeechOptions>>().Value);

    private static async Task<Ok<SessionResponse>> Get(
        string token, InterviewConductor conductor, CandorDbContext db, ISpeechProviders speech, IOptions<VoiceOptions> voice, CancellationToken cancellationToken)
    {
        var (interview, turns) = await conductor.ViewAsync(token, cancellationToken);
        if (interview.Status is InterviewStatus.Cancelled or InterviewStatus.Expired)
        {
            throw interview.Status == InterviewStatus.Cancelled
                ? ApiProblemException.Gone("This interview was cancelled by the hiring team.", "interview_cancelled")
                : ApiProblemException.Gone("This interview link has expired.", "interview_expired");
        }

        var last = turns.Count > 0 ? turns[^1] : null;
        var current = last is not null && (last.Answer is null || last.Kind == TurnKind.Closing)
            ? new SessionTurn(last.Id, last.Kind, last.Prompt, last.Kind == TurnKind.Closing, SessionProgress.For(interview, turns), CandorJson.EnumName(interview.Status))
            : null;
        var organization = await InterviewConductor.OrganizationNameAsync(db, interview.OrganizationId, cancellationToken);
        return TypedResults.Ok(new SessionResponse(
            CandorJson.EnumName(interview.Status),
            interview.CandidateName,
            interview.Job!.Title,
            organization,
            interview.Status == InterviewStatus.Completed,
            SessionProgress.For(interview, turns),
            current,
            turns.Select(t => new CandidateTurn(t.Id, t.Kind, t.Prompt, t.Answer, t.Code, t.AskedAt, t.AnsweredAt)).ToList(),
            interview.ExpiresAt,
            interview.StageType,
            ToolsResponse.From(interview.Tools),
            interview.ConsentedAt,
            await VoiceOfAsync(interview, turns, conductor, speech, voice.Value, cancellationToken)));
    }

    private static async Task<SessionVoice?> VoiceOfAsync(
        Interview interview, IReadOnlyList<InterviewTurn> turns, InterviewConductor conductor, ISpeechProviders speech, VoiceOptions options, CancellationToken cancellationToken)
    {
        if (!interview.Tools.IsVoice)
        {
            return null;
        }
        var engines = await speech.ForOrganizationAsync(interview.OrganizationId, cancellationToken);
        var latest = await conductor.LatestRecordingAsync(interview, turns, cancellationToken) is { } r
            ? new LatestRecording(r.Id, r.Status, r.Transcript, r.Confidence, options.IsLowConfidence(r.Confidence),
                r.Status == RecordingStatus.NotHeard ? SpokenAnswers.NotHeardMessage : null)
            : null;
        return new SessionVoice(engines.SpeechToText is not null, engines.TextToSpeech is not null, engines.MaxAudioBytes, engines.Format, latest);
    }

    /// <summary>Starts or resumes. The body is optional (API clients that collect consent themselves send none), but a consent sent must be true.</summary>
    private static async Task<Ok<SessionTurn>> Start(string token, StartRequest? request, InterviewConductor conductor, CancellationToken cancellationToken)
    {
        if (request?.Consent == false)
        {
            new FieldErrors().Add("consent", "The interview starts only with the candidate's consent: send true, or leave the field out.").ThrowIfAny();
        }
        return TypedResults.Ok(await conductor.StartAsync(token, cancellationToken, consented: request?.Consent == true));
    }

    private static async Task<IResult> Answer(
        string token, AnswerRequest request, InterviewConductor conductor, AnswerReplies replies, IOptions<CandorOptions> options, HttpContext http, CancellationToken cancellationToken)
    {
        var maxLength = options.Value.Interviews.MaxAnswerLength;
        var errors = new FieldErrors();
        if (request.TurnId is null)
        {
            errors.Add("turn_id", "The field 'turn_id' is required.");
        }
        if (request.Text is null)
        {
            errors.Add("text", "The field 'text' is required (it may be empty if you have nothing to say).");
        }
        var whiteboard = WhiteboardImage.Decode(request.Whiteboard, out var whiteboardError);
        if (whiteboardError is not null)
        {
            errors.Add("whiteboard", whiteboardError);
        }
        errors.OptionalText("text", request.Text, maxLength)
            .OptionalText("code", request.Code, options.Value.Interviews.MaxCodeLength)
            .ThrowIfAny();
        var interview = await conductor.FindByTokenAsync(token, cancellationToken);
        return await replies.ReplyAsync(http, token, interview, request.TurnId!.Value, request.Text!, request.Code, whiteboard, heard: null, new VoiceTurnTimer(), cancellationToken);
    }

    private static async Task<Ok<SessionTurn>> End(string token, InterviewConductor conductor, CancellationToken cancellationToken) =>
        TypedResults.Ok(await conductor.EndAsync(token, cancellationToken));
}
