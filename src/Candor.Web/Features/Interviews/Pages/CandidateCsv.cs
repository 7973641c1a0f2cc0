using System.Globalization;
using CsvHelper;
using Candor.Web.Infrastructure;

namespace Candor.Web.Features.Interviews.Pages;

/// <summary>One data row of an uploaded candidate list; <see cref="Line"/> is the line a spreadsheet shows (the header is line 1).</summary>
public sealed record CandidateRow(int Line, string Name, string Email, string? ExternalId)
{
    /// <summary>Why this row will not be scheduled, or null when it will.</summary>
    public string? Problem { get; init; }
}

/// <summary>The parsed file: its rows, or the reason the whole file was refused.</summary>
public sealed record CandidateList(IReadOnlyList<CandidateRow> Rows, string? FileProblem)
{
    public IEnumerable<CandidateRow> Valid => Rows.Where(r => r.Problem is null);
}

/// <summary>
/// Reads a candidate CSV (header required: name,email[,external_id]) and checks every row with the API's own
/// scheduling validation before anything is scheduled, so the recruiter sees every problem at once.
/// </summary>
public static class CandidateCsv
{
    public const int MaxRows = 500;
    public const long MaxBytes = 1024 * 1024;

    public static CandidateList Parse(string text)
    {
        var options = new CsvReaderOptions
        {
            HasHeader = true,
            TrimWhitespace = true,
            TrackLineNumbers = true,
            // An unclosed quote would otherwise swallow the rest of the file into one field: refuse it instead.
            MalformedData = CsvMalformedDataHandling.Throw,
        };
        try
        {
            using var csv = CsvReader.FromText(text, options);
            csv.ReadHeader();
            var columns = csv.Headers.Select(h => h.Trim().ToLowerInvariant()).ToList();
            if (columns.Count == 0 || columns.All(c => c.Length == 0))
            {
                return new([], "The file is empty. Its first line must be the header: name,email[,external_id].");
            }
            if (!csv.TryGetFieldIndex("name", out var nameColumn) || !csv.TryGetFieldIndex("email", out var emailColumn))
            {
                return new([], $"The first line must be a header naming the columns name and email (and optionally external_id); it was: {string.Join(",", csv.Headers)}");
            }
            var externalIdColumn = csv.TryGetFieldIndex("external_id", out var column) ? column : -1;
            var rows = new List<CandidateRow>();
            while (csv.Read())
            {
                if (rows.Count == MaxRows)
                {
                    return new([], $"The file has more than {MaxRows} candidates. Split it into files of at most {MaxRows} rows.");
                }
                var externalId = externalIdColumn >= 0 ? csv.GetString(externalIdColumn) : null;
                rows.Add(new CandidateRow((int)csv.LineNumber, csv.GetString(nameColumn), csv.GetString(emailColumn),
                    string.IsNullOrWhiteSpace(externalId) ? null : externalId));
            }
            return rows.Count == 0 ? new([], "The file has a header but no candidates.") : new(rows, null);
        }
        catch (CsvFormatException e)
        {
            var line = e.LineNumber > 0 ? $" near line {e.LineNumber}" : "";
            return new([], $"The file is not valid CSV{line}. Check for an unclosed quote.");
        }
    }

    /// <summary>
    /// Marks each row's problem: the API's validation (missing name, invalid e-mail, too long), a repeated e-mail,
    /// and, past the <paramref name="remainingQuota"/> (null: unlimited), the rows the monthly quota cannot take.
    /// </summary>
    public static CandidateList Validate(CandidateList list, Guid jobId, int? expiresInHours, CandorOptions settings, int? remainingQuota)
    {
        var firstLineOfEmail = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        var accepted = 0;
        var rows = new List<CandidateRow>();
        foreach (var row in list.Rows)
        {
            var problem = RowProblem(row, jobId, expiresInHours, settings);
            if (problem is null && !firstLineOfEmail.TryAdd(row.Email.Trim(), row.Line))
            {
                problem = $"Duplicate e-mail in the file (first on line {firstLineOfEmail[row.Email.Trim()]})";
            }
            if (problem is null && remainingQuota is { } remaining && accepted >= remaining)
            {
                problem = $"Quota exceeded: this month's plan has {remaining} interview{(remaining == 1 ? "" : "s")} left";
            }
            if (problem is null)
            {
                accepted++;
            }
            rows.Add(row with { Problem = problem });
        }
        return list with { Rows = rows };
    }

    public static ScheduleInterviewRequest ToRequest(CandidateRow row, Guid jobId, int? expiresInHours) =>
        new(jobId, new CandidateInput(row.Name, row.Email), expiresInHours, row.ExternalId);

    private static string? RowProblem(CandidateRow row, Guid jobId, int? expiresInHours, CandorOptions settings)
    {
        var errors = InterviewScheduler.Check(ToRequest(row, jobId, expiresInHours), settings).Messages;
        if (!StorableText.IsStorable(row.Name) || !StorableText.IsStorable(row.Email) || !StorableText.IsStorable(row.ExternalId))
        {
            return "Contains a control character (such as U+0000): remove it from the file";
        }
        if (errors.ContainsKey("candidate.name"))
        {
            return string.IsNullOrWhiteSpace(row.Name) ? "Missing name" : "Name is too long (at most 200 characters)";
        }
        if (errors.ContainsKey("candidate.email"))
        {
            return string.IsNullOrWhiteSpace(row.Email) ? "Missing e-mail" : "Invalid e-mail";
        }
        if (errors.ContainsKey("external_id"))
        {
            return "External id is too long (at most 200 characters)";
        }
        return errors.Values.SelectMany(m => m).FirstOrDefault();
    }
}
