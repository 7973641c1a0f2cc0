namespace Candor.Engine.Scoring;

/// <summary>
/// Builds the recruiter's report from per-question outcomes. Questions never asked are left out; questions
/// asked but unanswered count as 0, so walking away from questions cannot raise the overall score.
/// </summary>
/// <remarks>
/// A report only recommends when it has evidence: with fewer usable answers than half the planned questions
/// (ended after 2 of 10, or most answers silent, off-topic or unheard) the recommendation is
/// <see cref="Recommendation.InsufficientEvidence"/>, never a confident no_hire drawn from the zeros.
/// </remarks>
public sealed class ReportBuilder
{
    public const int StrengthAt = 70;
    public const int WeaknessAt = 50;

    /// <summary>
    /// Red flags that make an answer unusable as evidence: nothing (or too little) said, or about something else. An
    /// answer that was only an injection attempt is flagged empty once the injected text is taken out, so it counts
    /// here too. A declined answer ("I don't know", "pass") is not here: the candidate heard the question and chose an
    /// answer a panel can judge, whereas a blank one may be a broken microphone or a lost connection.
    /// </summary>
    public static readonly IReadOnlySet<string> UnusableAnswerFlags = new HashSet<string>(StringComparer.Ordinal)
    {
        RedFlagCodes.EmptyAnswer, RedFlagCodes.OffTopic,
    };

    /// <summary>
    /// An answer that can be judged: given, heard with confidence, and neither empty nor off-topic.
    /// </summary>
    public static bool IsUsable(QuestionOutcome outcome) =>
        outcome is { Asked: true, Evaluation: { } evaluation, LowSpeechConfidence: false }
        && !evaluation.RedFlags.Any(f => UnusableAnswerFlags.Contains(f.Code));

    /// <summary>
    /// Enough evidence to recommend: at least one usable answer, and usable answers for at least half the planned
    /// questions (5 of 10, 4 of 8, 2 of 3, 1 of 1). Fewer, and any score would mostly measure what was not said.
    /// </summary>
    public static bool HasEnoughEvidence(int usableAnswers, int plannedQuestions) =>
        usableAnswers > 0 && usableAnswers * 2 >= plannedQuestions;

    public InterviewReport Build(ReportRequest request)
    {
        var asked = request.Outcomes.Where(o => o.Asked).ToList();
        var answered = asked.Where(o => o.Evaluation is not null).ToList();
        // Questions adaptive difficulty passed over were never the candidate's to answer: they are not missing answers.
        var planCount = request.Outcomes.Count - PassedOver(request.Outcomes);
        // A spoken answer the recogniser was unsure of is set aside, not scored as a weak answer: its words may not be the candidate's.
        var scored = asked.Where(o => !o.LowSpeechConfidence).ToList();
        var assessed = scored.Count(o => o.Evaluation is not null);

        var overall = assessed == 0 ? 0 : Mean(scored.Select(o => o.Evaluation?.Score ?? 0));
        var criterionScores = Scoring.Criteria.All.ToDictionary(
            c => c,
            c => assessed == 0 ? 0 : Mean(scored.Select(o => CriterionOf(o, c))),
            StringComparer.Ordinal);
        var competencies = scored
            .GroupBy(o => o.Question.Competency, StringComparer.Ordinal)
            .Select(g => (Name: g.Key, Score: Mean(g.Select(o => o.Evaluation?.Score ?? 0)), Outcomes: g.ToList()))
            .ToList();
        var competencyScores = competencies.ToDictionary(c => c.Name, c => c.Score, StringComparer.Ordinal);

        var flags = MergeFlags(request, answered.Count, planCount);
        var usable = asked.Count(IsUsable);
        var enoughEvidence = HasEnoughEvidence(usable, planCount);
        var recommendation = enoughEvidence ? Recommend(overall, request.Thresholds, flags) : Recommendation.InsufficientEvidence;
        var strengths = Strengths(competencies, criterionScores, assessed);
        var weaknesses = Weaknesses(competencies, criterionScores, assessed);

        return new InterviewReport(
            overall,
            criterionScores,
            competencyScores,
            strengths,
            weaknesses,
            flags,
            recommendation,
            Summary(overall, asked.Count, answered.Count, assessed, usable, planCount, competencies, flags, recommendation),
            asked.Count,
            answered.Count);
    }

