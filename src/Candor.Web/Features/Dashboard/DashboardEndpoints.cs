using Candor.Web.Data;
using Candor.Web.Features.Accounts;
using Candor.Web.Features.Interviews;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Candor.Web.Features.Dashboard;

public sealed record DashboardVersionResponse(string Version);

public static class DashboardEndpoints
{
    /// <summary>
    /// GET /app/dashboard/version: what dashboard-live.js polls. Cookie-authenticated like the page (never an API key),
    /// tenant-filtered, and taking the dashboard's own filter parameters, so it only signals changes the page would show.
    /// </summary>
    public static IEndpointRouteBuilder MapDashboardEndpoints(this IEndpointRouteBuilder app)
    {
        app.MapGet("/app/dashboard/version", VersionAsync).RequireAuthorization(CandorPolicies.ViewResults).ExcludeFromDescription();
        return app;
    }

    private static async Task<Ok<DashboardVersionResponse>> VersionAsync(
        CandorDbContext db, HttpContext http, string? status, [FromQuery(Name = "job_id")] string? jobId, string? recommendation, string? q,
        [FromQuery(Name = "created_from")] string? createdFrom, [FromQuery(Name = "created_to")] string? createdTo, CancellationToken cancellationToken)
    {
        var (filter, errors) = InterviewQuery.Parse(status, jobId, recommendation, q, createdFrom, createdTo, sort: null, order: null);
        errors.ThrowIfAny();
        // A poll must never be answered from a cache: its whole point is to notice change.
        http.Response.Headers.CacheControl = "no-store";
        return TypedResults.Ok(new DashboardVersionResponse(await filter.VersionAsync(db, cancellationToken)));
    }
}
