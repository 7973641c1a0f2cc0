using Candor.Engine.Ai;
using Candor.Engine.Interviews;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Audio;
using Candor.Web.Features.Scoring;
using Candor.Web.Features.Webhooks;
using Candor.Web.Infrastructure;
using Candor.Web.Infrastructure.Blobs;
using Candor.Web.Jobs;
using Candor.Web.Providers;
using Candor.Web.Providers.Speech;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Sessions;

/// <summary>
/// Runs an interview one turn at a time for the candidate's token.
/// The rules (DESIGN.md, "One turn of an interview"): an answer is written and committed before
/// any AI call; no transaction is held across an AI call; the next turn is inserted under the
/// interview's row lock, so concurrent or repeated posts of one answer create exactly one turn;
/// and a reply lost to a crash is regenerated the next time anyone looks.
/// </summary>
public sealed partial class InterviewConductor(
    CandorDbContext db,
    AiRoles ai,
    IOptions<CandorOptions> options,
    TimeProvider clock,
    ILogger<InterviewConductor> logger,
    IBlobStore blobs,
    ISpeechProviders speech)
{
    private readonly InterviewOptions _options = options.Value.Interviews;

    /// <summary>Starts the interview (or resumes it) and returns the turn awaiting an answer.</summary>
    /// <param name="consented">The candidate agreed just now: recorded the first time (a resume keeps the original moment).</param>
    public async Task<SessionTurn> StartAsync(string token, CancellationToken cancellationToken, bool consented = false)
    {
        bool voice;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var interview = await LockByTokenAsync(token, cancellationToken);
            EnsureOpen(interview);
            voice = interview.Tools.IsVoice;
            var now = clock.GetUtcNow();
            if (consented && interview.ConsentedAt is null && !interview.IsTerminal)
            {
                interview.ConsentedAt = now;
            }
            if (interview.Status == InterviewStatus.Scheduled)
            {
                interview.Status = InterviewStatus.InProgress;
                interview.StartedAt = now;
                interview.LastActivityAt = now;
                db.AddEvent(WebhookEventTypes.InterviewStarted, InterviewEvents.Data(interview), now);
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        if (voice)
        {
            await HealRecordingsAsync(token, cancellationToken);
        }
        return await EnsureReplyAsync(token, cancellationToken);
    }

    /// <summary>Records an answer, then returns the interviewer's next turn (or the closing one).</summary>
    /// <param name="onDelta">When given, the interviewer's reply is streamed through it as it is produced.</param>
    /// <param name="code">What was in the candidate's code editor, if the interview has one.</param>
    /// <param name="whiteboardPng">The candidate's whiteboard sketch (PNG bytes), if they drew one.</param>
    /// <param name="voice">A voice interview's extras: the recording the answer came from, the reply's turn id, the latency timer.</param>
    public async Task<SessionTurn> AnswerAsync(
        string token, Guid turnId, string text, CancellationToken cancellationToken, Func<InterviewerDelta, Task>? onDelta = null, string? code = null,
        byte[]? whiteboardPng = null, VoiceReply? voice = null)
    {
        (Interview, List<InterviewTurn>) committed;
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var interview = await LockByTokenAsync(token, cancellationToken);
            var turns = await LoadTurnsAsync(interview.Id, cancellationToken);
            var turn = turns.FirstOrDefault(t => t.Id == turnId)
                ?? throw ApiProblemException.NotFound($"Turn {turnId} of this interview");

            if (turn.Answer is not null)
            {
                // A retry of an answer we already have: hand back the turn that followed it, writing nothing.
                var next = turns.FirstOrDefault(t => t.Sequence == turn.Sequence + 1);
                if (next is not null && next.Sequence != turns[^1].Sequence)
                {
                    throw ApiProblemException.Conflict("The interview has moved past this turn; answer the current turn instead.", "stale_turn");
                }
                await transaction.CommitAsync(cancellationToken);
                return next is not null ? ToSessionTurn(interview, next, turns) : await EnsureReplyAsync(token, cancellationToken);
            }

            EnsureAnswerable(interview, turns, turn);
            var now = clock.GetUtcNow();
            if (interview.Tools.IsVoice || voice?.RecordingId is not null)
            {
                await LinkRecordingAsync(turn, text, voice?.RecordingId, cancellationToken);
            }
            turn.Answer = text;
            turn.Code = string.IsNullOrWhiteSpace(code) ? null : code;
            turn.WhiteboardPng = whiteboardPng;
            turn.AnsweredAt = now;
            interview.LastActivityAt = now;
            if (turn.IsScored)
            {
                db.EnqueueJob(ScoreAnswerJob.JobKind, new ScoreAnswerJob.Payload(turn.Id), interview.OrganizationId);
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
            committed = (interview, turns);
        }

        // What was just committed is current; no need to read it back before asking the interviewer.
        return await EnsureReplyAsync(token, cancellationToken, committed, onDelta, voice);
    }

    /// <summary>Ends the interview at the candidate's request; what they answered is still scored.</summary>
    public async Task<SessionTurn> EndAsync(string token, CancellationToken cancellationToken)
    {
        var (interview, turns) = await LoadAsync(token, cancellationToken);
        if (interview.Status == InterviewStatus.Completed)
        {
            return ToSessionTurn(interview, turns[^1], turns);
        }
        EnsureOpen(interview);
        if (interview.Status == InterviewStatus.Scheduled)
        {
            throw ApiProblemException.Conflict("The interview has not started yet.", "not_started");
        }

        // The engine decides from answered turns only; an unanswered question simply stays unanswered.
        var answered = turns.Where(t => t.Answer is not null).Select(t => t.ToEngineTurn()).ToList();
        var context = await ContextAsync(interview, answered, cancellationToken);
        var interviewer = (await ai.ForAsync(interview.OrganizationId, interview.Id, cancellationToken)).Interviewer;
        var move = await interviewer.NextMoveAsync(context with { EndRequested = true }, cancellationToken);
        return await AppendTurnAsync(token, turns[^1].Sequence + 1, move, EndReason.EndedByCandidate, cancellationToken);
    }

    /// <summary>The turn awaiting an answer (or the closing turn), healing a reply lost to a crash; never asks the interviewer otherwise.</summary>
    public Task<SessionTurn> CurrentTurnAsync(string token, CancellationToken cancellationToken) => EnsureReplyAsync(token, cancellationToken);

    /// <summary>The candidate's view, healing a reply lost to a crash on the way.</summary>
    public async Task<(Interview Interview, IReadOnlyList<InterviewTurn> Turns)> ViewAsync(string token, CancellationToken cancellationToken)
    {
        var (interview, turns) = await LoadAsync(token, cancellationToken);
        if (interview.Tools.IsVoice && await HealRecordingsAsync(token, cancellationToken, (interview, turns)))
        {
            (interview, turns) = await LoadAsync(token, cancellationToken);
        }
        if (interview.Status == InterviewStatus.InProgress && (turns.Count == 0 || turns[^1].Answer is not null))
        {
            await EnsureReplyAsync(token, cancellationToken);
            (interview, turns) = await LoadAsync(token, cancellationToken);
        }
        return (interview, turns);
    }

    /// <summary>
    /// Makes sure the interview ends in a turn awaiting an answer (or the closing turn) and returns it.
    /// This is also the crash-healing path: if the last turn is answered and no reply exists, generate it now.
    /// </summary>
    private async Task<SessionTurn> EnsureReplyAsync(
        string token, CancellationToken cancellationToken, (Interview, List<InterviewTurn>)? loaded = null, Func<InterviewerDelta, Task>? onDelta = null,
        VoiceReply? voice = null)
    {
        var (interview, turns) = loaded ?? await LoadAsync(token, cancellationToken);
        if (turns.Count > 0 && (turns[^1].Answer is null || turns[^1].Kind == TurnKind.Closing))
        {
            return ToSessionTurn(interview, turns[^1], turns);
        }
        EnsureOpen(interview);
        if (interview.Status != InterviewStatus.InProgress)
        {
            throw ApiProblemException.Conflict("The interview has not started yet.", "not_started");
        }

        var context = await ContextAsync(interview, turns.Select(t => t.ToEngineTurn()).ToList(), cancellationToken);
        var interviewer = (await ai.ForAsync(interview.OrganizationId, interview.Id, cancellationToken)).Interviewer;
        var timer = voice?.Timer;
        timer?.InterviewerStarted();
        var move = onDelta is null
            ? await interviewer.NextMoveAsync(context, cancellationToken)
            : await StreamMoveAsync(interviewer, context, onDelta, timer, cancellationToken);
        timer?.InterviewerDone();
        var turn = await AppendTurnAsync(token, turns.Count, move, endReason: null, cancellationToken, voice?.NextTurnId);
        timer?.ReplyStored();
        return turn;
    }

    private static async Task<NextMove> StreamMoveAsync(
        IInterviewer interviewer, InterviewContext context, Func<InterviewerDelta, Task> onDelta, VoiceTurnTimer? timer, CancellationToken cancellationToken)
    {
        NextMove? move = null;
        await foreach (var delta in interviewer.StreamNextMoveAsync(context, cancellationToken))
        {
            if (!string.IsNullOrEmpty(delta.Text))
            {
                timer?.InterviewerToken();
            }
            await onDelta(delta);
            move = delta.Move ?? move;
        }
        return move ?? throw new InvalidOperationException("The interviewer's stream ended without a move.");
    }

    /// <summary>Inserts the interviewer's move as turn <paramref name="sequence"/> unless a concurrent request already did.</summary>
    /// <param name="turnId">The new turn's id when it was announced before it existed (streamed audio names it); else a new one.</param>
    private async Task<SessionTurn> AppendTurnAsync(string token, int sequence, NextMove move, EndReason? endReason, CancellationToken cancellationToken, Guid? turnId = null)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var interview = await LockByTokenAsync(token, cancellationToken);
        var turns = await LoadTurnsAsync(interview.Id, cancellationToken);
        if (turns.Count > sequence || interview.IsTerminal)
        {
            // Someone else won the race (or the interview ended meanwhile): theirs is the answer.
            await transaction.CommitAsync(cancellationToken);
            return turns.Count > 0 ? ToSessionTurn(interview, turns[^1], turns) : throw ApiProblemException.Conflict("The interview has ended.", "wrong_state");
        }

        var now = clock.GetUtcNow();
        var turn = new InterviewTurn
        {
            Id = turnId ?? Guid.CreateVersion7(),
            OrganizationId = interview.OrganizationId,
            InterviewId = interview.Id,
            Sequence = sequence,
            Kind = move.TurnKind,
            QuestionKey = move.QuestionKey,
            Prompt = move.Text,
            AskedAt = now,
            FollowUpReason = move.Reason,
            Tier = move.Tier,
        };
        db.InterviewTurns.Add(turn);
        interview.LastActivityAt = now;
        if (move.Kind == MoveKind.Close)
        {
            Complete(interview, endReason ?? ToEndReason(move.CloseReason), now);
        }
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        turns.Add(turn);
        return ToSessionTurn(interview, turn, turns);
    }

    /// <summary>Marks the interview completed and, if every answer is already scored, queues the report.</summary>
    private void Complete(Interview interview, EndReason reason, DateTimeOffset now)
    {
        interview.Status = InterviewStatus.Completed;
        interview.EndReason = reason;
        interview.EndedAt = now;
        logger.LogInformation("Interview {InterviewId} completed ({Reason})", interview.Id, reason);
        db.AddEvent(WebhookEventTypes.InterviewCompleted, InterviewEvents.Data(interview), now);
        ReportTrigger.QueueReportIfReady(db, interview, interview.Turns);
    }

    private async Task<InterviewContext> ContextAsync(Interview interview, IReadOnlyList<Turn> turns, CancellationToken cancellationToken) => new(
        interview.CandidateName,
        interview.Job!.Title,
        OrganizationName: await OrganizationNameAsync(db, interview.OrganizationId, cancellationToken),
        interview.Plan,
        turns,
        clock.GetUtcNow(),
        _options.Policy,
        interview.StartingTier,
        interview.Mode);

    public static Task<string> OrganizationNameAsync(CandorDbContext db, Guid organizationId, CancellationToken cancellationToken) =>
        db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Name).FirstAsync(cancellationToken);

    private static EndReason ToEndReason(CloseReason? reason) => reason switch
    {
        CloseReason.TurnBudget => EndReason.TurnBudget,
        CloseReason.TimeBudget => EndReason.TimeBudget,
        CloseReason.EndedByCandidate => EndReason.EndedByCandidate,
        _ => EndReason.PlanComplete,
    };
}