    /// <summary>
    /// Plan questions adaptive difficulty passed over: never asked, yet a later plan question was. Questions are asked
    /// in plan order and adaptive difficulty only ever skips ahead (see DifficultyTracker.Pick), so a gap before the last
    /// asked question is a deliberate pass, while unasked questions after it were simply not reached (the interview
    /// ended) and still count as planned.
    /// </summary>
    public static int PassedOver(IReadOnlyList<QuestionOutcome> outcomes)
    {
        var lastAsked = -1;
        for (var i = outcomes.Count - 1; i >= 0; i--)
        {
            if (outcomes[i].Asked)
            {
                lastAsked = i;
                break;
            }
        }

        return outcomes.Take(lastAsked + 1).Count(o => !o.Asked);
    }

    /// <summary>Threshold recommendation, one level lower when the candidate tried to game or abuse the interview.</summary>
    public static Recommendation Recommend(int overall, RecommendationThresholds thresholds, IReadOnlyList<RedFlag> flags)
    {
        var level = overall >= thresholds.StrongHire ? Recommendation.StrongHire
            : overall >= thresholds.Hire ? Recommendation.Hire
            : overall >= thresholds.LeanNo ? Recommendation.LeanNo
            : Recommendation.NoHire;
        var integrity = flags.Any(f => f.Code is RedFlagCodes.PromptInjection or RedFlagCodes.HostileLanguage);
        return integrity && level != Recommendation.NoHire ? level + 1 : level;
    }

    private static int CriterionOf(QuestionOutcome outcome, string criterion) =>
        outcome.Evaluation?.Criteria.FirstOrDefault(c => c.Criterion == criterion)?.Score ?? 0;

    private static int Mean(IEnumerable<int> scores)
    {
        var list = scores.ToList();
        return list.Count == 0 ? 0 : (int)Math.Round(list.Average(), MidpointRounding.AwayFromZero);
    }

    private static List<RedFlag> MergeFlags(ReportRequest request, int answeredCount, int planCount)
    {
        var flags = request.Outcomes
            .Where(o => o.Evaluation is not null && !o.LowSpeechConfidence)
            .SelectMany(o => o.Evaluation!.RedFlags.Select(f => f.QuestionKey is null ? f with { QuestionKey = o.Question.Key } : f))
            .Concat(request.Outcomes.Where(o => o.Asked && o.LowSpeechConfidence).Select(o => new RedFlag(
                RedFlagCodes.LowSpeechConfidence,
                "Low speech recognition confidence: the transcript of this spoken answer may not be what the candidate said, so it was not scored. Listen to the recording.",
                QuestionKey: o.Question.Key)))
            .Concat(request.InterviewRedFlags)
            .DistinctBy(f => (f.Code, f.QuestionKey, f.Evidence))
            .ToList();
        if (planCount > 0 && answeredCount * 2 < planCount && !flags.Exists(f => f.Code == RedFlagCodes.IncompleteInterview))
        {
            flags.Add(new RedFlag(RedFlagCodes.IncompleteInterview, $"Only {answeredCount} of {planCount} planned questions were answered."));
        }

        return flags;
    }

    private static List<string> Strengths(List<(string Name, int Score, List<QuestionOutcome> Outcomes)> competencies, Dictionary<string, int> criteria, int answered)
    {
        if (answered == 0)
        {
            return [];
        }

        var strengths = new List<string>();
        foreach (var (name, score, outcomes) in competencies.Where(c => c.Score >= StrengthAt).OrderByDescending(c => c.Score))
        {
            var covered = outcomes.SelectMany(o => o.Evaluation?.CoveredPoints ?? []).Take(3).ToList();
            strengths.Add(covered.Count == 0
                ? $"Strong on {Humanize(name)} ({score})."
                : $"Strong on {Humanize(name)} ({score}): covered {string.Join("; ", covered)}.");
        }

        strengths.AddRange(criteria.Where(c => c.Value >= StrengthAt).Select(c => $"Consistently good {c.Key} across answers ({c.Value})."));
        return strengths;
    }

