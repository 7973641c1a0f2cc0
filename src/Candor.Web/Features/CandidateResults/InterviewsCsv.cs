using System.Globalization;
using Candor.Engine.Scoring;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.CandidateResults;

/// <summary>
/// Which interviews a list or export shows. Every filter is optional; unparseable values are ignored, not errors.
/// Takes the dashboard's parameter names (job_id, created_from, created_to), so its Export CSV link carries the view
/// as it is, and the shorter job, from and to the export has always taken.
/// </summary>
public sealed record InterviewFilter(Guid? JobId, InterviewStatus? Status, Recommendation? Recommendation, DateOnly? From, DateOnly? To, string? Search)
{
    public static InterviewFilter FromQuery(IQueryCollection query) => new(
        Guid.TryParse(First(query, "job", "job_id"), out var job) ? job : null,
        CandorJson.TryParseEnum<InterviewStatus>(query["status"], out var status) ? status : null,
        CandorJson.TryParseEnum<Recommendation>(query["recommendation"], out var recommendation) ? recommendation : null,
        DateOnly.TryParse(First(query, "from", "created_from"), CultureInfo.InvariantCulture, out var from) ? from : null,
        DateOnly.TryParse(First(query, "to", "created_to"), CultureInfo.InvariantCulture, out var to) ? to : null,
        string.IsNullOrWhiteSpace(query["q"]) ? null : query["q"].ToString().Trim());

    private static string? First(IQueryCollection query, string name, string alias) =>
        string.IsNullOrEmpty(query[name]) ? query[alias].ToString() : query[name].ToString();

    public IQueryable<Interview> Apply(IQueryable<Interview> interviews)
    {
        if (JobId is { } job) interviews = interviews.Where(i => i.JobId == job);
        if (Status is { } status) interviews = interviews.Where(i => i.Status == status);
        if (Recommendation is { } recommendation) interviews = interviews.Where(i => i.Recommendation == recommendation);
        // Dates are whole UTC days, "to" inclusive.
        if (From is { } from) interviews = interviews.Where(i => i.CreatedAt >= new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        if (To is { } to) interviews = interviews.Where(i => i.CreatedAt < new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero));
        if (Search is { } search)
        {
            var pattern = $"%{search.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal)}%";
            interviews = interviews.Where(i => EF.Functions.ILike(i.CandidateName, pattern) || EF.Functions.ILike(i.CandidateEmail, pattern)
                || (i.ExternalId != null && EF.Functions.ILike(i.ExternalId, pattern)));
        }
        return interviews;
    }
}

/// <summary>The interviews list as CSV, for spreadsheets and applicant-tracking imports.</summary>
public sealed class InterviewsCsv(CandorDbContext db, AdjustedResults adjustedResults)
{
    // New columns go at the end, so imports that read by position keep working.
    private static readonly string[] Header = ["candidate", "email", "external_id", "job", "status", "created", "completed", "overall", "recommendation", "decision",
        "questions_answered", "questions_planned", "incomplete", "adjusted_overall", "adjusted_recommendation"];

    /// <summary>
    /// Streams the rows as they are read. Every write is asynchronous: the server refuses synchronous writes to
    /// a response, and a synchronous flush of a full buffer would cut a large export off part-way.
    /// </summary>
    public async Task WriteAsync(InterviewFilter filter, Stream output, CancellationToken cancellationToken)
    {
        // Reviewers' overrides are rare, so their adjusted results are worked out before the rows stream.
        var overridden = await filter.Apply(db.Interviews.AsNoTracking()).Where(i => db.ScoreOverrides.Any(o => o.InterviewId == i.Id))
            .Select(i => i.Id).ToListAsync(cancellationToken);
        var adjusted = await adjustedResults.ForAsync(overridden, cancellationToken);
        var interviews = filter.Apply(db.Interviews.AsNoTracking())
            .OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id)
            .Select(i => new
            {
                i.Id, i.CandidateName, i.CandidateEmail, i.ExternalId, JobTitle = i.Job!.Title, i.Status, i.CreatedAt, i.EndedAt, i.OverallScore, i.Recommendation,
                i.QuestionsAnswered, i.QuestionsPlanned,
                Decision = db.ReviewDecisions.Where(d => d.InterviewId == i.Id).OrderByDescending(d => d.CreatedAt).ThenByDescending(d => d.Id)
                    .Select(d => (ReviewDecisionKind?)d.Decision).FirstOrDefault(),
            })
            .AsAsyncEnumerable();

        // Candidate-typed text goes into spreadsheets: escape leading =, +, - and @ so it is never run as a formula.
        await using var csv = CsvWriter.Create(output, new CsvWriterOptions { Injection = CsvInjection.Escape }, leaveOpen: true);
        await csv.WriteRecordAsync(Header, cancellationToken);
        await foreach (var i in interviews.WithCancellation(cancellationToken))
        {
            await csv.WriteRecordAsync([
                i.CandidateName, i.CandidateEmail, i.ExternalId, i.JobTitle, ResultsText.Code(i.Status), i.CreatedAt.ToString("O", CultureInfo.InvariantCulture),
                i.Status == InterviewStatus.Completed ? i.EndedAt?.ToString("O", CultureInfo.InvariantCulture) : null,
                i.OverallScore?.ToString(CultureInfo.InvariantCulture), i.Recommendation is { } r ? ResultsText.Code(r) : null,
                i.Decision is { } d ? ResultsText.Code(d) : null,
                i.QuestionsAnswered?.ToString(CultureInfo.InvariantCulture), i.QuestionsPlanned?.ToString(CultureInfo.InvariantCulture),
                // "true" for an interview that ended before its plan did: its score covers only the answered questions.
                Completeness.IsIncomplete(i.Status, i.QuestionsAnswered, i.QuestionsPlanned) ? "true" : "false",
                // Empty unless a reviewer overrode a score: the AI's overall and recommendation stay in their own columns.
                adjusted.GetValueOrDefault(i.Id)?.Overall.ToString(CultureInfo.InvariantCulture),
                adjusted.GetValueOrDefault(i.Id) is { } a ? ResultsText.Code(a.Recommendation) : null,
            ], cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }
}
