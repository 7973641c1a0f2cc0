using System.Collections.Concurrent;
using Candor.Engine.Questions;
using Candor.Engine.Scoring.Injection;
using Candor.Engine.Text;
using Candor.Engine.Text.Embeddings;

namespace Candor.Engine.Scoring;

/// <summary>
/// The rule-based evaluator: scores one answer on relevance, depth, structure and communication against its
/// question's rubric. Pure and deterministic: the same request always gives the same evaluation.
/// </summary>
/// <remarks>
/// Attempts to instruct the evaluator (<see cref="InjectionDetector"/>) are removed, whole sentences and whole
/// fake role blocks, before anything is measured, and only quoted as the red flag's evidence; so an injected
/// answer never outscores the same answer without the injection.
/// </remarks>
public sealed class AnswerScorer(ISentenceEmbedder embedder)
{
    /// <summary>The scorer with the bundled sentence-embedding model (loaded once per process, on first use).</summary>
    public AnswerScorer()
        : this(MiniLmSentenceEmbedder.Shared)
    {
    }

    /// <summary>Answers with fewer words than this are treated as empty.</summary>
    public const int MinimumWords = 5;

    /// <summary>Relevance below this on an answer of <see cref="OffTopicMinWords"/>+ words is flagged off_topic.</summary>
    public const int OffTopicRelevance = 25;

    public const int OffTopicMinWords = 15;

    public AnswerEvaluation Score(EvaluationRequest request) => Analyze(request).Evaluation;

    // Scoring is a pure function of (question, answer, mode), and the interviewer re-reads every asked
    // question on each turn while the scoring job reads the same answer again: remember recent analyses.
    // Bounded: cleared when full, which costs one recomputation per entry at worst.
    private const int MemoLimit = 4096;
    private static readonly ConcurrentDictionary<string, AnswerAnalysis> Memo = new(StringComparer.Ordinal);

    /// <summary>The evaluation plus the signals behind it (used by the follow-up planner).</summary>
    public AnswerAnalysis Analyze(EvaluationRequest request)
    {
        var key = MemoKey(request);
        if (Memo.TryGetValue(key, out var known))
        {
            return known;
        }

        var analysis = Compute(request);
        if (Memo.Count >= MemoLimit)
        {
            Memo.Clear();
        }
        Memo[key] = analysis;
        return analysis;
    }

    private string MemoKey(EvaluationRequest request)
    {
        var q = request.Question;
        const char separator = '\u001f';
        return string.Join(separator, [embedder.Name, q.Key, q.Text, q.Kind.ToString(), q.Competency, string.Join('\u001e', q.ExpectedPoints),
            string.Join('\u001e', q.Skills), request.Mode.ToString(), request.Answer ?? string.Empty]);
    }

    private AnswerAnalysis Compute(EvaluationRequest request)
    {
        var question = request.Question;
        var answer = request.Answer ?? string.Empty;
        var injection = InjectionDetector.Scan(answer);
        var kept = injection.Kept;
        var keptText = injection.CleanText;
        var words = Tokenizer.CountWords(keptText);

        var flags = new List<RedFlag>();
        if (injection.Found)
        {
            flags.Add(InjectionFlag(injection, question.Key));
        }

        if (kept.FirstOrDefault(s => HostileLanguageDetector.Contains(s.Text)) is { } hostile)
        {
            flags.Add(new RedFlag(RedFlagCodes.HostileLanguage, "Used abusive or profane language.", hostile.Text, question.Key));
        }

        var evasive = EvasiveAnswerDetector.IsEvasive(keptText);
        var units = AnswerUnits.From(kept);
        var star = StarDetector.Analyze(units.Explaining);
        var specifics = AnswerSignals.FindSpecifics(units.Explaining);

        if (evasive || words < MinimumWords)
        {
            flags.Add(evasive
                ? new RedFlag(RedFlagCodes.EvasiveAnswer, "Declined to answer the question.", kept[0].Text, question.Key)
                : new RedFlag(RedFlagCodes.EmptyAnswer, words == 0 ? "No answer was given." : "The answer was too short to assess.", kept.Count > 0 ? kept[0].Text : null, question.Key));
            // Coverage is deliberately ignored: a four-word answer that names a term has not explained anything.
            var silent = NoAnswer(question, flags, evasive);
            var uncovered = question.ExpectedPoints.Select(p => new PointCoverage(p, false, [], [], null)).ToList();
            return new AnswerAnalysis(silent, kept, keptText, words, IsSilent: evasive || words == 0, star, uncovered, specifics);
        }

        var match = SemanticMatcher.Match(question, units, embedder);
        var coverage = match.Coverage;
        var explainingWords = units.Explaining.Sum(s => Tokenizer.CountWords(s.Text));

        var relevance = CriterionScorers.Relevance(question, units, match, star, out var relevance01);
        var depth = CriterionScorers.Depth(question, units, explainingWords, relevance01, match, specifics, star);
        var structure = CriterionScorers.Structure(question, units, words, explainingWords, star);
        var communication = CriterionScorers.Communication(units, words, relevance01, request.Mode);

        var stuffing = AnswerPatterns.Stuffing(units, words, question.Key);
        if (stuffing is not null)
        {
            flags.Add(stuffing);
        }

        var rambling = stuffing is null ? AnswerPatterns.Rambling(units, explainingWords, match, specifics, star, question.Key) : null;
        if (rambling is not null)
        {
            flags.Add(rambling);
        }

        var offTopic = rambling is null && relevance.Score < OffTopicRelevance && words >= OffTopicMinWords;
        if (offTopic)
        {
            flags.Add(new RedFlag(RedFlagCodes.OffTopic, "The answer does not address the question.", kept[0].Text, question.Key));
        }

        IReadOnlyList<CriterionScore> criteria = [relevance, depth, structure, communication];
        var overall = Overall(question.Kind, relevance.Score, depth.Score, structure.Score, communication.Score);
        if (offTopic)
        {
            // A fluent, specific answer to a different question is still not an answer to this one.
            overall = Math.Min(overall, relevance.Score);
        }

        if (rambling is not null)
        {
            // Talk that never reaches a point earns nothing for its length or its polish.
            overall = Math.Min(overall, Tuning.RamblingCap);
        }

        var evaluation = new AnswerEvaluation(
            overall,
            criteria,
            [.. coverage.Where(c => c.Covered).Select(c => c.Point)],
            [.. coverage.Where(c => !c.Covered).Select(c => c.Point)],
            flags,
            Feedback(coverage, criteria, flags));
        return new AnswerAnalysis(evaluation, kept, keptText, words, IsSilent: false, star, coverage, specifics);
    }

