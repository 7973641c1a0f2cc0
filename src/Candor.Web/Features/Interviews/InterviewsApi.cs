using System.Net.Mail;
using Candor.Engine.Questions;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Features.Webhooks;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

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
        ScheduleInterviewRequest request, CandorDbContext db, IOptions<CandorOptions> options, TimeProvider clock, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var errors = new FieldErrors();
        if (request.JobId is null)
        {
            errors.Add("job_id", "The field 'job_id' is required.");
        }
        if (request.Candidate is null)
        {
            errors.Add("candidate", "The field 'candidate' is required.");
        }
        else
        {
            errors.RequireText("candidate.name", request.Candidate.Name, 200).RequireText("candidate.email", request.Candidate.Email, 320);
            if (!string.IsNullOrWhiteSpace(request.Candidate.Email) && !MailAddress.TryCreate(request.Candidate.Email.Trim(), out _))
            {
                errors.Add("candidate.email", "The field 'candidate.email' must be an e-mail address.");
            }
        }
        if (request.ExpiresInHours is { } hours && (hours < 1 || hours > settings.Interviews.MaxExpiryHours))
        {
            errors.Add("expires_in_hours", $"The field 'expires_in_hours' must be between 1 and {settings.Interviews.MaxExpiryHours}.");
        }
        errors.OptionalText("external_id", request.ExternalId, 200).ThrowIfAny();

        var job = await db.Jobs.AsNoTracking().Include(j => j.Questions).FirstOrDefaultAsync(j => j.Id == request.JobId, cancellationToken)
            ?? throw ApiProblemException.NotFound($"Job {request.JobId}");
        if (job.Questions.Count == 0)
        {
            throw ApiProblemException.Conflict("This job has no questions; add some before scheduling interviews.", "job_has_no_questions");
        }

        var now = clock.GetUtcNow();
        var token = ApiKeySecrets.NewToken();
        var interview = new Interview
        {
            Id = Guid.CreateVersion7(),
            JobId = job.Id,
            CandidateName = request.Candidate!.Name!.Trim(),
            CandidateEmail = request.Candidate.Email!.Trim(),
            ExternalId = request.ExternalId?.Trim(),
            Status = InterviewStatus.Scheduled,
            TokenHash = ApiKeySecrets.Hash(token),
            Plan = job.Questions.OrderBy(q => q.Position).Select(q => q.ToInterviewQuestion()).ToList(),
            StartingTier = StartingTier(job.Seniority),
            ExpiresAt = now.AddHours(request.ExpiresInHours ?? settings.Interviews.DefaultExpiryHours),
            CreatedAt = now,
        };
        db.Interviews.Add(interview);
        db.AddEvent(WebhookEventTypes.InterviewScheduled, InterviewEvents.Data(interview), now);
        await db.SaveChangesAsync(cancellationToken);

        var url = $"{settings.PublicBaseUrl.TrimEnd('/')}/i/{token}";
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
            var parsed = Enum.GetValues<InterviewStatus>().Where(s => CandorJson.EnumName(s) == status).ToList();
            if (parsed.Count == 0)
            {
                new FieldErrors().Add("status", "The field 'status' must be one of: scheduled, in_progress, completed, cancelled, expired.").ThrowIfAny();
            }
            query = query.Where(i => i.Status == parsed[0]);
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
            t.Evaluation?.Score, t.Evaluation, t.EvaluationProvenance)).ToList();
        return TypedResults.Ok(new InterviewResultsResponse(ToStatus(interview), report, questions, transcript));
    }

    /// <summary>Cancels a scheduled or running interview; the candidate's link stops working at once.</summary>
    private static async Task<Ok<InterviewStatusResponse>> Cancel(Guid id, CandorDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var interview = await db.Interviews.FromSql($"SELECT * FROM interviews WHERE id = {id} FOR UPDATE")
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

    /// <summary>Where adaptive difficulty starts: seniors are probed hard from the outset, juniors eased in.</summary>
    private static Difficulty StartingTier(Seniority seniority) => seniority switch
    {
        Seniority.Junior => Difficulty.Easy,
        Seniority.Mid => Difficulty.Medium,
        _ => Difficulty.Hard,
    };
}
