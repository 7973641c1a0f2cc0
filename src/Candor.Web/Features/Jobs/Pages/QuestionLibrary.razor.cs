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
        matches = filter.Apply(Bank.Questions).ToList();
    }

    private async Task LoadAsync()
    {
        // Tenant-filtered: another organisation's job is not found.
        job = await Db.Jobs.AsNoTracking().FirstOrDefaultAsync(j => j.Id == Id, HttpContext.RequestAborted);
        var bankIds = await Db.JobQuestions.AsNoTracking().Where(q => q.JobId == Id).Select(q => q.BankId).ToListAsync(HttpContext.RequestAborted);
        questionCount = bankIds.Count;
        inJob = bankIds.OfType<string>().ToHashSet(StringComparer.Ordinal);
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
            var added = await Editor.AppendFromBankAsync(job.Id, question, HttpContext.RequestAborted);
            (message, messageIsError, addedId) = ($"Added as question {added.Position}.", false, added.Id);
        }
        catch (FieldErrorsException invalid)
        {
            (message, messageIsError) = (invalid.Errors.FirstFor("questions") ?? "This question could not be added.", true);
        }
        await LoadAsync();
    }
}
