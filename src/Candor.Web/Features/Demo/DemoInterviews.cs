using Candor.Engine.Interviews;
using Candor.Engine.Questions;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Interviews;
using Candor.Web.Features.Sessions;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Demo;

/// <summary>
/// Gives the demo job a few completed interviews so a newcomer sees reports at once. Nothing here is a score: three
/// scripted candidates (strong, average, weak) answer through the real conductor, so the real interviewer decides
/// every follow-up and the real background jobs score the answers and write the reports, exactly as for a person.
/// </summary>
/// <remarks>
/// Idempotent: a candidate whose demo interview is finished is left alone; one cut short by a crash is resumed
/// through a fresh link (the old one is only stored hashed), so a re-run ends with each candidate interviewed once.
/// </remarks>
public sealed class DemoInterviews(CandorDbContext db, InterviewScheduler scheduler, InterviewConductor conductor, ILogger<DemoInterviews> logger)
{
    /// <summary>The scripted candidates; their addresses mark the demo interviews (example.com never receives mail).</summary>
    public static readonly IReadOnlyList<DemoCandidate> Candidates =
    [
        new("Priya Raman", "priya.raman@example.com", DemoAnswerQuality.Strong),
        new("Tom Becker", "tom.becker@example.com", DemoAnswerQuality.Average),
        new("Sam Doyle", "sam.doyle@example.com", DemoAnswerQuality.Weak),
    ];

    // A safety stop only: the interview's own turn budget closes it long before this.
    private const int MaxAnswers = 80;

    public async Task SeedAsync(Guid jobId, CancellationToken cancellationToken)
    {
        foreach (var candidate in Candidates)
        {
            var existing = await db.Interviews
                .Where(i => i.JobId == jobId && i.CandidateEmail == candidate.Email)
                .OrderByDescending(i => i.CreatedAt)
                .FirstOrDefaultAsync(cancellationToken);
            if (existing is { IsTerminal: true })
            {
                continue;
            }

            var token = existing is null ? await ScheduleAsync(jobId, candidate, cancellationToken) : await ReissueAsync(existing, cancellationToken);
            await InterviewAsync(token, candidate, cancellationToken);
            logger.LogInformation("Demo interview with {Candidate} ({Quality} answers) is complete; its report follows from the scoring jobs",
                candidate.Name, candidate.Quality);
        }
    }

    private async Task<string> ScheduleAsync(Guid jobId, DemoCandidate candidate, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var scheduled = await scheduler.ScheduleAsync(new ScheduleInterviewRequest(jobId, new CandidateInput(candidate.Name, candidate.Email), null, null), cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TokenOf(scheduled.InterviewUrl);
    }

    private async Task<string> ReissueAsync(Interview interview, CancellationToken cancellationToken)
    {
        var url = scheduler.IssueLink(interview);
        await db.SaveChangesAsync(cancellationToken);
        return TokenOf(url);
    }

    private static string TokenOf(string interviewUrl) => interviewUrl[(interviewUrl.LastIndexOf('/') + 1)..];

    private async Task InterviewAsync(string token, DemoCandidate candidate, CancellationToken cancellationToken)
    {
        var turn = await conductor.StartAsync(token, cancellationToken, consented: true);
        for (var answers = 0; !turn.Done && answers < MaxAnswers; answers++)
        {
            var (interview, turns) = await conductor.ViewAsync(token, cancellationToken);
            var question = turns[^1].QuestionKey is { } key ? interview.Plan.FirstOrDefault(q => q.Key == key) : null;
            var followUps = turns.Count(t => t.Kind == TurnKind.FollowUp && t.QuestionKey == turns[^1].QuestionKey);
            var answer = DemoAnswers.For(candidate.Quality, turn.Kind, question, followUps);
            turn = await conductor.AnswerAsync(token, turn.TurnId, answer, cancellationToken);
        }
    }
}

public enum DemoAnswerQuality { Strong, Average, Weak }

public sealed record DemoCandidate(string Name, string Email, DemoAnswerQuality Quality);

/// <summary>
/// The scripted candidates' words. A strong candidate explains every rubric point in full sentences with a concrete
/// situation and measured results; an average one explains about half of them, briefly and without results; a weak
/// one stays vague. What they earn is decided by the evaluator, not here.
/// </summary>
public static class DemoAnswers
{
    public static string For(DemoAnswerQuality quality, TurnKind kind, InterviewQuestion? question, int followUpsSoFar)
    {
        if (kind == TurnKind.Intro || question is null)
        {
            return quality switch
            {
                DemoAnswerQuality.Strong => "Hi, I'm Priya. I have eight years of backend experience, most recently leading a team that builds order and inventory services in C# and PostgreSQL.",
                DemoAnswerQuality.Average => "Hello, I'm Tom. I've been a backend developer for about four years, mostly working on REST APIs in .NET.",
                _ => "Hi. I'm Sam, I do some programming.",
            };
        }

        var points = question.ExpectedPoints;
        return (quality, kind) switch
        {
            (DemoAnswerQuality.Strong, TurnKind.Question) => Strong(points),
            (DemoAnswerQuality.Strong, _) =>
                $"To add to that: {Lower(points.Count > 0 ? points[^1] : "we measured the result")}. I checked it with metrics before and after the change, and we wrote the decision down so the team could revisit it.",
            (DemoAnswerQuality.Average, TurnKind.Question) => Average(points),
            (DemoAnswerQuality.Average, _) when followUpsSoFar <= 1 =>
                "I think I would look at the logs and talk to the team about it first. I haven't measured it exactly, but it worked out in the end.",
            (DemoAnswerQuality.Average, _) => "I'm not sure about the details there, to be honest.",
            (DemoAnswerQuality.Weak, TurnKind.Question) => "I'm not really sure. I would probably search online or ask someone on the team what to do.",
            _ => "I don't know, sorry.",
        };
    }

    private static string Strong(IReadOnlyList<string> points) =>
        $"""
        In my last role we had a concrete situation where this mattered: our order service slowed down badly while traffic grew tenfold.
        I was responsible for the fix and led the design. First, I made sure I understood the problem and measured where the time went.
        {string.Join(" ", points.Select(p => $"I made sure we covered this: {Lower(p)}."))}
        I weighed the trade-offs and compared two options before deciding, because each had a cost.
        As a result, p95 latency dropped by 40 percent, errors fell from 2 percent to 0.1 percent, and the team adopted the approach.
        """;

    private static string Average(IReadOnlyList<string> points)
    {
        var covered = points.Take(Math.Max(1, points.Count / 2)).Select(p => $"One thing that matters here: {Lower(p)}.");
        return $"I have done something like this before on a project. {string.Join(" ", covered)} That usually works well enough, I think.";
    }

    private static string Lower(string text) =>
        text.Length > 1 && char.IsUpper(text[0]) && !char.IsUpper(text[1]) ? char.ToLowerInvariant(text[0]) + text[1..].TrimEnd('.') : text.TrimEnd('.');
}
