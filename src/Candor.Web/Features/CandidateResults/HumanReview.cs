using Candor.Web.Data;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.CandidateResults;

/// <summary>Who is acting, as it goes into the audit trail (the name is copied so the trail reads even after they leave).</summary>
public sealed record Reviewer(Guid UserId, string Name);

/// <summary>
/// Records reviewers' score overrides and decisions. Both only ever append: the AI's score and every earlier
/// human judgement stay visible, which is the point of an audit trail. Returns an error message for the form, or null.
/// </summary>
public sealed class HumanReview(CandorDbContext db, TimeProvider clock)
{
    public const int MaxNoteLength = 2000;

    public async Task<string?> OverrideAsync(Guid interviewId, Guid turnId, string? criterion, int? humanScore, string? note, Reviewer reviewer, CancellationToken cancellationToken)
    {
        if (humanScore is not (>= 0 and <= 100))
        {
            return "Enter a score from 0 to 100.";
        }
        if (NoteError(note, required: true) is { } noteError)
        {
            return noteError;
        }
        // Tenant-filtered: another organisation's turn is simply not found.
        var turn = await db.InterviewTurns.AsNoTracking().FirstOrDefaultAsync(t => t.Id == turnId && t.InterviewId == interviewId, cancellationToken);
        var scored = turn?.Evaluation?.Criteria.FirstOrDefault(c => c.Criterion == criterion);
        if (turn is null || scored is null)
        {
            return "That criterion was not scored on this answer.";
        }
        db.ScoreOverrides.Add(new ScoreOverride
        {
            Id = Guid.CreateVersion7(), InterviewId = interviewId, TurnId = turnId, QuestionKey = turn.QuestionKey, Criterion = scored.Criterion,
            AiScore = scored.Score, HumanScore = humanScore.Value, Note = note!.Trim(), UserId = reviewer.UserId, UserName = reviewer.Name,
            CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task<string?> DecideAsync(Guid interviewId, ReviewDecisionKind? decision, string? note, Reviewer reviewer, CancellationToken cancellationToken)
    {
        if (decision is null || !Enum.IsDefined(decision.Value))
        {
            return "Choose advance, reject or hold.";
        }
        if (NoteError(note, required: false) is { } noteError)
        {
            return noteError;
        }
        if (!await db.Interviews.AnyAsync(i => i.Id == interviewId, cancellationToken))
        {
            return "Interview not found.";
        }
        db.ReviewDecisions.Add(new ReviewDecision
        {
            Id = Guid.CreateVersion7(), InterviewId = interviewId, Decision = decision.Value, Note = note?.Trim() ?? "",
            UserId = reviewer.UserId, UserName = reviewer.Name, CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    private static string? NoteError(string? note, bool required) => note switch
    {
        _ when required && string.IsNullOrWhiteSpace(note) => "A note is required: say why the score changes.",
        { Length: > MaxNoteLength } => $"Keep the note under {MaxNoteLength:N0} characters.",
        _ when !StorableText.IsStorable(note) => "Remove the control characters (such as U+0000) from the note.",
        _ => null,
    };
}
