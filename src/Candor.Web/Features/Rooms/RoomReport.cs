using System.Text.Json;
using Candor.Engine.Technical;
using Candor.Web.Data;
using Candor.Web.Features.CodeRuns;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Rooms;

/// <summary>The problem a room was about; null fields when the problem has since been removed from the catalogue.</summary>
public sealed record RoomReportProblem(string Id, string Title, ProblemDifficulty? Difficulty);

/// <summary>One Run or Submit, in order, with the code exactly as it was run.</summary>
/// <param name="DurationMs">How long the sandbox took; null for a run stored without it.</param>
public sealed record RoomReportRun(
    Guid Id, int Number, string Mode, string Language, string Verdict, int Passed, int Total, long? DurationMs, DateTimeOffset CreatedAt, string Code);

public sealed record RoomReportHint(int Level, string Hint, string? ProblemId, DateTimeOffset GivenAt);

/// <summary>A completed code review with the code it reviewed: score, the six categories with line-cited evidence, suggestions, summary.</summary>
public sealed record RoomReportReview(
    int Score,
    IReadOnlyDictionary<string, ReviewCategoryView> Categories,
    IReadOnlyList<ReviewSuggestion> Suggestions,
    string Summary,
    string? Language,
    string Code,
    DateTimeOffset ReviewedAt);

/// <summary>One step of the difficulty: where the room started, then each AI interview turn's decision.</summary>
/// <param name="FollowUpType">The AI turn's kind of reply; null for the starting point.</param>
public sealed record RoomDifficultyPoint(ProblemDifficulty Difficulty, FollowUpType? FollowUpType, DateTimeOffset At);

public sealed record RoomWeaknessEvidence(string Evidence, int? Line, WeaknessSource Source, DateTimeOffset SeenAt);

public sealed record RoomReportWeakness(WeaknessCategory Category, int Count, IReadOnlyList<RoomWeaknessEvidence> Evidence);

/// <summary>
/// What happened in a technical room, for the recruiter (the report endpoint, the interview's results, the page, PDF
/// and webhook): runs and submissions with their code, hints and their levels, every review, the difficulty over time,
/// the weakness signals with their evidence and how long the AI conversation ran. Never shown to a candidate: it holds
/// scores and weakness signals.
/// </summary>
/// <param name="FinalSubmission">The last Submit (null when the candidate never submitted): the code that counts.</param>
/// <param name="LatestReview">The last of <paramref name="Reviews"/>, or null without one.</param>
/// <param name="ConversationTurns">AI interview replies given in the room (each answers one message).</param>
public sealed record RoomReport(
    Guid RoomId,
    Guid? InterviewId,
    RoomMode Mode,
    string? Language,
    RoomReportProblem? Problem,
    string CandidateName,
    DateTimeOffset CreatedAt,
    ProblemDifficulty Difficulty,
    int RunCount,
    int SubmissionCount,
    IReadOnlyList<RoomReportRun> Runs,
    RoomReportRun? FinalSubmission,
    int HintsUsed,
    IReadOnlyList<RoomReportHint> Hints,
    IReadOnlyList<RoomReportReview> Reviews,
    RoomReportReview? LatestReview,
    IReadOnlyList<RoomDifficultyPoint> DifficultyOverTime,
    IReadOnlyList<RoomReportWeakness> Weaknesses,
    int ConversationTurns);

/// <summary>An interview's technical exercises: the reports of the rooms opened for it, oldest first.</summary>
public sealed record TechnicalResults(IReadOnlyList<RoomReport> Rooms);

/// <summary>
/// Builds room reports from what the room stored. Every query goes through the tenant filter, so another
/// organisation's room reads as null.
/// </summary>
public sealed class RoomReports(CandorDbContext db, IProblemCatalog problems)
{
    public async Task<RoomReport?> ForRoomAsync(Guid roomId, CancellationToken cancellationToken)
    {
        var room = await db.Set<Room>().AsNoTracking().FirstOrDefaultAsync(r => r.Id == roomId, cancellationToken);
        return room is null ? null : await BuildAsync(room, cancellationToken);
    }

    /// <summary>The interview's rooms as <see cref="TechnicalResults"/>, or null when the interview had none.</summary>
    public async Task<TechnicalResults?> ForInterviewAsync(Guid interviewId, CancellationToken cancellationToken)
    {
        var rooms = await db.Set<Room>().AsNoTracking().Where(r => r.InterviewId == interviewId)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        if (rooms.Count == 0)
        {
            return null;
        }
        var reports = new List<RoomReport>(rooms.Count);
        foreach (var room in rooms)
        {
            reports.Add(await BuildAsync(room, cancellationToken));
        }
        return new TechnicalResults(reports);
    }

