using Candor.Engine.Questions;
using Candor.Web.Data;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.ScenarioQuestions;

/// <summary>The filters of a list: each empty means "any".</summary>
public sealed record ScenarioFilter(IReadOnlyCollection<ScenarioStageType> StageTypes, ScenarioType? ScenarioType, Difficulty? Difficulty)
{
    public bool Matches(ScenarioQuestion question) =>
        question.AppliesToAny(StageTypes)
        && (ScenarioType is null || question.ScenarioType == ScenarioType)
        && (Difficulty is null || question.Difficulty == Difficulty);
}

/// <summary>
/// The system library plus the current organisation's own questions. Custom rows are read only through the
/// DbContext's tenant filter, so another organisation's question is simply not there (404, never 403).
/// </summary>
public sealed class ScenarioQuestionCatalog(CandorDbContext db)
{
    /// <summary>One page: the system questions first (in library order), then the organisation's, oldest first.</summary>
    public async Task<PagedList<ScenarioQuestion>> ListAsync(ScenarioFilter filter, Paging paging, CancellationToken cancellationToken)
    {
        var system = ScenarioLibrary.All.Where(filter.Matches).ToList();
        var custom = Filtered(filter);
        var customTotal = await custom.CountAsync(cancellationToken);
        var total = system.Count + customTotal;

        // long: a huge page number must give an empty page, not an overflowed (negative) offset.
        var skip = (long)(paging.Number - 1) * paging.Size;
        var items = system.Skip((int)Math.Min(skip, system.Count)).Take(paging.Size).ToList();
        var customSkip = Math.Max(0, skip - system.Count);
        if (items.Count < paging.Size && customSkip < customTotal)
        {
            var rows = await custom.OrderBy(q => q.CreatedAt).ThenBy(q => q.Id)
                .Skip((int)customSkip).Take(paging.Size - items.Count)
                .ToListAsync(cancellationToken);
            items.AddRange(rows.Select(r => r.ToQuestion()));
        }
        return new PagedList<ScenarioQuestion>(items, paging.Number, paging.Size, total);
    }

    public async Task<ScenarioQuestion?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (ScenarioLibrary.Find(id) is { } system)
        {
            return system;
        }
        return await FindCustomAsync(id, cancellationToken) is { } custom ? custom.ToQuestion() : null;
    }

    /// <summary>The organisation's own question (tracked, for changes); null for a system id, a foreign or unknown one.</summary>
    public async Task<CustomScenarioQuestion?> FindCustomAsync(string id, CancellationToken cancellationToken) =>
        Guid.TryParse(id, out var guid) && db.Tenant.OrganizationId is not null
            ? await db.Set<CustomScenarioQuestion>().FirstOrDefaultAsync(q => q.Id == guid, cancellationToken)
            : null;

    private IQueryable<CustomScenarioQuestion> Filtered(ScenarioFilter filter)
    {
        var query = db.Set<CustomScenarioQuestion>().AsNoTracking();
        if (filter.StageTypes.Count > 0)
        {
            var names = filter.StageTypes.Select(ScenarioStageTypes.Name).ToArray();
            query = query.Where(q => q.ApplicableStageTypes.Any(s => names.Contains(s)));
        }
        if (filter.ScenarioType is { } type)
        {
            query = query.Where(q => q.ScenarioType == type);
        }
        if (filter.Difficulty is { } difficulty)
        {
            query = query.Where(q => q.Difficulty == difficulty);
        }
        return query;
    }
}
