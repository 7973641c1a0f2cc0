using Candor.Engine.Scoring;
using Candor.Web.Data;

namespace Candor.Web.Features.CandidateResults;

/// <summary>The words people read for the codes the API speaks; one place so page, PDF and CSV agree.</summary>
public static class ResultsText
{
    public static string Label(Recommendation recommendation) => recommendation switch
    {
        Recommendation.StrongHire => "Strong hire",
        Recommendation.Hire => "Hire",
        Recommendation.LeanNo => "Lean no",
        Recommendation.NoHire => "No hire",
        Recommendation.InsufficientEvidence => "Not enough evidence",
        _ => recommendation.ToString(),
    };

    public static string Label(ReviewDecisionKind decision) => decision switch
    {
        ReviewDecisionKind.Advance => "Advance",
        ReviewDecisionKind.Reject => "Reject",
        ReviewDecisionKind.Hold => "Hold",
        _ => decision.ToString(),
    };

    /// <summary>"problem_solving" → "Problem solving".</summary>
    public static string Humanize(string code) =>
        code.Length == 0 ? code : char.ToUpperInvariant(code[0]) + code[1..].Replace('_', ' ');

    /// <summary>"question 3": question keys are ids, so people read the question's place in the plan instead.</summary>
    public static string Question(Features.Interviews.InterviewResultsResponse results, string? key)
    {
        var index = results.Questions.ToList().FindIndex(q => q.Key == key);
        return index >= 0 ? $"question {index + 1}" : "a question";
    }

    public static string Code<TEnum>(TEnum value) where TEnum : struct, Enum => CandorJson.EnumName(value);

    public static string Date(DateTimeOffset? at) => at is { } value ? value.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture) : "—";

    /// <summary>
    /// Answers with an error status and still sends this page's own explanation. Blazor's endpoint sends a bodyless
    /// response when a component sets 404 (it expects a re-executed not-found page), so a 404 is applied as the
    /// headers go out, after the page has rendered; the status-code-pages middleware is told to leave the body alone.
    /// </summary>
    public static void RespondWithPage(HttpContext context, int statusCode)
    {
        if (context.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodePagesFeature>() is { } statusPages)
        {
            statusPages.Enabled = false;
        }
        if (statusCode == StatusCodes.Status404NotFound)
        {
            context.Response.OnStarting(() =>
            {
                context.Response.StatusCode = statusCode;
                return Task.CompletedTask;
            });
            return;
        }
        context.Response.StatusCode = statusCode;
    }
}