    private async Task<RoomReport> BuildAsync(Room room, CancellationToken cancellationToken)
    {
        var problem = room.ProblemId is null ? null : await problems.FindAsync(room.ProblemId, cancellationToken);
        var runRows = await db.Set<RoomRun>().AsNoTracking().Where(r => r.RoomId == room.Id)
            .OrderBy(r => r.CreatedAt).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var requests = await db.Set<RoomAiRequest>().AsNoTracking()
            .Where(r => r.RoomId == room.Id && r.CompletedAt != null && r.Result != null)
            .OrderBy(r => r.CompletedAt).ThenBy(r => r.Id).ToListAsync(cancellationToken);
        var signals = await db.Set<WeaknessSignalRow>().AsNoTracking().Where(w => w.RoomId == room.Id)
            .OrderBy(w => w.CreatedAt).ThenBy(w => w.Id).ToListAsync(cancellationToken);

        var runs = runRows.Select((r, i) => new RoomReportRun(
            r.Id, i + 1, r.Mode, r.Language, r.Verdict, r.Passed, r.Total, DurationOf(r.Result), r.CreatedAt, r.Code)).ToList();

        var hints = new List<RoomReportHint>();
        var reviews = new List<RoomReportReview>();
        // The room starts at the problem's level (medium without one), as RoomsApi created it; only AI turns move it.
        var start = requests.Any(r => r.Kind == RoomAiKind.Message) ? problem?.Difficulty ?? ProblemDifficulty.Medium : room.Difficulty;
        var difficulty = new List<RoomDifficultyPoint> { new(start, null, room.CreatedAt) };
        foreach (var request in requests)
        {
            var result = request.Result!.RootElement;
            switch (request.Kind)
            {
                case RoomAiKind.Hint when result.Deserialize<HintResult>(CandorJson.Options) is { } hint:
                    hints.Add(new RoomReportHint(hint.Level, hint.Hint, ProblemIdOf(request.Request) ?? room.ProblemId, request.CompletedAt!.Value));
                    break;
                case RoomAiKind.Review when result.Deserialize<ReviewResult>(CandorJson.Options) is { } review:
                    var asked = request.Request.Deserialize<RoomReviewRequest>(CandorJson.Options);
                    reviews.Add(new RoomReportReview(review.Score, review.Categories, review.Suggestions, review.Summary,
                        asked?.Language, asked?.Code ?? "", request.CompletedAt!.Value));
                    break;
                case RoomAiKind.Message when result.Deserialize<MessageResult>(CandorJson.Options) is { } message:
                    difficulty.Add(new RoomDifficultyPoint(message.Difficulty, message.FollowUpType, request.CompletedAt!.Value));
                    break;
            }
        }

        var weaknesses = signals.GroupBy(s => s.Category)
            .Select(g => new RoomReportWeakness(g.Key, g.Count(), g.Select(s => new RoomWeaknessEvidence(s.Evidence, s.Line, s.Source, s.CreatedAt)).ToList()))
            .OrderByDescending(w => w.Count).ThenBy(w => w.Category).ToList();

        return new RoomReport(
            room.Id, room.InterviewId, room.Mode, room.Language,
            room.ProblemId is null ? null : new RoomReportProblem(room.ProblemId, problem?.Title ?? room.ProblemId, problem?.Difficulty),
            room.CandidateName, room.CreatedAt, room.Difficulty,
            runs.Count(r => r.Mode == "run"), runs.Count(r => r.Mode == "submit"), runs,
            runs.LastOrDefault(r => r.Mode == "submit"),
            hints.Count, hints, reviews, reviews.LastOrDefault(),
            difficulty, weaknesses,
            requests.Count(r => r.Kind == RoomAiKind.Message));
    }

    private static long? DurationOf(JsonDocument result) =>
        result.RootElement.TryGetProperty("duration_ms", out var duration) && duration.TryGetInt64(out var ms) ? ms : null;

    private static string? ProblemIdOf(JsonDocument request) =>
        request.RootElement.TryGetProperty("problem_id", out var id) && id.ValueKind == JsonValueKind.String ? id.GetString() : null;
}
