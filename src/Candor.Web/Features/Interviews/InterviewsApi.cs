using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Features.Quotas;
using Candor.Web.Features.Webhooks;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Interviews;

public static class InterviewsApi
{
    public static RouteGroupBuilder MapInterviewsApi(this RouteGroupBuilder api)
    {
        var interviews = api.MapGroup("/interviews").WithTags("Interviews");
        interviews.MapPost("/schedule", Schedule).RequireScope("interviews:write");
        interviews.MapGet("/", List).RequireScope("interviews:read");
        interviews.MapGet("/{id:guid}/status", GetStatus).RequireScope("interviews:read");
        interviews.MapGet("/{id:guid}/results", GetResults).RequireScope("interviews:read");
        interviews.MapPost("/{id:guid}/cancel", Cancel).RequireScope("interviews:write");
        return api;
    }

    /// <summary>Schedules an interview for one candidate and returns the link to send them.</summary>
    private static async Task<Created<ScheduleInterviewResponse>> Schedule(
        ScheduleInterviewRequest request, InterviewScheduler scheduler, CandorDbContext db, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var (interview, url) = await scheduler.ScheduleAsync(request, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/interviews/{interview.Id}/status",
            new ScheduleInterviewResponse(interview.Id, url, interview.ExpiresAt, interview.Status));
    }

    private static async Task<Ok<PagedList<InterviewStatusResponse>>> List(
        CandorDbContext db, string? status, [FromQuery(Name = "job_id")] Guid? jobId, int? page, [FromQuery(Name = "page_size")] int? pageSize, CancellationToken cancellationToken)
    {
        var paging = Paging.From(page, pageSize);
        var query = db.Interviews.AsNoTracking();
        if (!string.IsNullOrEmpty(status))
        {
            if (!CandorJson.TryParseEnum<InterviewStatus>(status, out var wanted))
            {
                new FieldErrors().Add("status", "The field 'status' must be one of: scheduled, in_progress, completed, cancelled, expired.").ThrowIfAny();
            }
            query = query.Where(i => i.Status == wanted);
        }
        if (jobId is { } job)
        {
            query = query.Where(i => i.JobId == job);
        }

        var total = await query.CountAsync(cancellationToken);
        var interviews = await query.Include(i => i.Job).Include(i => i.Turns)
            .OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id)
            .Skip(paging.Skip).Take(paging.Size).AsSplitQuery().ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<InterviewStatusResponse>(interviews.Select(ToStatus).ToList(), paging.Number, paging.Size, total));
    }

    private static async Task<Ok<InterviewStatusResponse>> GetStatus(Guid id, CandorDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(ToStatus(await LoadAsync(db, id, cancellationToken)));

    private static async Task<Ok<InterviewResultsResponse>> GetResults(Guid id, CandorDbContext db, CancellationToken cancellationToken)
    {
        var interview = await LoadAsync(db, id, cancellationToken);
        var turns = interview.Turns.OrderBy(t => t.Sequence).ToList();
        var report = interview.Report is { } r
            ? new ReportResponse(r.Overall, r.Recommendation, r.CriterionScores, r.CompetencyScores, r.Strengths, r.Weaknesses,
                r.RedFlags, r.Summary, r.QuestionsAsked, r.QuestionsAnswered, interview.ReportProvenance, interview.ReportReadyAt)
            : null;
        var questions = interview.Plan.Select(q =>
        {
            var evaluation = turns.LastOrDefault(t => t.QuestionKey == q.Key && t.Evaluation is not null)?.Evaluation;
            return new QuestionScoreResponse(q.Key, q.Text, q.Competency, q.Kind, q.Difficulty,
                turns.Any(t => t.QuestionKey == q.Key), evaluation?.Score, evaluation);
        }).ToList();
        var transcript = turns.Select(t => new TranscriptTurnResponse(
            t.Id, t.Sequence, t.Kind, t.QuestionKey, t.Prompt, t.Answer, t.AskedAt, t.AnsweredAt, t.FollowUpReason, t.Tier,
            t.Evaluation?.Score, t.Evaluation, t.EvaluationProvenance, t.Code)).ToList();
        return TypedResults.Ok(new InterviewResultsResponse(ToStatus(interview), report, questions, transcript));
    }

    /// <summary>Cancels a scheduled or running interview; the candidate's link stops working at once.</summary>
    private static async Task<Ok<InterviewStatusResponse>> Cancel(Guid id, CandorDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var interview = await db.LockInterview(id)
            .Include(i => i.Job).Include(i => i.Turns).FirstOrDefaultAsync(cancellationToken)
            ?? throw ApiProblemException.NotFound($"Interview {id}");
        switch (interview.Status)
        {
            case InterviewStatus.Cancelled:
                break; // Cancelling twice is harmless.
            case InterviewStatus.Scheduled or InterviewStatus.InProgress:
                interview.Status = InterviewStatus.Cancelled;
                interview.EndedAt = clock.GetUtcNow();
                db.AddEvent(WebhookEventTypes.InterviewCancelled, InterviewEvents.Data(interview), interview.EndedAt);
                await db.SaveChangesAsync(cancellationToken);
                break;
            default:
                throw ApiProblemException.Conflict($"The interview is already {CandorJson.EnumName(interview.Status)} and cannot be cancelled.", "wrong_state");
        }
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(ToStatus(interview));
    }

    private static async Task<Interview> LoadAsync(CandorDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.Interviews.AsNoTracking().Include(i => i.Job).Include(i => i.Turns).AsSplitQuery()
            .FirstOrDefaultAsync(i => i.Id == id, cancellationToken)
        ?? throw ApiProblemException.NotFound($"Interview {id}");

    internal static InterviewStatusResponse ToStatus(Interview i)
    {
        var asked = i.Turns.Where(t => t.QuestionKey is not null).Select(t => t.QuestionKey).Distinct().Count();
        var answered = i.Turns.Where(t => t.QuestionKey is not null && t.Answer is not null).Select(t => t.QuestionKey).Distinct().Count();
        return new InterviewStatusResponse(
            i.Id, i.JobId, i.Job?.Title ?? "", new CandidateView(i.CandidateName, i.CandidateEmail), i.ExternalId,
            i.Status, i.EndReason, i.ReportStatus, i.OverallScore, i.Recommendation,
            new InterviewProgress(asked, answered, i.Plan.Count), i.CreatedAt, i.StartedAt, i.EndedAt, i.ExpiresAt);
    }
}
