using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Audio;
using Candor.Web.Infrastructure;
using Candor.Web.Providers.Speech;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Jobs.Pages;

public sealed partial class JobPage
{
    [Inject] private CandorDbContext Db { get; set; } = default!;
    [Inject] private JobQuestionEditor Editor { get; set; } = default!;

    [Parameter] public Guid Id { get; set; }
    [SupplyParameterFromQuery(Name = "created")] private int? Created { get; set; }
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;
    // Bound from whichever question's edit form was posted (their names carry the question's id).
    [SupplyParameterFromForm] private QuestionForm? Edit { get; set; }
    [SupplyParameterFromForm(FormName = "add")] private QuestionForm? Add { get; set; }
    [SupplyParameterFromForm(FormName = "settings")] private SettingsForm? Settings { get; set; }
    [Inject] private TimeProvider Clock { get; set; } = default!;
    [Inject] private ISpeechProviders Speech { get; set; } = default!;
    [Inject] private Microsoft.Extensions.Options.IOptions<CandorOptions> Options { get; set; } = default!;

    private Job? job;
    private VoiceCapabilities speech = VoiceCapabilities.Full;
    private string? message;
    private bool messageIsError;
    private Guid? editingId;
    private bool addFailed;
    private Dictionary<string, string>? fieldErrors;

    private bool denied;

    private bool CanManage => HttpContext.User.CanManageJobs();

    /// <summary>
    /// The action forms show to Admins and Recruiters. During another member's POST they are in the render tree too,
    /// so a forged post reaches its handler and is refused with 403 (rather than Blazor's 400 for an unknown form);
    /// the refusal then renders the page without them.
    /// </summary>
    private bool ShowActions => CanManage || (HttpMethods.IsPost(HttpContext.Request.Method) && !denied);
    /// <summary>The voice mode as the organisation's speech engines make it (STT/TTS "none" change what it promises).</summary>
    private string VoiceLabel => speech.JobModeWording().Label;

