using Candor.Web.Data;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Providers;

public sealed record AiUsageCallResponse(
    long Id, string Provider, string Model, string Role, int InputTokens, int OutputTokens, int LatencyMs,
    decimal CostUsd, bool Succeeded, string? Error, DateTimeOffset CreatedAt, decimal? AudioSeconds, string? Voice);

public sealed record AiUsageTotals(long InputTokens, long OutputTokens, decimal CostUsd, int Calls, int Failures);

public sealed record InterviewAiUsageResponse(Guid InterviewId, IReadOnlyList<AiUsageCallResponse> Calls, AiUsageTotals Totals);

public static class AiUsageApi
{
    public static RouteGroupBuilder MapAiUsageApi(this RouteGroupBuilder api)
    {
        api.MapGroup("/interviews").WithTags("Interviews")
            .MapGet("/{id:guid}/ai-usage", GetInterviewUsage).RequireScope("interviews:read");
        return api;
    }

    /// <summary>
    /// Every provider call made for one interview (LLM roles, speech_to_text, text_to_speech), with tokens or audio
    /// seconds, estimated cost and outcome, and their totals.
    /// </summary>
    private static async Task<Ok<InterviewAiUsageResponse>> GetInterviewUsage(Guid id, CandorDbContext db, CancellationToken cancellationToken)
    {
        // Both queries are tenant-filtered: another organisation's interview is simply not found.
        if (!await db.Interviews.AnyAsync(i => i.Id == id, cancellationToken))
        {
            throw ApiProblemException.NotFound($"Interview {id}");
        }
        var calls = await db.AiUsages.AsNoTracking()
            .Where(u => u.InterviewId == id)
            .OrderBy(u => u.CreatedAt).ThenBy(u => u.Id)
            .Select(u => new AiUsageCallResponse(u.Id, u.Provider, u.Model, u.Role, u.InputTokens, u.OutputTokens, u.LatencyMs,
                u.CostUsd, u.Succeeded, u.Error, u.CreatedAt, u.AudioSeconds, u.Voice))
            .ToListAsync(cancellationToken);
        var totals = new AiUsageTotals(
            calls.Sum(c => (long)c.InputTokens),
            calls.Sum(c => (long)c.OutputTokens),
            calls.Sum(c => c.CostUsd),
            calls.Count,
            calls.Count(c => !c.Succeeded));
        return TypedResults.Ok(new InterviewAiUsageResponse(id, calls, totals));
    }
}
