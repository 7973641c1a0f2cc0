using System.Text.Json;
using Candor.Engine.Ai;
using Candor.Engine.Scoring;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Jobs;
using Candor.Web.Providers;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Scoring;

/// <summary>
/// Scores one answered turn against its question's rubric, off the live path. The evaluator sees
/// everything the candidate said on that question up to this turn (so a follow-up answer can
/// cover what the first one missed) and never the candidate's name.
/// </summary>
public sealed class ScoreAnswerJob(CandorDbContext db, AiRoles ai, TimeProvider clock) : IJobHandler
{
    public const string JobKind = "score_answer";

    public sealed record Payload(Guid TurnId);

    public async Task HandleAsync(JsonElement payload, CancellationToken cancellationToken)
    {
        var turnId = payload.Deserialize<Payload>(CandorJson.Options)!.TurnId;
        var turn = await db.InterviewTurns.AsNoTracking().FirstOrDefaultAsync(t => t.Id == turnId, cancellationToken);
        if (turn is null || turn.ScoredAt is not null || turn.Answer is null)
        {
            return; // Already scored by an earlier run of this job, or nothing to score.
        }

        var interview = await db.Interviews.AsNoTracking().FirstAsync(i => i.Id == turn.InterviewId, cancellationToken);
        var question = interview.Plan.FirstOrDefault(q => q.Key == turn.QuestionKey)
            ?? throw new InvalidOperationException($"Turn {turn.Id} refers to question {turn.QuestionKey}, which is not in the interview's plan.");
        var answers = await db.InterviewTurns.AsNoTracking()
            .Where(t => t.InterviewId == turn.InterviewId && t.QuestionKey == turn.QuestionKey && t.Sequence <= turn.Sequence && t.Answer != null)
            .OrderBy(t => t.Sequence).Select(t => t.Answer!).ToListAsync(cancellationToken);

        // The AI call happens with no transaction open.
        var evaluator = (await ai.ForAsync(interview.OrganizationId, interview.Id, cancellationToken)).Evaluator;
        var (evaluation, provenance) = await evaluator.EvaluateAsync(
            AnswerScoring.Request(question, answers, interview.Mode), cancellationToken);

        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await db.LockInterview(interview.Id).FirstAsync(cancellationToken);
        var stored = await db.InterviewTurns.FirstAsync(t => t.Id == turnId, cancellationToken);
        if (stored.ScoredAt is null)
        {
            stored.Evaluation = evaluation;
            stored.EvaluationProvenance = provenance;
            stored.ScoredAt = clock.GetUtcNow();
            var turns = await db.InterviewTurns.Where(t => t.InterviewId == interview.Id).ToListAsync(cancellationToken);
            ReportTrigger.QueueReportIfReady(db, locked, turns);
            await db.SaveChangesAsync(cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }
}

/// <summary>Decides when an interview's report can be written. Callers hold the interview's row lock, so exactly one of them queues it.</summary>
public static class ReportTrigger
{
    public static void QueueReportIfReady(CandorDbContext db, Interview interview, IEnumerable<InterviewTurn> turns)
    {
        var allScored = turns.All(t => !t.IsScored || t.Answer is null || t.ScoredAt is not null);
        if (interview.Status == InterviewStatus.Completed && interview.ReportStatus == ReportStatus.None && allScored)
        {
            interview.ReportStatus = ReportStatus.Pending;
            db.EnqueueJob(BuildReportJob.JobKind, new BuildReportJob.Payload(interview.Id), interview.OrganizationId);
        }
    }
}
