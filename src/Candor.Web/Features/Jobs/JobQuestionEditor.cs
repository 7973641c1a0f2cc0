using Candor.Engine.Questions;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Jobs;

/// <summary>
/// Edits a job's question list: the rules behind PUT /api/v1/jobs/{id}/questions, shared with the job page
/// and the question library so every path validates alike. Unknown or foreign jobs throw a 404
/// <see cref="ApiProblemException"/>; invalid input throws <see cref="FieldErrorsException"/> naming
/// fields like <c>questions[2].text</c>.
/// </summary>
public sealed class JobQuestionEditor(CandorDbContext db, TimeProvider clock)
{
    public const int MaxQuestions = 30;

    /// <summary>
    /// Replaces the job's question list in the order given: questions with an id are edited (and
    /// moved), questions without one are added as custom, and questions left out are removed.
    /// Interviews already scheduled keep the questions they were scheduled with.
    /// </summary>
    public async Task<Job> ReplaceAsync(Guid jobId, IReadOnlyList<QuestionInput>? inputs, CancellationToken cancellationToken)
    {
        var job = await LoadAsync(jobId, cancellationToken);
        var questions = Apply(job, inputs);
        await SaveAsync(job, questions, cancellationToken);
        return job;
    }

    /// <summary>
    /// Appends a built-in bank question with its rubric. It goes through the same rules as a PUT that lists
    /// every current question plus the new one, then keeps its bank identity (id, skills, scenario type).
    /// </summary>
    public async Task<JobQuestion> AppendFromBankAsync(Guid jobId, BankQuestion bankQuestion, CancellationToken cancellationToken)
    {
        var job = await LoadAsync(jobId, cancellationToken);
        var inputs = job.Questions.OrderBy(q => q.Position).Select(Unchanged).ToList();
        inputs.Add(new QuestionInput(null, bankQuestion.Text, bankQuestion.Competency, bankQuestion.Kind, bankQuestion.Difficulty,
            new RubricInput([.. bankQuestion.ExpectedPoints], bankQuestion.FollowUpGuide)));
        var questions = Apply(job, inputs);
        var added = questions[^1];
        added.Source = QuestionSource.Bank;
        added.BankId = bankQuestion.Id;
        added.Skills = [.. bankQuestion.Skills];
        added.ScenarioType = bankQuestion.ScenarioType;
        await SaveAsync(job, questions, cancellationToken);
        return added;
    }

    /// <summary>An input that keeps <paramref name="question"/> exactly as it is (only its position follows the list).</summary>
    public static QuestionInput Unchanged(JobQuestion question) => new(question.Id, question.Text, null, null, null, null);

    private async Task<Job> LoadAsync(Guid jobId, CancellationToken cancellationToken) =>
        await db.Jobs.Include(j => j.Questions).FirstOrDefaultAsync(j => j.Id == jobId, cancellationToken)
            ?? throw ApiProblemException.NotFound($"Job {jobId}");

    /// <summary>
    /// Saves under the job row's lock, and only if nobody changed the job since it was loaded: two edits of one list
    /// would otherwise interleave row by row (a question one removed, the other updates), so the later one is a 409.
    /// </summary>
    private async Task SaveAsync(Job job, List<JobQuestion> questions, CancellationToken cancellationToken)
    {
        var loaded = db.Entry(job).Property(j => j.UpdatedAt).OriginalValue;
        await using var transaction = await db.Database.BeginOrJoinTransactionAsync(cancellationToken);
        var current = await db.Database.SqlQuery<DateTimeOffset>($"SELECT updated_at AS \"Value\" FROM jobs WHERE id = {job.Id} FOR UPDATE")
            .ToListAsync(cancellationToken);
        // PostgreSQL keeps microseconds; a value this context saved itself may still carry .NET's finer ticks.
        if (current.Count == 0 || current[0].UtcTicks / 10 != loaded.UtcTicks / 10)
        {
            throw ApiProblemException.Conflict(
                "The job's questions were changed by another request while this one was being applied. Reload the job and send the list again.",
                "concurrent_update");
        }
        job.UpdatedAt = clock.GetUtcNow();
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        job.Questions = questions;
    }

    /// <summary>Validates everything first, then applies: nothing is half-changed on an error. Returns the new list, in order.</summary>
    private List<JobQuestion> Apply(Job job, IReadOnlyList<QuestionInput>? inputs)
    {
        var errors = new FieldErrors();
        if (inputs is null || inputs.Count == 0)
        {
            errors.Add("questions", "The field 'questions' must list at least one question.");
        }
        else if (inputs.Count > MaxQuestions)
        {
            errors.Add("questions", $"A job can have at most {MaxQuestions} questions.");
        }
        for (var i = 0; i < (inputs?.Count ?? 0); i++)
        {
            if (inputs![i] is null)
            {
                errors.Add($"questions[{i}]", $"The field 'questions[{i}]' must be a question object, not null.");
            }
        }
        errors.ThrowIfAny();

        var existing = job.Questions.ToDictionary(q => q.Id);
        for (var i = 0; i < inputs!.Count; i++)
        {
            if (inputs[i] is null)
            {
                errors.Add($"questions[{i}]", "Each question must be an object with at least 'text'; null is not a question.");
                continue;
            }
            ValidateQuestion(errors, $"questions[{i}]", inputs[i], existing);
        }
        if (inputs.Where(q => q?.Id is not null).GroupBy(q => q.Id).Any(g => g.Count() > 1))
        {
            errors.Add("questions", "Each question id may appear only once.");
        }
        errors.ThrowIfAny();

        var keep = new List<JobQuestion>();
        for (var i = 0; i < inputs.Count; i++)
        {
            var input = inputs[i];
            var question = input.Id is { } questionId ? existing[questionId] : NewCustomQuestion(job);
            if (input.Id is not null && question.Source == QuestionSource.Bank && ChangesWordingOrRubric(question, input))
            {
                // Edited: no longer the library's question. BankId stays, so pages can say which one it came from.
                question.Source = QuestionSource.Custom;
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
        return keep;
    }

    private static bool ChangesWordingOrRubric(JobQuestion question, QuestionInput input) =>
        !string.Equals(question.Text, input.Text!.Trim(), StringComparison.Ordinal)
        || (input.Rubric?.ExpectedPoints is { } points
            && !points.Select(p => p.Trim()).Where(p => p.Length > 0).SequenceEqual(question.ExpectedPoints, StringComparer.Ordinal))
        || (input.Rubric?.FollowUpGuide is { } guide && !string.Equals(guide.Trim(), question.FollowUpGuide, StringComparison.Ordinal));

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
        else if (points?.Any(p => !StorableText.IsStorable(p)) == true)
        {
            errors.Add($"{path}.rubric.expected_points", StorableText.ErrorFor($"{path}.rubric.expected_points"));
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