    /// <summary>What an invitation to this job will say about its length (the same estimate and budget).</summary>
    private string Length => Interviews.InterviewOutline.Of(job!.Questions.Count, job.Tools, Options.Value.Interviews, speech).Length;
    private string? VoiceLimitation => speech.JobModeWording().Limitation;
    private QuestionForm EditValues => Edit ??= new();
    private QuestionForm AddValues => Add ??= new();

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        if (job is null)
        {
            PageStatus.Set(HttpContext, StatusCodes.Status404NotFound);
        }
        else if (Created == 1 && !HttpMethods.IsPost(HttpContext.Request.Method))
        {
            message = $"Job created with {job.Questions.Count} drafted questions. Review and edit them below.";
        }
    }

    private async Task LoadAsync()
    {
        // Tenant-filtered: another organisation's id finds nothing, exactly like an unknown one.
        job = await Db.Jobs.AsNoTracking().Include(j => j.Questions).FirstOrDefaultAsync(j => j.Id == Id, HttpContext.RequestAborted);
        job?.Questions.Sort((a, b) => a.Position.CompareTo(b.Position));
        if (job is not null)
        {
            speech = await VoiceCapabilities.ForAsync(Speech, job.OrganizationId, HttpContext.RequestAborted);
        }
    }

    private Task SaveAsync(Guid questionId)
    {
        editingId = questionId;
        var before = job!.Questions.First(q => q.Id == questionId);
        var input = EditValues.ToInput(questionId);
        // A reworded question with an untouched guide is allowed (the guide may still fit), but never silently.
        var keptGuide = before.FollowUpGuide.Length > 0
            && !string.Equals(before.Text, input.Text?.Trim(), StringComparison.Ordinal)
            && string.Equals(before.FollowUpGuide, input.Rubric?.FollowUpGuide?.Trim(), StringComparison.Ordinal);
        return ApplyAsync(
            job.Questions.Select(q => q.Id == questionId ? input : JobQuestionEditor.Unchanged(q)).ToList(),
            errorIndex: job.Questions.FindIndex(q => q.Id == questionId),
            success: $"Question {Position(questionId)} saved."
                + (keptGuide ? " Its follow-up guide was kept as it was, written for the old wording: check it still fits." : ""));
    }

    /// <summary>
    /// Where a question's forms post to: the page itself, scrolled back to that question (and focused by jobs.js), so
    /// saving or moving a question does not throw the recruiter back to the top of a long list.
    /// </summary>
    private string AnchorFor(Guid questionId) => $"/app/jobs/{Id}#question-{questionId}";

    private Task MoveAsync(Guid questionId, int offset)
    {
        var order = job!.Questions.ToList();
        var from = order.FindIndex(q => q.Id == questionId);
        var to = from + offset;
        if (from < 0 || to < 0 || to >= order.Count)
        {
            return ApplyAsync(null, -1, "", refusal: "That question cannot move further.");
        }
        (order[from], order[to]) = (order[to], order[from]);
        return ApplyAsync(order.Select(JobQuestionEditor.Unchanged).ToList(), -1, $"Question moved to position {to + 1}.");
    }

    private Task RemoveAsync(Guid questionId) =>
        ApplyAsync(job!.Questions.Where(q => q.Id != questionId).Select(JobQuestionEditor.Unchanged).ToList(), -1,
            $"Question {Position(questionId)} removed.");

    private Task AddAsync()
    {
        addFailed = true; // Until it succeeds: errors belong to the add form.
        var inputs = job!.Questions.Select(JobQuestionEditor.Unchanged).Append(AddValues.ToInput(null)).ToList();
        return ApplyAsync(inputs, inputs.Count - 1, $"Question {inputs.Count} added.");
    }

    /// <summary>Runs the change through the API's rules; on success reloads and clears the forms, on failure shows the errors inline.</summary>
    private async Task ApplyAsync(List<QuestionInput>? inputs, int errorIndex, string success, string? refusal = null)
    {
        if (!CanManage)
        {
            denied = true;
            PageStatus.Set(HttpContext, StatusCodes.Status403Forbidden);
            Show("Your role can view this job but not change it. Ask a Recruiter or Admin.", error: true);
            return;
        }
        if (inputs is null || job is null)
        {
            Show(refusal ?? "That change is not possible.", error: true);
            return;
        }
        try
        {
            await Editor.ReplaceAsync(job.Id, inputs, HttpContext.RequestAborted);
        }
        catch (FieldErrorsException invalid)
        {
            fieldErrors = ErrorsOf(invalid.Errors, $"questions[{errorIndex}].");
            Show(invalid.Errors.FirstFor("questions") ?? "Please correct the fields marked below.", error: true);
            return;
        }
        catch (ApiProblemException problem) when (problem.Status == StatusCodes.Status404NotFound)
        {
            job = null;
            PageStatus.Set(HttpContext, StatusCodes.Status404NotFound);
            return;
        }
        (editingId, addFailed, Edit, Add, fieldErrors) = (null, false, null, null, null);
        Show(success, error: false);
        await LoadAsync();
    }

    /// <summary>The shared editor names fields like the API ("questions[3].rubric.expected_points"); the form shows them by their own name.</summary>
    private static Dictionary<string, string> ErrorsOf(FieldErrors errors, string prefix) =>
        errors.Fields.Where(f => f.StartsWith(prefix, StringComparison.Ordinal))
            .ToDictionary(f => f[prefix.Length..], f => errors.FirstFor(f)!);

    private SettingsForm SettingsValues => Settings ??= job is null ? new() : SettingsForm.From(job);

    /// <summary>Stage type and the candidate's tools, through the same rules as PUT /api/v1/jobs/{id}/settings.</summary>
    private async Task SaveSettingsAsync()
    {
        if (!CanManage)
        {
            denied = true;
            PageStatus.Set(HttpContext, StatusCodes.Status403Forbidden);
            Show("Your role can view this job but not change it. Ask a Recruiter or Admin.", error: true);
            return;
        }
        try
        {
            await InterviewSettingsInput.ApplyAsync(Db, Clock, Id, SettingsValues.ToRequest(), HttpContext.RequestAborted);
        }
        catch (FieldErrorsException invalid)
        {
            Show(string.Join(" ", invalid.Errors.Fields.Select(f => invalid.Errors.FirstFor(f))), error: true);
            return;
        }
        Settings = null;
        Show("Interview settings saved. Interviews scheduled from now on use them.", error: false);
        await LoadAsync();
    }

    private int Position(Guid questionId) => job!.Questions.FindIndex(q => q.Id == questionId) + 1;

    private void Show(string text, bool error) => (message, messageIsError) = (text, error);
}
