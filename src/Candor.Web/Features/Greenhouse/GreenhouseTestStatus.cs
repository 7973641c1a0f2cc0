using System.Globalization;
using Candor.Engine.Questions;
using Candor.Web.Data;
using Candor.Web.Data.Entities;

namespace Candor.Web.Features.Greenhouse;

/// <summary>Describes a Candor interview in Greenhouse's test_status terms.</summary>
public static class GreenhouseTestStatus
{
    /// <summary>
    /// The only partner_status Greenhouse acts on: the result is final, it stops polling and shows the result with
    /// partner_profile_url. Greenhouse documents no other state: any other value means "not yet", so Candor's other
    /// values just say where the test stands.
    /// </summary>
    public const string Complete = "complete";

    public const string Sent = "sent";
    public const string InProgress = "in_progress";
    public const string Scoring = "scoring";

    /// <summary>
    /// <paramref name="interview"/> must come with its turns (for the per-kind scores). Metadata keys are
    /// labels because Greenhouse shows them as they are next to the score. A test that expired unused or was
    /// cancelled is final too, and Greenhouse has no state for it but "complete": it is reported complete
    /// without a score, its metadata saying what happened, so Greenhouse stops waiting for a result that will never come.
    /// </summary>
    public static GreenhouseTestStatusResponse Describe(Interview interview, string publicBaseUrl)
    {
        var baseUrl = publicBaseUrl.TrimEnd('/');
        var metadata = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["Candor Status"] = CandorJson.EnumName(interview.Status),
            ["Started At"] = Timestamp(interview.StartedAt),
            ["Completed At"] = Timestamp(interview.EndedAt),
            ["Results API"] = $"{baseUrl}/api/v1/interviews/{interview.Id}/results",
        };
        var profileUrl = $"{baseUrl}/app/interviews/{interview.Id}";

        switch (interview.Status)
        {
            case InterviewStatus.Expired:
                metadata["Outcome"] = "Not taken: the candidate's link expired before they started";
                return new GreenhouseTestStatusResponse(Complete, profileUrl, null, metadata);
            case InterviewStatus.Cancelled:
                metadata["Outcome"] = "Cancelled in Candor before the candidate finished";
                return new GreenhouseTestStatusResponse(Complete, profileUrl, null, metadata);
            case InterviewStatus.Scheduled:
                return new GreenhouseTestStatusResponse(Sent, profileUrl, null, metadata);
            case InterviewStatus.InProgress:
                return new GreenhouseTestStatusResponse(InProgress, profileUrl, null, metadata);
        }
        if (interview.ReportStatus != ReportStatus.Ready || interview.Report is not { } report)
        {
            return new GreenhouseTestStatusResponse(Scoring, profileUrl, null, metadata);
        }

        metadata["Outcome"] = "Completed";
        metadata["Recommendation"] = CandidateResults.ResultsText.Label(report.Recommendation);
        metadata["Technical Score"] = KindScore(interview, QuestionKind.Technical, QuestionKind.Scenario);
        metadata["Behavioural Score"] = KindScore(interview, QuestionKind.Behavioural, QuestionKind.Situational);
        metadata["Communication Score"] = report.CriterionScores.TryGetValue("communication", out var communication) ? communication : null;
        metadata["End Reason"] = interview.EndReason is { } reason ? Label(CandorJson.EnumName(reason)) : null;
        metadata["Questions Answered"] = $"{report.QuestionsAnswered} of {interview.Plan.Count}";
        return new GreenhouseTestStatusResponse(Complete, profileUrl, Math.Clamp(report.Overall, 0, 100), metadata);
    }

    /// <summary>The mean final score (0–100) of the answered plan questions of these kinds; null when none.</summary>
    private static int? KindScore(Interview interview, params QuestionKind[] kinds)
    {
        var scores = interview.Plan.Where(q => kinds.Contains(q.Kind))
            .Select(q => interview.Turns.Where(t => t.QuestionKey == q.Key && t.Evaluation is not null)
                .OrderBy(t => t.Sequence).LastOrDefault()?.Evaluation?.Score)
            .OfType<int>().ToList();
        return scores.Count == 0 ? null : (int)Math.Round(scores.Average(), MidpointRounding.AwayFromZero);
    }

    private static string? Timestamp(DateTimeOffset? at) => at?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>"strong_hire" → "Strong hire".</summary>
    private static string Label(string snake) => snake.Length == 0 ? snake : char.ToUpperInvariant(snake[0]) + snake[1..].Replace('_', ' ');
}
