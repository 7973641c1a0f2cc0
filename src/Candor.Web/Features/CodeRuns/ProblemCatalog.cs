using Candor.Engine.Technical;
using Candor.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.CodeRuns;

/// <summary>The built-in bank plus the current organisation's own problems (tenant-filtered by the DbContext).</summary>
public sealed class ProblemCatalog(CandorDbContext db) : IProblemCatalog
{
    public async Task<Problem?> FindAsync(string id, CancellationToken cancellationToken)
    {
        if (ProblemBank.Find(id) is { } builtIn)
        {
            return builtIn;
        }
        if (db.Tenant.OrganizationId is null)
        {
            return null;
        }
        var custom = await db.Set<CustomProblem>().AsNoTracking().FirstOrDefaultAsync(p => p.Slug == id, cancellationToken);
        return custom?.ToProblem();
    }

    public async Task<IReadOnlyList<Problem>> ListAsync(ProblemDifficulty? difficulty, CodeLanguage? language, CancellationToken cancellationToken)
    {
        var builtIn = ProblemBank.All.Where(p => Matches(p, difficulty, language));
        if (db.Tenant.OrganizationId is null)
        {
            return builtIn.ToList();
        }
        var query = db.Set<CustomProblem>().AsNoTracking();
        if (difficulty is { } wanted)
        {
            query = query.Where(p => p.Difficulty == wanted);
        }
        if (language is { } lang)
        {
            var name = LanguageNames.Of(lang);
            query = query.Where(p => p.Languages.Contains(name));
        }
        var custom = await query.OrderBy(p => p.CreatedAt).ThenBy(p => p.Slug).ToListAsync(cancellationToken);
        return builtIn.Concat(custom.Select(c => c.ToProblem())).ToList();
    }

    private static bool Matches(Problem problem, ProblemDifficulty? difficulty, CodeLanguage? language) =>
        (difficulty is null || problem.Difficulty == difficulty) && (language is null || problem.StarterCode.ContainsKey(language.Value));
}
