using Candor.Engine.Questions;
using Candor.Web.Data.Entities;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Jobs.Pages;

public sealed partial class QuestionLibrary
{
    private static QuestionBank Bank => QuestionBank.Default;

    [Parameter] public Guid Id { get; set; }
    [CascadingParameter] private HttpContext HttpContext { get; set; } = default!;
    [SupplyParameterFromQuery(Name = "family")] private string? FamilyQuery { get; set; }
    [SupplyParameterFromQuery(Name = "kind")] private string? KindQuery { get; set; }
    [SupplyParameterFromQuery(Name = "scenario")] private string? ScenarioQuery { get; set; }
    [SupplyParameterFromQuery(Name = "difficulty")] private string? DifficultyQuery { get; set; }
    [SupplyParameterFromQuery(Name = "q")] private string? TextQuery { get; set; }
    [SupplyParameterFromQuery(Name = "page")] private int? PageQuery { get; set; }

    private Job? job;
    private int questionCount;
    private HashSet<string> inJob = [];
    private Dictionary<string, int> editedInJob = [];
    private List<JobQuestion> jobQuestions = [];
    private LibraryFilter filter = new(null, null, null, null, null);
    private List<BankQuestion> matches = [];
    private string? message;
    private bool messageIsError;
    private Guid? addedId;

    private int PageCount => Math.Max(1, (matches.Count + LibraryFilter.PageSize - 1) / LibraryFilter.PageSize);
    private int CurrentPage => Math.Clamp(PageQuery ?? 1, 1, PageCount);
    private IEnumerable<BankQuestion> PageOfMatches => matches.Skip((CurrentPage - 1) * LibraryFilter.PageSize).Take(LibraryFilter.PageSize);

    protected override async Task OnInitializedAsync()
    {
        await LoadAsync();
        if (job is null)
        {
            PageStatus.Set(HttpContext, StatusCodes.Status404NotFound);
            return;
        }
        filter = LibraryFilter.Parse(FamilyQuery, job.RoleFamily, KindQuery, ScenarioQuery, DifficultyQuery, TextQuery);
        matches = [.. filter.Apply(Bank.Questions)];
    }

    /// <summary>"1 matching question", "12 matching questions".</summary>
    private string MatchCount => matches.Count == 1 ? "matching question" : "matching questions";

    /// <summary>The job question this library question overlaps (similar wording or the same topic), if any, with why.</summary>
    private (int Position, string Reason)? OverlapOf(BankQuestion question)
    {
        foreach (var existing in jobQuestions)
        {
            if (existing.BankId == question.Id)
            {
                continue; // The same library question (edited or not) is reported on its own.
            }
            if (QuestionSearch.Default.Overlap(question.Text, question.Competency, question.Skills, existing.Text, existing.Competency, existing.Skills) is { } reason)
            {
                return (existing.Position, reason);
            }
        }
        return null;
    }

    private async Task LoadAsync()
    {
        // Tenant-filtered: another organisation's job is not found.
        job = await Db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == Id, HttpContext.RequestAborted);
        jobQuestions = await Db.JobQuestions.AsNoTracking().Where(q => q.JobId == Id).OrderBy(q => q.Position).ToListAsync(HttpContext.RequestAborted);
        questionCount = jobQuestions.Count;
        // Only an unedited copy is "the library's question"; an edited one keeps its library id to say where it came from.
        inJob = jobQuestions.Where(q => q.BankId is not null && q.Source == QuestionSource.Bank).Select(q => q.BankId!).ToHashSet(StringComparer.Ordinal);
        editedInJob = jobQuestions.Where(q => q.BankId is not null && q.Source != QuestionSource.Bank)
            .GroupBy(q => q.BankId!).ToDictionary(g => g.Key, g => g.First().Position, StringComparer.Ordinal);
    }

    private async Task AddAsync(string bankId)
    {
        // The page's policy already limits it to Admins and Recruiters; re-checked like every change.
        if (!HttpContext.User.CanManageJobs())
        {
            PageStatus.Set(HttpContext, StatusCodes.Status403Forbidden);
            (message, messageIsError) = ("Your role cannot change jobs.", true);
            return;
        }
        if (job is null || Bank.Find(bankId) is not { } question)
        {
            (message, messageIsError) = ("That library question does not exist.", true);
            return;
        }
        try
        {
            var overlap = OverlapOf(question);
            var added = await Editor.AppendFromBankAsync(job.Id, question, HttpContext.RequestAborted);
            var warning = overlap is { } o ? $" Note: it overlaps question {o.Position} ({o.Reason}); check the job needs both." : "";
            (message, messageIsError, addedId) = ($"Added as question {added.Position}.{warning}", false, added.Id);
        }
        catch (FieldErrorsException invalid)
        {
            (message, messageIsError) = (invalid.Errors.FirstFor("questions") ?? "This question could not be added.", true);
        }
        await LoadAsync();
    }
}