    private static List<string> Weaknesses(List<(string Name, int Score, List<QuestionOutcome> Outcomes)> competencies, Dictionary<string, int> criteria, int answered)
    {
        var weaknesses = new List<string>();
        foreach (var (name, score, outcomes) in competencies.Where(c => c.Score <= WeaknessAt).OrderBy(c => c.Score))
        {
            var missed = outcomes.SelectMany(o => o.Evaluation?.MissedPoints ?? o.Question.ExpectedPoints).Take(3).ToList();
            weaknesses.Add(missed.Count == 0
                ? $"Weak on {Humanize(name)} ({score})."
                : $"Weak on {Humanize(name)} ({score}): missed {string.Join("; ", missed)}.");
        }

        if (answered > 0)
        {
            weaknesses.AddRange(criteria.Where(c => c.Value <= WeaknessAt).Select(c => $"Low {c.Key} across answers ({c.Value})."));
        }

        return weaknesses;
    }

    private static string Summary(
        int overall, int asked, int answered, int assessed, int usable, int planned,
        List<(string Name, int Score, List<QuestionOutcome> Outcomes)> competencies,
        List<RedFlag> flags, Recommendation recommendation)
    {
        var summary = SummaryOfScores(overall, asked, answered, assessed, planned, competencies, flags, recommendation);
        if (recommendation != Recommendation.InsufficientEvidence)
        {
            return summary;
        }

        var why = $"Not enough evidence for a hiring decision: only {usable} of {planned} planned questions got an answer that could be assessed"
            + " (answers that were blank, off-topic or not clearly heard do not count), and at least half are needed."
            + " This is not a judgement of the candidate either way: consider interviewing again.";
        return answered == 0 ? why : $"{why} {summary}";
    }

    private static string SummaryOfScores(
        int overall, int asked, int answered, int assessed, int planned,
        List<(string Name, int Score, List<QuestionOutcome> Outcomes)> competencies,
        List<RedFlag> flags, Recommendation recommendation)
    {
        if (answered == 0)
        {
            return $"No questions were answered ({asked} of {planned} asked), so there is nothing to assess. Recommendation: {Words(recommendation)}.";
        }
        if (assessed == 0)
        {
            return $"Answered {answered} of {planned} planned questions, but speech recognition was unsure of every answer, so none was scored: listen to the recordings. Recommendation: {Words(recommendation)}.";
        }

        var first = $"Answered {answered} of {planned} planned questions ({asked} asked) with an overall score of {overall}; recommendation: {Words(recommendation)}.";
        var best = competencies.OrderByDescending(c => c.Score).First();
        var worst = competencies.OrderBy(c => c.Score).First();
        var second = best.Name == worst.Name
            ? $"All questions assessed {Humanize(best.Name)} ({best.Score})."
            : $"Strongest area: {Humanize(best.Name)} ({best.Score}); weakest: {Humanize(worst.Name)} ({worst.Score}).";
        var third = flags.Count == 0 ? string.Empty : $" Review the red flags: {string.Join(", ", flags.Select(f => Humanize(f.Code)).Distinct(StringComparer.Ordinal))}.";
        var unsure = answered - assessed;
        var fourth = unsure == 0 ? string.Empty
            : $" {unsure} spoken {(unsure == 1 ? "answer had" : "answers had")} low speech recognition confidence and {(unsure == 1 ? "was" : "were")} not scored: listen to the recordings.";
        return $"{first} {second}{third}{fourth}";
    }

    private static string Humanize(string snake) => snake.Replace('_', ' ');

    /// <summary>A recommendation in words for the summary people read ("lean no"): codes stay in the API's fields.</summary>
    private static string Words(Recommendation recommendation) => Humanize(Wire(recommendation));

    /// <summary>The snake_case wire name of a recommendation (strong_hire, hire, lean_no, no_hire, insufficient_evidence).</summary>
    public static string Wire(Recommendation recommendation) => recommendation switch
    {
        Recommendation.StrongHire => "strong_hire",
        Recommendation.Hire => "hire",
        Recommendation.LeanNo => "lean_no",
        Recommendation.NoHire => "no_hire",
        Recommendation.InsufficientEvidence => "insufficient_evidence",
        _ => throw new ArgumentOutOfRangeException(nameof(recommendation), recommendation, null),
    };
}
