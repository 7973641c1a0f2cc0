using Candor.Engine.Ai;
using Candor.Engine.Questions;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Infrastructure;
using Candor.Web.Providers;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Jobs;

public static class JobsApi
{
    private const int MaxQuestions = 30;

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
    private static async Task<Created<JobResponse>> CreateJob(CreateJobRequest request, CandorDbContext db, AiRoles ai, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = new FieldErrors()
            .RequireText("title", request.Title, 200)
            .RequireText("description", request.Description, 20_000)
            .OptionalText("industry", request.Industry, 100);
        if (request.QuestionCount is < 8 or > 12)
        {
            errors.Add("question_count", "The field 'question_count' must be between 8 and 12.");
        }
        var stageType = InterviewSettingsInput.StageTypeOf(errors, request.StageType);
        var tools = InterviewSettingsInput.ToolsOf(errors, request.Tools);
        errors.ThrowIfAny();

        var writer = (await ai.ForAsync(db.Tenant.OrganizationId!.Value, interviewId: null, cancellationToken)).QuestionWriter;
        var draft = await writer.WriteAsync(
            new JobDescription(request.Title!.Trim(), request.Description!.Trim(), request.Industry?.Trim(), request.Seniority, request.QuestionCount),
            cancellationToken);

        var job = JobFactory.FromDraft(request.Title.Trim(), request.Description.Trim(), request.Industry?.Trim(), draft, clock.GetUtcNow());
        job.StageType = stageType ?? job.StageType;
        job.Tools = tools ?? job.Tools;
        db.Jobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
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
    private static async Task<Ok<JobResponse>> UpdateQuestions(Guid id, UpdateQuestionsRequest request, CandorDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.Include(j => j.Questions).FirstOrDefaultAsync(j => j.Id == id, cancellationToken)
            ?? throw ApiProblemException.NotFound($"Job {id}");

        var errors = new FieldErrors();
        var inputs = request.Questions;
        if (inputs is null || inputs.Count == 0)
        {
            errors.Add("questions", "The field 'questions' must list at least one question.");
        }
        else if (inputs.Count > MaxQuestions)
        {
            errors.Add("questions", $"A job can have at most {MaxQuestions} questions.");
        }
        errors.ThrowIfAny();

        var existing = job.Questions.ToDictionary(q => q.Id);
        for (var i = 0; i < inputs!.Count; i++)
        {
            ValidateQuestion(errors, $"questions[{i}]", inputs[i], existing);
        }
        if (inputs.Where(q => q.Id is not null).GroupBy(q => q.Id).Any(g => g.Count() > 1))
        {
            errors.Add("questions", "Each question id may appear only once.");
        }
        errors.ThrowIfAny();

        var keep = new List<JobQuestion>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var question = input.Id is { } questionId ? existing[questionId] : NewCustomQuestion(job);
            if (input.Id is not null && question.Source == QuestionSource.Bank && !string.Equals(question.Text, input.Text!.Trim(), StringComparison.Ordinal))
            {
                question.Source = QuestionSource.Custom; // Reworded: no longer the bank's question.
            }
            question.Position = i + 1;
            question.Text = input.Text!.Trim();
            question.Competency = input.Competency?.Trim() is { Length: > 0 } competency ? competency : question.Competency;
            question.Kind = input.Kind ?? question.Kind;
            question.Difficulty = input.Difficulty ?? question.Difficulty;
            if (input.Rubric?.ExpectedPoints is { } points)
            {
                question.ExpectedPoints = points.Select(p => p.Trim()).Where(p => p.Length > 0).ToList();
            }
            if (input.Rubric?.FollowUpGuide is { } guide)
            {
                question.FollowUpGuide = guide.Trim();
            }
            keep.Add(question);
        }

        db.JobQuestions.RemoveRange(job.Questions.Where(q => !keep.Contains(q)));
        foreach (var question in keep.Where(q => !existing.ContainsKey(q.Id)))
        {
            db.JobQuestions.Add(question);
        }
        job.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        job.Questions = keep;
        return TypedResults.Ok(JobResponse.From(job));
    }

    /// <summary>
    /// Replaces the job's interview settings (stage type and candidate tools). Interviews already
    /// scheduled keep the settings they were scheduled with.
    /// </summary>
    private static async Task<Ok<JobResponse>> UpdateSettings(Guid id, UpdateSettingsRequest request, CandorDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var job = await db.Jobs.Include(j => j.Questions).FirstOrDefaultAsync(j => j.Id == id, cancellationToken)
            ?? throw ApiProblemException.NotFound($"Job {id}");

        var errors = new FieldErrors();
        if (request.StageType is null)
        {
            errors.Add("stage_type", "The field 'stage_type' is required.");
        }
        if (request.Tools is null)
        {
            errors.Add("tools", "The field 'tools' is required.");
        }
        var stageType = InterviewSettingsInput.StageTypeOf(errors, request.StageType);
        var tools = InterviewSettingsInput.ToolsOf(errors, request.Tools);
        errors.ThrowIfAny();

        job.StageType = stageType!.Value;
        job.Tools = tools!;
        job.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.Ok(JobResponse.From(job));
    }

    private static void ValidateQuestion(FieldErrors errors, string path, QuestionInput input, Dictionary<Guid, JobQuestion> existing)
    {
        errors.RequireText($"{path}.text", input.Text, 2_000).OptionalText($"{path}.competency", input.Competency, 100);
        if (input.Id is { } questionId && !existing.ContainsKey(questionId))
        {
            errors.Add($"{path}.id", $"Question {questionId} is not part of this job; omit the id to add a new question.");
        }
        var points = input.Rubric?.ExpectedPoints;
        if (points is { Count: > 12 })
        {
            errors.Add($"{path}.rubric.expected_points", "At most 12 expected points per question.");
        }
        if (points?.Any(p => p is null || p.Length > 300) == true)
        {
            errors.Add($"{path}.rubric.expected_points", "Expected points must be non-null and at most 300 characters.");
        }
        if (input.Id is null && (points is null || points.All(string.IsNullOrWhiteSpace)))
        {
            errors.Add($"{path}.rubric.expected_points", "A new question needs at least one expected point to be scored against.");
        }
        errors.OptionalText($"{path}.rubric.follow_up_guide", input.Rubric?.FollowUpGuide, 1_000);
    }

    private static JobQuestion NewCustomQuestion(Job job) => new()
    {
        Id = Guid.CreateVersion7(),
        OrganizationId = job.OrganizationId,
        JobId = job.Id,
        Text = "",
        Competency = "custom",
        Kind = QuestionKind.Technical,
        Difficulty = Difficulty.Medium,
        Source = QuestionSource.Custom,
    };
}