    /// <summary>The prompt_injection red flag: what was tried, quoting the first attempt whole.</summary>
    private static RedFlag InjectionFlag(InjectionScan injection, string questionKey)
    {
        var tried = string.Join(", ", injection.Findings.Select(f => f.Describe()).Distinct(StringComparer.Ordinal));
        var ignored = injection.Removed.Count;
        return new RedFlag(
            RedFlagCodes.PromptInjection,
            $"Tried to instruct the interviewer or evaluator ({tried}); {ignored} sentence{(ignored == 1 ? " was" : "s were")} ignored for scoring.",
            injection.Findings[0].Evidence,
            questionKey);
    }

    /// <summary>Weights per question kind: technical answers live on depth, behavioural ones on structure too.</summary>
    public static (double Relevance, double Depth, double Structure, double Communication) WeightsFor(QuestionKind kind) => kind switch
    {
        QuestionKind.Technical => (0.25, 0.45, 0.10, 0.20),
        QuestionKind.Behavioural => (0.20, 0.30, 0.30, 0.20),
        QuestionKind.Situational => (0.25, 0.35, 0.20, 0.20),
        _ => (0.20, 0.45, 0.15, 0.20),
    };

    internal static int Overall(QuestionKind kind, int relevance, int depth, int structure, int communication)
    {
        var w = WeightsFor(kind);
        var weighted = (w.Relevance * relevance) + (w.Depth * depth) + (w.Structure * structure) + (w.Communication * communication);
        return Math.Clamp((int)Math.Round(weighted, MidpointRounding.AwayFromZero), 0, 100);
    }

    private static AnswerEvaluation NoAnswer(InterviewQuestion question, List<RedFlag> flags, bool evasive)
    {
        var why = evasive ? "The candidate declined to answer." : "Blank or too short to assess.";
        IReadOnlyList<CriterionScore> criteria = [.. Criteria.All.Select(c => new CriterionScore(c, 0, why, []))];
        return new AnswerEvaluation(
            0,
            criteria,
            [],
            [.. question.ExpectedPoints],
            flags,
            evasive ? "The candidate declined to answer this question." : "The answer was blank or too short to assess.");
    }

    private static string Feedback(IReadOnlyList<PointCoverage> coverage, IReadOnlyList<CriterionScore> criteria, List<RedFlag> flags)
    {
        var first = coverage.Count == 0
            ? "No rubric points were defined for this question."
            : $"Made {coverage.Count(c => c.Covered)} of {coverage.Count} expected points in substance.";
        if (flags.Count > 0)
        {
            return $"{first} Flagged for review: {string.Join(", ", flags.Select(f => f.Code.Replace('_', ' ')))}.";
        }

        var best = criteria.OrderByDescending(c => c.Score).First();
        var worst = criteria.OrderBy(c => c.Score).First();
        return best.Score == worst.Score
            ? $"{first} Even across all criteria ({best.Score})."
            : $"{first} Strongest on {best.Criterion} ({best.Score}), weakest on {worst.Criterion} ({worst.Score}).";
    }
}
