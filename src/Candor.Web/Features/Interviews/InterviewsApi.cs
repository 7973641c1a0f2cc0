using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Features.Quotas;
using Candor.Web.Features.CandidateResults;
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
        interviews.MapPost("/schedule", Schedule).RequireScope("interviews:write")
            .WithDescription("Schedules an interview and returns the candidate's link (the API does not e-mail it). A candidate who already completed or has an open interview for the job is 409 duplicate_candidate unless the request says \"retake\": true.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);
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
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        var (interview, url) = await scheduler.ScheduleAsync(request, cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Created($"/api/v1/interviews/{interview.Id}/status",
            new ScheduleInterviewResponse(interview.Id, url, interview.ExpiresAt, interview.Status));
    }

    private static async Task<Ok<PagedList<InterviewStatusResponse>>> List(
        CandorDbContext db, string? status, [FromQuery(Name = "job_id")] string? jobId, string? recommendation, string? q,
        [FromQuery(Name = "created_from")] string? createdFrom, [FromQuery(Name = "created_to")] string? createdTo, string? sort, string? order,
        int? page, [FromQuery(Name = "page_size")] int? pageSize, CancellationToken cancellationToken)
    {
        var paging = Paging.From(page, pageSize);
        var (filter, errors) = InterviewQuery.Parse(status, jobId, recommendation, q, createdFrom, createdTo, sort, order);
        errors.ThrowIfAny();
        var query = filter.Filter(db.Interviews.AsNoTracking());
        var total = await query.CountAsync(cancellationToken);
        var interviews = await filter.Order(query.Include(i => i.Job).Include(i => i.Turns))
            .Skip(paging.Skip).Take(paging.Size).AsSplitQuery().ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<InterviewStatusResponse>(interviews.Select(ToStatus).ToList(), paging.Number, paging.Size, total));
    }

    private static async Task<Ok<InterviewStatusResponse>> GetStatus(Guid id, CandorDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(ToStatus(await LoadAsync(db, id, cancellationToken)));

    private static async Task<Ok<InterviewResultsResponse>> GetResults(Guid id, InterviewResultsReader reader, CancellationToken cancellationToken) =>
        TypedResults.Ok(await reader.ReadAsync(id, cancellationToken, withAudio: true) ?? throw ApiProblemException.NotFound($"Interview {id}"));

    /// <summary>Cancels a scheduled or running interview; the candidate's link stops working at once.</summary>
    private static async Task<Ok<InterviewStatusResponse>> Cancel(Guid id, CandorDbContext db, CandidateMails mails, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(ToStatus(await InterviewCancellation.CancelAsync(db, mails, id, clock, cancellationToken)));

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
