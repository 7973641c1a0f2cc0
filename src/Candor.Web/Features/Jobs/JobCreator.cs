using Candor.Engine.Questions;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Infrastructure;
using Candor.Web.Providers;

namespace Candor.Web.Features.Jobs;

/// <summary>
/// Creates a job and drafts its questions with rubrics: the one path behind POST /api/v1/jobs and the
/// "New job" page, so both validate and draft alike. Invalid input throws <see cref="FieldErrorsException"/>
/// naming the snake_case fields.
/// </summary>
public sealed class JobCreator(CandorDbContext db, AiRoles ai, TimeProvider clock)
{
    public const int MinQuestionCount = 8;
    public const int MaxQuestionCount = 12;

    public static FieldErrors Validate(CreateJobRequest request)
    {
        var errors = new FieldErrors()
            .RequireText("title", request.Title, 200)
            .RequireText("description", request.Description, 20_000)
            .OptionalText("industry", request.Industry, 100);
        if (request.QuestionCount is < MinQuestionCount or > MaxQuestionCount)
        {
            errors.Add("question_count", $"The field 'question_count' must be between {MinQuestionCount} and {MaxQuestionCount}.");
        }
        InterviewSettingsInput.StageTypeOf(errors, request.StageType);
        InterviewSettingsInput.ToolsOf(errors, request.Tools);
        return errors;
    }

    public async Task<Job> CreateAsync(CreateJobRequest request, CancellationToken cancellationToken)
    {
        Validate(request).ThrowIfAny();
        var settingsErrors = new FieldErrors();
        var stageType = InterviewSettingsInput.StageTypeOf(settingsErrors, request.StageType);
        var tools = InterviewSettingsInput.ToolsOf(settingsErrors, request.Tools);

        var writer = (await ai.ForAsync(db.Tenant.OrganizationId!.Value, interviewId: null, cancellationToken)).QuestionWriter;
        var draft = await writer.WriteAsync(
            new JobDescription(request.Title!.Trim(), request.Description!.Trim(), request.Industry?.Trim(), request.Seniority, request.QuestionCount),
            cancellationToken);

        var job = JobFactory.FromDraft(request.Title.Trim(), request.Description.Trim(), request.Industry?.Trim(), draft, clock.GetUtcNow());
        // An explicit stage wins over the role family's; tools not given follow the stage that applies.
        job.StageType = stageType ?? job.StageType;
        job.Tools = tools ?? StageTypes.DefaultTools(job.StageType);
        db.Jobs.Add(job);
        await db.SaveChangesAsync(cancellationToken);
        return job;
    }
}
