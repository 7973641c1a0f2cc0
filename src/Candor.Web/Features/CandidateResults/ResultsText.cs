using Candor.Engine.Scoring;
using Candor.Web.Data;
using Candor.Web.Data.Entities;

namespace Candor.Web.Features.CandidateResults;

/// <summary>
/// The words people read for the codes the API speaks: one place, so the results page, shared report, dashboard, PDF
/// and e-mails agree. Codes (lean_no, off_topic) stay in the API, webhooks and CSV; people never read them.
/// </summary>
public static partial class ResultsText
{
    // Keyed by wire code rather than enum member, so a recommendation the engine adds reads well here at once.
    private static readonly Dictionary<string, string> RecommendationWords = new(StringComparer.Ordinal)
    {
        ["strong_hire"] = "Strong hire",
        ["hire"] = "Hire",
        ["lean_no"] = "Lean no",
        ["no_hire"] = "No hire",
        ["insufficient_evidence"] = "Not enough evidence",
    };

    private static readonly Dictionary<string, string> RedFlagWords = new(StringComparer.Ordinal)
    {
        [RedFlagCodes.EmptyAnswer] = "Empty answer",
        [RedFlagCodes.EvasiveAnswer] = "Evasive answer",
        [RedFlagCodes.PromptInjection] = "Tried to instruct the AI",
        [RedFlagCodes.HostileLanguage] = "Hostile language",
        [RedFlagCodes.OffTopic] = "Off topic",
        [RedFlagCodes.IncompleteInterview] = "Incomplete interview",
        [RedFlagCodes.LowSpeechConfidence] = "Low speech recognition confidence",
        ["abandoned"] = "Stopped responding",
        ["ended_early"] = "Ended early",
    };

    public static string Label(Recommendation recommendation) => RecommendationLabel(CandorJson.EnumName(recommendation));

    /// <summary>A recommendation's words from its wire code ("lean_no" → "Lean no").</summary>
    public static string RecommendationLabel(string code) => RecommendationWords.GetValueOrDefault(code) ?? Humanize(code);

    /// <summary>A red flag's name ("prompt_injection" → "Tried to instruct the AI"); unknown codes are humanized.</summary>
    public static string RedFlagLabel(string code) => RedFlagWords.GetValueOrDefault(code) ?? Humanize(code);

    public static string Label(InterviewStatus status) => status switch
    {
        InterviewStatus.InProgress => "In progress",
        _ => Humanize(CandorJson.EnumName(status)),
    };

    public static string Label(Candor.Engine.Interviews.TurnKind kind) => kind switch
    {
        Candor.Engine.Interviews.TurnKind.Intro => "Introduction",
        Candor.Engine.Interviews.TurnKind.FollowUp => "Follow-up",
        _ => kind.ToString(),
    };

    public static string Label(ReviewDecisionKind decision) => decision switch
    {
        ReviewDecisionKind.Advance => "Advance",
        ReviewDecisionKind.Reject => "Reject",
        ReviewDecisionKind.Hold => "Hold",
        _ => decision.ToString(),
    };

    /// <summary>
    /// Text written for people that may still carry codes: summaries stored before the engine wrote words, or an
    /// AI writer echoing "recommendation: lean_no". Each known recommendation or red-flag code becomes its words.
    /// </summary>
    public static string Prose(string text) => KnownCode().Replace(text, match =>
        (RecommendationWords.GetValueOrDefault(match.Value) ?? RedFlagWords[match.Value]).ToLowerInvariant());

    /// <summary>
    /// How many questions were answered, read the same everywhere: "Incomplete — 2 of 10 questions answered" when the
    /// candidate stopped early (see <see cref="Completeness"/>), else "10 of 10 questions answered".
    /// </summary>
    public static string Answered(InterviewStatus status, int answered, int planned) =>
        Completeness.IsIncomplete(status, answered, planned)
            ? $"Incomplete — {answered} of {planned} {(planned == 1 ? "question" : "questions")} answered"
            : $"{answered} of {planned} {(planned == 1 ? "question" : "questions")} answered";

    /// <summary>Every code a person must never read, for <see cref="Prose"/> (longest first, whole words only).</summary>
    [System.Text.RegularExpressions.GeneratedRegex(@"\b(strong_hire|lean_no|no_hire|insufficient_evidence|empty_answer|evasive_answer|prompt_injection|hostile_language|off_topic|incomplete_interview|low_speech_confidence|ended_early)\b")]
    private static partial System.Text.RegularExpressions.Regex KnownCode();

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
