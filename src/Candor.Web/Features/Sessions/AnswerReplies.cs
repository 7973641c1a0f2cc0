using Candor.Engine.Interviews;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Audio;
using Candor.Web.Infrastructure;
using Candor.Web.Infrastructure.Blobs;
using Candor.Web.Providers.Speech;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Sessions;

/// <summary>What speech-to-text made of a recording: the <c>heard</c> event, and the heart of a spoken answer's response.</summary>
public sealed record HeardEvent(Guid RecordingId, string Text, double? Confidence, bool LowConfidence);

/// <summary>answered: the transcript was sent as the answer; held: waiting for the candidate to confirm or correct it; not_heard: nothing usable was heard.</summary>
public enum SpokenOutcome { Answered, Held, NotHeard }

/// <summary>
/// The response to a spoken answer: the turn now awaiting an answer (the next one when answered; the same one when
/// held or not heard) with what was heard. <c>message</c> is what the interviewer says when nothing was heard.
/// </summary>
public sealed record SpokenAnswerResponse(
    Guid TurnId, TurnKind Kind, string Text, bool Done, SessionProgress Progress, string Status,
    string Heard, SpokenOutcome Outcome, Guid RecordingId, double? Confidence, bool LowConfidence, string? Message)
{
    public static SpokenAnswerResponse Of(SessionTurn turn, HeardEvent heard, SpokenOutcome outcome, string? message = null) =>
        new(turn.TurnId, turn.Kind, turn.Text, turn.Done, turn.Progress, turn.Status, heard.Text, outcome, heard.RecordingId, heard.Confidence, heard.LowConfidence, message);
}

/// <summary>
/// Sends an answer to the conductor and the interviewer's reply back, as JSON or as a stream (<see cref="AnswerStream"/>),
/// for typed and spoken answers alike. In a voice interview the streamed reply is also spoken sentence by sentence
/// (<see cref="SpokenReply"/>) and the turn's latency breakdown is stored and exported.
/// </summary>
public sealed class AnswerReplies(
    InterviewConductor conductor, CandorDbContext db, ISpeechProviders speech, IBlobStore blobs, VoiceMetrics metrics, ILogger<AnswerReplies> logger)
{
    /// <param name="interview">The token's interview (<see cref="InterviewConductor.FindByTokenAsync"/>).</param>
    /// <param name="heard">Set for a spoken answer: the recording whose transcript is <paramref name="text"/>.</param>
    public async Task<IResult> ReplyAsync(
        HttpContext http, string token, Interview interview, Guid turnId, string text, string? code, byte[]? whiteboardPng, HeardEvent? heard,
        VoiceTurnTimer timer, CancellationToken cancellationToken)
    {
        var isVoice = interview.Tools.IsVoice;
        var voice = new VoiceReply(heard?.RecordingId, Guid.CreateVersion7(), isVoice ? timer : null);
        if (!AnswerStream.IsWanted(http.Request))
        {
            var turn = await conductor.AnswerAsync(token, turnId, text, cancellationToken, code: code, whiteboardPng: whiteboardPng, voice: voice);
            await RecordLatencyAsync(turnId, voice.Timer, heard is not null);
            return heard is null ? TypedResults.Ok(turn) : TypedResults.Ok(SpokenAnswerResponse.Of(turn, heard, SpokenOutcome.Answered));
        }

        var stream = new AnswerStream(http.Response);
        SpokenReply? spoken = null;
        try
        {
            if (heard is not null)
            {
                await stream.HeardAsync(heard);
            }
            var engines = isVoice ? await speech.ForInterviewAsync(interview.OrganizationId, interview.Id, cancellationToken) : null;
            if (engines?.TextToSpeech is { } textToSpeech)
            {
                spoken = new SpokenReply(stream, textToSpeech, engines.Format, blobs, (interview.OrganizationId, interview.Id, token),
                    voice.NextTurnId!.Value, timer, logger, cancellationToken);
            }
            var turn = await conductor.AnswerAsync(token, turnId, text, cancellationToken,
                spoken is null ? stream.OnDeltaAsync : spoken.OnDeltaAsync, code, whiteboardPng, voice);
            var audioVoid = spoken is not null && await spoken.FinishAsync(turn);
            await RecordLatencyAsync(turnId, voice.Timer, heard is not null);
            await stream.CompleteAsync(turn, heard is null ? null : SpokenAnswerResponse.Of(turn, heard, SpokenOutcome.Answered), audioVoid);
        }
        catch (ApiProblemException problem)
        {
            if (!await stream.TryFailAsync(problem))
            {
                throw; // Nothing sent yet: the usual problem-details response.
            }
        }
        finally
        {
            if (spoken is not null)
            {
                await spoken.DisposeAsync();
            }
        }
        return Results.Empty;
    }

    /// <summary>A spoken answer that did not move the interview on (held for confirmation, or not heard): the same turn, with what was heard.</summary>
    public async Task<IResult> StayAsync(HttpContext http, string token, HeardEvent heard, SpokenOutcome outcome, string? message, CancellationToken cancellationToken)
    {
        var body = SpokenAnswerResponse.Of(await conductor.CurrentTurnAsync(token, cancellationToken), heard, outcome, message);
        if (!AnswerStream.IsWanted(http.Request))
        {
            return TypedResults.Ok(body);
        }
        var stream = new AnswerStream(http.Response);
        await stream.HeardAsync(heard);
        await stream.SendTurnAsync(body);
        return Results.Empty;
    }

    private async Task RecordLatencyAsync(Guid answeredTurnId, VoiceTurnTimer? timer, bool spoken)
    {
        if (timer?.Finish() is not { } latency)
        {
            return; // Not a voice interview, or a replayed answer: the interviewer was not asked.
        }
        // The reply is already stored and on its way: losing this line must not fail the turn.
        try
        {
            await db.InterviewTurns.Where(t => t.Id == answeredTurnId)
                .ExecuteUpdateAsync(s => s.SetProperty(t => t.VoiceLatency, latency), CancellationToken.None);
            metrics.Record(latency, spoken);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not record the latency of voice turn {TurnId}", answeredTurnId);
        }
    }
}
