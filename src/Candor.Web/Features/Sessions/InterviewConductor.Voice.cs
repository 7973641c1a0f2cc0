using System.Diagnostics;
using Candor.Engine.Speech;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Audio;
using Candor.Web.Infrastructure.Blobs;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Sessions;

/// <param name="RecordingId">The recording whose transcript is the answer; null for a typed answer (a transcript held for confirmation is then linked).</param>
/// <param name="NextTurnId">The id the reply's turn will have, announced before it exists (streamed audio parts name it).</param>
/// <param name="Timer">Marks the interviewer's stages for the voice turn's latency breakdown.</param>
public sealed record VoiceReply(Guid? RecordingId = null, Guid? NextTurnId = null, VoiceTurnTimer? Timer = null);

/// <summary>
/// Spoken answers. A recording is kept (blob, then its row, committed) before speech-to-text runs, the same rule as a
/// typed answer: acknowledged means kept. If the app stops in between, the recording stays pending and is transcribed
/// the next time the candidate's interview is opened (and, if it was sent as the answer, answered with).
/// </summary>
public sealed partial class InterviewConductor
{
    public static BlobKey RecordingKey(Guid organizationId, Guid interviewId, Guid turnId, Guid recordingId) =>
        BlobKey.For(organizationId, "interviews", interviewId.ToString("D"), "turns", turnId.ToString("D"), "answers", recordingId.ToString("D"));

    /// <summary>
    /// Stores a recording for the current turn: under the interview's row lock, the turn is checked, then the blob is
    /// written and its row inserted and committed, so it survives anything that happens during transcription. Null when
    /// the turn is already answered (the caller replays the answer through <see cref="AnswerAsync"/>, which also refuses
    /// stale turns); problems as for an answer otherwise, with nothing written. One locked pass instead of an unlocked
    /// check and a locked re-check: two fewer database round trips per spoken answer. The lock is held only against
    /// this interview's own requests while the blob is written.
    /// </summary>
    public async Task<VoiceRecording?> StoreRecordingAsync(
        string token, Guid turnId, ReadOnlyMemory<byte> audio, string contentType, TimeSpan duration, bool submitWhenHeard, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await LockByTokenAsync(token, cancellationToken);
        if (AnswerableTurn(locked, await LoadTurnsAsync(locked.Id, cancellationToken), turnId) is null)
        {
            return null; // Answered already (a retried upload): the caller replays that answer.
        }

        var recordingId = Guid.CreateVersion7();
        var key = RecordingKey(locked.OrganizationId, locked.Id, turnId, recordingId);
        var recording = new VoiceRecording
        {
            Id = recordingId,
            OrganizationId = locked.OrganizationId,
            InterviewId = locked.Id,
            TurnId = turnId,
            AudioKey = key.Value,
            ContentType = contentType,
            SizeBytes = audio.Length,
            DurationMs = (int)Math.Round(duration.TotalMilliseconds),
            SubmitWhenHeard = submitWhenHeard,
            Status = RecordingStatus.Pending,
        };
        var stored = false;
        try
        {
            await blobs.PutAsync(key, new MemoryStream(audio.ToArray(), writable: false), contentType, cancellationToken);
            recording.CreatedAt = clock.GetUtcNow();
            locked.LastActivityAt = recording.CreatedAt;
            db.VoiceRecordings.Add(recording);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            stored = true;
            return recording;
        }
        finally
        {
            if (!stored)
            {
                // Nothing half-written: a blob no row names is removed again.
                await blobs.DeleteAsync(key, CancellationToken.None);
            }
        }
    }

