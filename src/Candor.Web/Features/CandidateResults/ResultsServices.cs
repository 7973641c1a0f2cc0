using Candor.Web.Data;
using Candor.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Candor.Web.Infrastructure;

namespace Candor.Web.Features.CandidateResults;

public static class ResultsServices
{
    public static IServiceCollection AddResults(this IServiceCollection services)
    {
        services.AddScoped<InterviewResultsReader>();
        services.AddScoped<HumanReview>();
        services.AddScoped<ReportShares>();
        services.AddScoped<InterviewsCsv>();
        services.AddScoped<AdjustedResults>();
        services.AddScoped<Rooms.RoomReports>();
        return services;
    }

    /// <summary>The workspace's downloads (the pages themselves are Razor components found by the router).</summary>
    public static IEndpointRouteBuilder MapResultsExports(this IEndpointRouteBuilder app)
    {
        app.MapGet("/app/interviews/{id:guid}/report.pdf", DownloadPdfAsync).RequireAuthorization(CandorPolicies.ViewResults).ExcludeFromDescription();
        app.MapGet("/app/interviews/{id:guid}/turns/{turnId:guid}/whiteboard.png", Whiteboards.DownloadAsync).RequireAuthorization(CandorPolicies.ViewResults).ExcludeFromDescription();
        app.MapGet("/app/interviews.csv", DownloadCsvAsync).RequireAuthorization(CandorPolicies.ViewResults).ExcludeFromDescription();
        return app;
    }

    private static async Task<IResult> DownloadPdfAsync(Guid id, InterviewResultsReader reader, CandorDbContext db, CancellationToken cancellationToken)
    {
        if (await reader.ReadAsync(id, cancellationToken) is not { } results)
        {
            throw ApiProblemException.NotFound($"Interview {id}");
        }
        // Tenant-filtered through the interview: the organisation is the one the interview belongs to.
        var organization = await db.Interviews.AsNoTracking().Where(i => i.Id == id)
            .Select(i => db.Organizations.Where(o => o.Id == i.OrganizationId).Select(o => o.Name).First())
            .FirstAsync(cancellationToken);
        var sketches = await db.InterviewTurns.AsNoTracking().Where(t => t.InterviewId == id && t.WhiteboardPng != null)
            .Select(t => new { t.Id, Png = t.WhiteboardPng! }).ToDictionaryAsync(t => t.Id, t => t.Png, cancellationToken);
        var name = new string(results.Interview.Candidate.Name.Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray()).Trim('-');
        return Results.File(ResultsPdf.Build(results, organization, sketches), "application/pdf", $"candor-report-{(name.Length > 0 ? name : id.ToString())}.pdf");
    }

    private static IResult DownloadCsvAsync(HttpContext context, InterviewsCsv csv) =>
        Results.Stream(output => csv.WriteAsync(InterviewFilter.FromQuery(context.Request.Query), output, context.RequestAborted),
            "text/csv; charset=utf-8", $"candor-interviews-{DateTime.UtcNow:yyyyMMdd}.csv");
}
