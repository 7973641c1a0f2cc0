using Candor.Web.Data;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Jobs;

public static class JobsApi
{
    public static RouteGroupBuilder MapJobsApi(this RouteGroupBuilder api)
    {
        var jobs = api.MapGroup("/jobs").WithTags("Jobs");
        jobs.MapPost("/", CreateJob).RequireScope("jobs:write");
        jobs.MapGet("/", ListJobs).RequireScope("interviews:read");
        jobs.MapGet("/{id:guid}", GetJob).RequireScope("interviews:read");
        jobs.MapPut("/{id:guid}/questions", UpdateQuestions).RequireScope("jobs:write");
        jobs.MapPut("/{id:guid}/settings", UpdateSettings).RequireScope("jobs:write");
        return api;
    }

    /// <summary>Creates a job and drafts its interview questions with rubrics from the description.</summary>
    private static async Task<Created<JobResponse>> CreateJob(CreateJobRequest request, JobCreator creator, CancellationToken cancellationToken)
    {
        var job = await creator.CreateAsync(request, cancellationToken);
        return TypedResults.Created($"/api/v1/jobs/{job.Id}", JobResponse.From(job));
    }

    private static async Task<Ok<PagedList<JobListItem>>> ListJobs(CandorDbContext db, int? page, [FromQuery(Name = "page_size")] int? pageSize, CancellationToken cancellationToken)
    {
        var paging = Paging.From(page, pageSize);
        var query = db.Jobs.AsNoTracking();
        var total = await query.CountAsync(cancellationToken);
        var items = await query.OrderByDescending(j => j.CreatedAt).ThenBy(j => j.Id)
            .Skip(paging.Skip).Take(paging.Size)
            .Select(j => new JobListItem(j.Id, j.Title, j.Seniority, j.RoleFamily, j.Questions.Count, j.CreatedAt))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new PagedList<JobListItem>(items, paging.Number, paging.Size, total));
    }

    private static async Task<Ok<JobResponse>> GetJob(Guid id, CandorDbContext db, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.AsNoTracking().Include(j => j.Questions).FirstOrDefaultAsync(j => j.Id == id, cancellationToken)
            ?? throw ApiProblemException.NotFound($"Job {id}");
        return TypedResults.Ok(JobResponse.From(job));
    }

    /// <summary>
    /// Replaces the job's question list in the order given: questions with an id are edited (and
    /// moved), questions without one are added as custom, and questions left out are removed.
    /// Interviews already scheduled keep the questions they were scheduled with.
    /// </summary>
    private static async Task<Ok<JobResponse>> UpdateQuestions(Guid id, UpdateQuestionsRequest request, JobQuestionEditor editor, CancellationToken cancellationToken)
    {
        var job = await editor.ReplaceAsync(id, request.Questions, cancellationToken);
        return TypedResults.Ok(JobResponse.From(job));
    }

    /// <summary>
    /// Replaces the job's interview settings (stage type and candidate tools). Interviews already
    /// scheduled keep the settings they were scheduled with.
    /// </summary>
    private static async Task<Ok<JobResponse>> UpdateSettings(Guid id, UpdateSettingsRequest request, CandorDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        TypedResults.Ok(JobResponse.From(await InterviewSettingsInput.ApplyAsync(db, clock, id, request, cancellationToken)));
}
