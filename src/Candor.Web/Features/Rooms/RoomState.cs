using Candor.Engine.Technical;
using Candor.Web.Data;
using Candor.Web.Features.CodeRuns;
using System.Text.Json;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Rooms;

/// <summary>What the room's AI work reads back from the database: the problem, the latest run, hints used.</summary>
public static class RoomState
{
    public static async Task<Problem?> ProblemAsync(Room room, IProblemCatalog problems, CancellationToken cancellationToken, string? problemId = null)
    {
        var id = problemId ?? room.ProblemId;
        return id is null ? null : await problems.FindAsync(id, cancellationToken);
    }

    /// <summary>The hints given in the room so far, oldest first, as the room page lists them again after a reload.</summary>
    public static async Task<IReadOnlyList<RoomHintView>> HintsGivenAsync(CandorDbContext db, Guid roomId, CancellationToken cancellationToken)
    {
        var results = await db.Set<RoomAiRequest>().AsNoTracking()
            .Where(r => r.RoomId == roomId && r.Kind == RoomAiKind.Hint && r.CompletedAt != null && r.Result != null)
            .OrderBy(r => r.CompletedAt).ThenBy(r => r.Id).Select(r => r.Result!).ToListAsync(cancellationToken);
        return [.. results.Select(r => r.RootElement.Deserialize<HintResult>(CandorJson.Options)).OfType<HintResult>().Select(h => new RoomHintView(h.Level, h.Hint))];
    }

    /// <summary>Hints given in the room so far: completed hint requests (a hint counts once it has been shown).</summary>
    public static Task<int> HintsUsedAsync(CandorDbContext db, Guid roomId, CancellationToken cancellationToken) =>
        db.Set<RoomAiRequest>().CountAsync(r => r.RoomId == roomId && r.Kind == RoomAiKind.Hint && r.CompletedAt != null, cancellationToken);

    public static async Task<RunSummary?> LastRunAsync(CandorDbContext db, Guid roomId, CancellationToken cancellationToken)
    {
        var run = await db.Set<RoomRun>().AsNoTracking().Where(r => r.RoomId == roomId).OrderByDescending(r => r.CreatedAt)
            .FirstOrDefaultAsync(cancellationToken);
        return run is null ? null : Summary(run);
    }

    public static RunSummary Summary(RoomRun run)
    {
        var root = run.Result.RootElement;
        var failed = root.TryGetProperty("tests", out var tests)
            ? tests.EnumerateArray().Where(t => !t.GetProperty("passed").GetBoolean()).Select(t => t.GetProperty("name").GetString() ?? "").ToList()
            : [];
        var stderr = root.TryGetProperty("stderr", out var error) ? error.GetString() ?? "" : "";
        return new RunSummary(run.Verdict, run.Passed, run.Total, failed, stderr, run.Mode == "submit");
    }
}

/// <summary>Persists weakness signals for the room's candidate; each origin (a run, an AI request) records a signal once.</summary>
public static class Weaknesses
{
    public static void Record(CandorDbContext db, Room room, IEnumerable<WeaknessSignal> signals, string origin, DateTimeOffset at)
    {
        foreach (var signal in signals.DistinctBy(s => (s.Category, s.Evidence)))
        {
            db.Set<WeaknessSignalRow>().Add(new WeaknessSignalRow
            {
                RoomId = room.Id,
                OrganizationId = room.OrganizationId,
                CandidateEmail = room.CandidateEmail.ToLowerInvariant(),
                Category = signal.Category,
                Source = signal.Source,
                Evidence = signal.Evidence,
                Line = signal.Line,
                Origin = origin,
                CreatedAt = at,
            });
        }
    }

    /// <summary>The candidate's categories from earlier rooms, most frequent first: what the interviewer probes.</summary>
    public static async Task<IReadOnlyList<WeaknessCategory>> HistoricalAsync(CandorDbContext db, Room room, CancellationToken cancellationToken)
    {
        var email = room.CandidateEmail.ToLowerInvariant();
        var counts = await db.Set<WeaknessSignalRow>().AsNoTracking()
            .Where(w => w.RoomId != room.Id && w.CandidateEmail == email)
            .GroupBy(w => w.Category)
            .Select(g => new { Category = g.Key, Count = g.Count() })
            .ToListAsync(cancellationToken);
        return counts.OrderByDescending(c => c.Count).ThenBy(c => c.Category).Select(c => c.Category).ToList();
    }
}
