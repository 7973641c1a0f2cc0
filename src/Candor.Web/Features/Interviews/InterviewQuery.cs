using System.Globalization;
using Candor.Engine.Scoring;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Interviews;

public enum InterviewSort { CreatedAt, Score }

/// <summary>
/// Which interviews a list shows and in what order. One builder for GET /api/v1/interviews and the recruiter's
/// dashboard (and its live-update version probe), so a filter means the same thing everywhere. The query
/// parameter names are shared too: status, job_id, recommendation, q, created_from, created_to, sort, order.
/// </summary>
public sealed record InterviewQuery(
    Guid? JobId = null,
    InterviewStatus? Status = null,
    Recommendation? Recommendation = null,
    DateOnly? CreatedFrom = null,
    DateOnly? CreatedTo = null,
    string? Search = null,
    InterviewSort Sort = InterviewSort.CreatedAt,
    bool Descending = true)
{
    public const int MaxSearchLength = 200;

    /// <summary>Parses the shared query parameters; an unparseable value is reported under its parameter name.</summary>
    public static (InterviewQuery Query, FieldErrors Errors) Parse(
        string? status, string? jobId, string? recommendation, string? search, string? createdFrom, string? createdTo, string? sort, string? order)
    {
        var errors = new FieldErrors();
        var query = new InterviewQuery(Search: string.IsNullOrWhiteSpace(search) ? null : search.Trim());
        if (!string.IsNullOrEmpty(status))
        {
            query = CandorJson.TryParseEnum<InterviewStatus>(status, out var wanted)
                ? query with { Status = wanted }
                : Invalid(errors, query, "status", "The field 'status' must be one of: scheduled, in_progress, completed, cancelled, expired.");
        }
        if (!string.IsNullOrEmpty(jobId))
        {
            query = Guid.TryParse(jobId, out var job) ? query with { JobId = job } : Invalid(errors, query, "job_id", "The field 'job_id' must be a UUID.");
        }
        if (!string.IsNullOrEmpty(recommendation))
        {
            query = CandorJson.TryParseEnum<Recommendation>(recommendation, out var wanted)
                ? query with { Recommendation = wanted }
                : Invalid(errors, query, "recommendation", "The field 'recommendation' must be one of: strong_hire, hire, lean_no, no_hire, insufficient_evidence.");
        }
        query = query with
        {
            CreatedFrom = ParseDate(errors, "created_from", createdFrom),
            CreatedTo = ParseDate(errors, "created_to", createdTo),
        };
        errors.OptionalText("q", query.Search, MaxSearchLength);
        switch (sort)
        {
            case null or "" or "created_at": break;
            case "score": query = query with { Sort = InterviewSort.Score }; break;
            default: errors.Add("sort", "The field 'sort' must be one of: created_at, score."); break;
        }
        switch (order)
        {
            case null or "" or "desc": break;
            case "asc": query = query with { Descending = false }; break;
            default: errors.Add("order", "The field 'order' must be one of: asc, desc."); break;
        }
        return (query, errors);
    }

    /// <summary>Every filter; <paramref name="includeStatus"/> false gives the base the per-status counts are taken over.</summary>
    public IQueryable<Interview> Filter(IQueryable<Interview> interviews, bool includeStatus = true)
    {
        if (includeStatus && Status is { } status)
        {
            interviews = interviews.Where(i => i.Status == status);
        }
        if (JobId is { } job)
        {
            interviews = interviews.Where(i => i.JobId == job);
        }
        if (Recommendation is { } recommendation)
        {
            interviews = interviews.Where(i => i.Recommendation == recommendation);
        }
        // Dates are whole UTC days, both ends inclusive: "from 1 May to 31 May" includes 31 May's interviews.
        if (CreatedFrom is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            interviews = interviews.Where(i => i.CreatedAt >= start);
        }
        if (CreatedTo is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            interviews = interviews.Where(i => i.CreatedAt < end);
        }
        if (Search is { Length: > 0 } search)
        {
            var pattern = "%" + search.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal)
                .Replace("_", "\\_", StringComparison.Ordinal) + "%";
            interviews = interviews.Where(i => EF.Functions.ILike(i.CandidateName, pattern) || EF.Functions.ILike(i.CandidateEmail, pattern));
        }
        return interviews;
    }

    /// <summary>The chosen order, with the id as tie-breaker so pages never overlap; unscored interviews sort last either way.</summary>
    public IOrderedQueryable<Interview> Order(IQueryable<Interview> interviews) => (Sort, Descending) switch
    {
        (InterviewSort.Score, true) => interviews.OrderBy(i => i.OverallScore == null).ThenByDescending(i => i.OverallScore).ThenByDescending(i => i.CreatedAt).ThenBy(i => i.Id),
        (InterviewSort.Score, false) => interviews.OrderBy(i => i.OverallScore == null).ThenBy(i => i.OverallScore).ThenByDescending(i => i.CreatedAt).ThenBy(i => i.Id),
        (_, true) => interviews.OrderByDescending(i => i.CreatedAt).ThenBy(i => i.Id),
        _ => interviews.OrderBy(i => i.CreatedAt).ThenBy(i => i.Id),
    };

    /// <summary>
    /// A cheap fingerprint of what the list shows: how many match, and the latest moment any of them changed.
    /// Every state change the list displays (scheduled, started, answered, ended, scored) moves one of these.
    /// </summary>
    public async Task<string> VersionAsync(CandorDbContext db, CancellationToken cancellationToken)
    {
        var stamp = await Filter(db.Interviews.AsNoTracking(), includeStatus: false)
            .GroupBy(_ => 1)
            .Select(g => new
            {
                Count = g.Count(),
                Created = g.Max(i => (DateTimeOffset?)i.CreatedAt),
                Active = g.Max(i => i.LastActivityAt),
                Ended = g.Max(i => i.EndedAt),
                Reported = g.Max(i => i.ReportReadyAt),
                Started = g.Max(i => i.StartedAt),
            })
            .FirstOrDefaultAsync(cancellationToken);
        if (stamp is null)
        {
            return "0";
        }
        var latest = new[] { stamp.Created, stamp.Active, stamp.Ended, stamp.Reported, stamp.Started }.Max() ?? DateTimeOffset.MinValue;
        return string.Create(CultureInfo.InvariantCulture, $"{stamp.Count}-{latest.UtcTicks}");
    }

    /// <summary>The query back as its parameters (defaults left out), for shareable links and the version probe.</summary>
    public Dictionary<string, string?> ToParameters() => new(StringComparer.Ordinal)
    {
        ["status"] = Status is { } status ? CandorJson.EnumName(status) : null,
        ["job_id"] = JobId?.ToString(),
        ["recommendation"] = Recommendation is { } recommendation ? CandorJson.EnumName(recommendation) : null,
        ["q"] = Search,
        ["created_from"] = CreatedFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["created_to"] = CreatedTo?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        ["sort"] = Sort == InterviewSort.Score ? "score" : null,
        ["order"] = Descending ? null : "asc",
    };

    private static InterviewQuery Invalid(FieldErrors errors, InterviewQuery query, string field, string message)
    {
        errors.Add(field, message);
        return query;
    }

    private static DateOnly? ParseDate(FieldErrors errors, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }
        errors.Add(field, $"The field '{field}' must be a date like 2026-05-31.");
        return null;
    }
}