    /// <summary>
    /// Transcribes a stored recording and records what was heard. A provider failure or an empty transcript is
    /// <see cref="RecordingStatus.NotHeard"/> (the candidate is asked to repeat or type), never an exception;
    /// cancellation leaves the recording pending for the resume path. <paramref name="recognizerWav"/>: the recording already
    /// decoded to 16 kHz PCM when it was checked, so an offline recogniser does not decode it again.
    /// </summary>
    public async Task<VoiceRecording> TranscribeAsync(
        VoiceRecording recording, ReadOnlyMemory<byte> audio, ISpeechToText speechToText, string language, VoiceTurnTimer? timer, CancellationToken cancellationToken,
        ReadOnlyMemory<byte> recognizerWav = default)
    {
        var started = Stopwatch.GetTimestamp();
        Transcript? transcript = null;
        string? failure = null;
        try
        {
            transcript = await speechToText.TranscribeAsync(new SpeechToTextRequest(audio, recording.ContentType, language, recognizerWav), cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Speech-to-text failed for recording {RecordingId}", recording.Id);
            failure = ex.Message;
        }
        var elapsed = Stopwatch.GetElapsedTime(started);
        timer?.SpeechToText(elapsed);

        var heard = transcript is { IsEmpty: false };
        recording.Status = heard ? RecordingStatus.Heard : RecordingStatus.NotHeard;
        recording.Transcript = heard ? transcript!.Text.Trim() : null;
        recording.Confidence = heard ? Math.Clamp(transcript!.Confidence, 0, 1) : null;
        recording.SpeechProvider = transcript?.Provenance.Provider;
        recording.SpeechModel = transcript?.Provenance.Model;
        recording.SpeechToTextMs = (int)elapsed.TotalMilliseconds;
        recording.Failure = failure ?? (heard ? null : "nothing intelligible was heard");
        recording.TranscribedAt = clock.GetUtcNow();
        await db.VoiceRecordings.Where(r => r.Id == recording.Id && r.Status == RecordingStatus.Pending).ExecuteUpdateAsync(s => s
            .SetProperty(r => r.Status, recording.Status)
            .SetProperty(r => r.Transcript, recording.Transcript)
            .SetProperty(r => r.Confidence, recording.Confidence)
            .SetProperty(r => r.SpeechProvider, recording.SpeechProvider)
            .SetProperty(r => r.SpeechModel, recording.SpeechModel)
            .SetProperty(r => r.SpeechToTextMs, recording.SpeechToTextMs)
            .SetProperty(r => r.Failure, recording.Failure)
            .SetProperty(r => r.TranscribedAt, recording.TranscribedAt), cancellationToken);
        return recording;
    }

    /// <summary>The newest recording of the turn awaiting an answer, if any: what the candidate's page shows after a reload.</summary>
    public async Task<VoiceRecording?> LatestRecordingAsync(Interview interview, IReadOnlyList<InterviewTurn> turns, CancellationToken cancellationToken)
    {
        if (!interview.Tools.IsVoice || turns.Count == 0 || turns[^1].Answer is not null)
        {
            return null;
        }
        var current = turns[^1].Id;
        return await db.VoiceRecordings.AsNoTracking().Where(r => r.TurnId == current)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>
    /// The crash-healing path for recordings: a recording of the current turn stored but never transcribed (the app
    /// stopped in between) is transcribed now and, if it was sent as the answer, answered with. True when it changed anything.
    /// </summary>
    private async Task<bool> HealRecordingsAsync(string token, CancellationToken cancellationToken, (Interview Interview, IReadOnlyList<InterviewTurn> Turns)? loaded = null)
    {
        var (interview, turns) = loaded ?? await LoadAsync(token, cancellationToken);
        if (interview.Status != InterviewStatus.InProgress || turns.Count == 0 || turns[^1].Answer is not null)
        {
            return false;
        }
        var current = turns[^1];
        var pending = await db.VoiceRecordings.AsNoTracking()
            .Where(r => r.InterviewId == interview.Id && r.Status == RecordingStatus.Pending && r.TurnId == current.Id)
            .OrderBy(r => r.CreatedAt).ToListAsync(cancellationToken);
        if (pending.Count == 0)
        {
            return false;
        }

        var engines = await speech.ForInterviewAsync(interview.OrganizationId, interview.Id, cancellationToken);
        VoiceRecording? last = null;
        foreach (var recording in pending)
        {
            logger.LogInformation("Transcribing recording {RecordingId}, stored before an interruption", recording.Id);
            await using var blob = await blobs.GetAsync(RecordingKey(recording.OrganizationId, recording.InterviewId, recording.TurnId, recording.Id), cancellationToken);
            var audio = blob is null ? [] : await blob.ReadAllBytesAsync(cancellationToken);
            last = engines.SpeechToText is { } speechToText && audio.Length > 0
                ? await TranscribeAsync(recording, audio, speechToText, engines.Language, timer: null, cancellationToken)
                : await TranscribeAsync(recording, audio, new Unavailable(blob is null ? "the recording is missing from the blob store" : "speech-to-text is off"), engines.Language, null, cancellationToken);
        }
        if (last is { Status: RecordingStatus.Heard, SubmitWhenHeard: true, Transcript: { } transcript })
        {
            await AnswerAsync(token, current.Id, transcript, cancellationToken, voice: new VoiceReply(RecordingId: last.Id));
        }
        return true;
    }

    /// <summary>
    /// Links the answer to its recording: the one given (a spoken answer), or else the newest transcript of this turn
    /// the candidate was shown (they confirmed or corrected it). The recogniser's confidence stays only when the words
    /// sent are the words heard: a correction is the candidate's own text.
    /// </summary>
    private async Task LinkRecordingAsync(InterviewTurn turn, string text, Guid? recordingId, CancellationToken cancellationToken)
    {
        var recordings = db.VoiceRecordings.AsNoTracking().Where(r => r.TurnId == turn.Id);
        var recording = recordingId is { } id
            ? await recordings.FirstOrDefaultAsync(r => r.Id == id, cancellationToken)
            : await recordings.Where(r => r.Status == RecordingStatus.Heard)
                .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(cancellationToken);
        if (recording is null)
        {
            return;
        }
        turn.AnswerRecordingId = recording.Id;
        turn.SpeechConfidence = SameWords(text, recording.Transcript) ? recording.Confidence : null;
    }

    private static bool SameWords(string a, string? b) =>
        b is not null && string.Join(' ', a.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            == string.Join(' ', b.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    /// <summary>The turn if it can take an answer now; null when it is already answered; problems (404, 409, 410) otherwise.</summary>
    private static InterviewTurn? AnswerableTurn(Interview interview, List<InterviewTurn> turns, Guid turnId)
    {
        var turn = turns.FirstOrDefault(t => t.Id == turnId) ?? throw Infrastructure.ApiProblemException.NotFound($"Turn {turnId} of this interview");
        if (turn.Answer is not null)
        {
            return null;
        }
        EnsureAnswerable(interview, turns, turn);
        return turn;
    }

    /// <summary>Stands in for speech-to-text when a pending recording cannot be transcribed, so it is recorded as not heard.</summary>
    private sealed class Unavailable(string reason) : ISpeechToText
    {
        public Task<Transcript> TranscribeAsync(SpeechToTextRequest request, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException(reason);
    }
}
