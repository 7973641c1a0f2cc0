using Candor.Engine.Interviews;
using Candor.Engine.Questions;
using Candor.Engine.Text;

namespace Candor.Engine.Scoring;

/// <summary>The four criteria, each from the kept sentences only (injection attempts already removed).</summary>
internal static class CriterionScorers
{
    private const int MaxEvidence = 4;

    public static CriterionScore Relevance(InterviewQuestion question, IReadOnlyList<Sentence> kept, out double relevance01)
    {
        var reference = Terms.TermSet([question.Text, .. question.Skills, .. question.ExpectedPoints]);
        var answerTerms = kept.SelectMany(s => Terms.ContentTerms(s.Text)).ToList();
        var hits = reference.Where(answerTerms.Contains).Order(StringComparer.Ordinal).ToList();

        // Rationales show the candidate's own words ("indexes"), not stems ("index"), to stay readable.
        var surface = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var token in kept.SelectMany(s => Tokenizer.Tokenize(s.Text)))
        {
            if (Terms.Normalize(token) is { } term)
            {
                surface.TryAdd(term, token);
            }
        }

        // Enough distinct subject terms saturates the score; the share of on-topic words guards against a long
        // off-topic answer that mentions the subject once.
        var target = Math.Clamp((int)Math.Ceiling(reference.Count * 0.3), 3, 8);
        var breadth = Math.Min(1.0, (double)hits.Count / target);
        var density = answerTerms.Count == 0 ? 0 : (double)answerTerms.Count(reference.Contains) / answerTerms.Count;
        relevance01 = (0.75 * breadth) + (0.25 * Math.Min(1.0, density * 3));
        var score = ToScore(relevance01);

        var evidence = kept
            .Select(s => (s.Text, Hits: Terms.TermSet(s.Text).Count(reference.Contains)))
            .Where(s => s.Hits > 0)
            .OrderByDescending(s => s.Hits)
            .Take(2)
            .Select(s => s.Text);
        var rationale = hits.Count == 0
            ? "Does not engage with the subject of the question."
            : $"Uses {hits.Count} of the question's key terms ({string.Join(", ", hits.Take(5).Select(h => surface[h]))}).";
        return new CriterionScore(Criteria.Relevance, score, rationale, InAnswerOrder(evidence, kept));
    }

    public static CriterionScore Depth(
        InterviewQuestion question, IReadOnlyList<Sentence> kept, int words, double relevance01,
        IReadOnlyList<PointCoverage> coverage, Specifics specifics)
    {
        // Short answers cannot be deep however well chosen their words; full credit from about 60 words.
        var lengthFactor = words >= 60 ? 1.0 : 0.45 + (0.55 * words / 60.0);
        double raw;
        string pointsPhrase;
        if (coverage.Count > 0)
        {
            var covered = coverage.Count(c => c.Covered);
            var partial = coverage.Where(c => !c.Covered).Sum(c => c.Ratio) * 0.35;
            raw = (0.75 * ((covered + partial) / coverage.Count)) + (0.25 * specifics.Strength);
            pointsPhrase = $"Covered {covered} of {coverage.Count} expected points";
        }
        else
        {
            raw = (0.55 * relevance01) + (0.45 * specifics.Strength);
            pointsPhrase = "No rubric points to check";
        }

        var evidence = coverage.Where(c => c.Covered && c.Evidence is not null).Select(c => c.Evidence!)
            .Concat(specifics.ExampleSentences)
            .Concat(kept.Where(s => s.Text.Any(char.IsAsciiDigit)).Select(s => s.Text));
        var rationale = $"{pointsPhrase}; {DescribeSpecifics(specifics)}.";
        return new CriterionScore(Criteria.Depth, ToScore(raw * lengthFactor), rationale, InAnswerOrder(evidence, kept));
    }

    public static CriterionScore Structure(InterviewQuestion question, IReadOnlyList<Sentence> kept, string answer, int words, StarAnalysis star)
    {
        if (QuestionKinds.IsBehavioural(question))
        {
            var present = StarAnalysis.AllParts.Where(star.Has).ToList();
            var rationale = star.Missing.Count == 0
                ? "STAR: situation, task, action and result are all present."
                : $"STAR: missing {JoinParts(star.Missing)}.";
            return new CriterionScore(Criteria.Structure, 25 * present.Count, rationale, InAnswerOrder(present.Select(p => star.Found[p]), kept));
        }

        var text = string.Join(" ", kept.Select(s => s.Text));
        var groups = AnswerSignals.StructureCues.Where(g => g.Cue.IsMatch(text)).ToList();
        var score = 30.0 + (14 * groups.Count);
        var paragraphs = 1 + kept.SkipLast(1).Count(s => LineBreakAfter(answer, s));
        var listed = kept.Count(s => s.Text.Length > 1 && (s.Text[0] is '-' or '*' or '•' || (char.IsAsciiDigit(s.Text[0]) && s.Text[1] is '.' or ')')));
        string layout;
        if (paragraphs > 1 || listed > 1)
        {
            score += 8;
            layout = "broken into parts";
        }
        else if (words > 120)
        {
            score -= 10;
            layout = "one long block of text";
        }
        else
        {
            layout = "a single paragraph";
        }

        if (kept.Count == 1 && words > 40)
        {
            score -= 10;
            layout = "one run-on sentence";
        }

        if (words < 15)
        {
            score = Math.Min(score, 30);
        }

        var cues = groups.Count == 0 ? "no reasoning cues" : $"reasoning cues: {string.Join(", ", groups.Select(g => g.Name))}";
        var evidence = groups.Select(g => kept.FirstOrDefault(s => g.Cue.IsMatch(s.Text))?.Text).OfType<string>().Take(3);
        return new CriterionScore(Criteria.Structure, ToScore(score / 100), $"Logical structure: {cues}; {layout}.", InAnswerOrder(evidence, kept));
    }

    public static CriterionScore Communication(IReadOnlyList<Sentence> kept, int words, AnswerMode mode)
    {
        if (words == 0)
        {
            return new CriterionScore(Criteria.Communication, 0, "Nothing to assess.", []);
        }

        var speech = mode == AnswerMode.Speech;
        var text = string.Join(" ", kept.Select(s => s.Text));
        var score = 92.0;

        // Speech transcripts are punctuated by the recogniser, so long "sentences" say little about clarity.
        var averageSentence = (double)words / Math.Max(1, kept.Count);
        if (averageSentence > 28)
        {
            score -= Math.Min(25, (averageSentence - 28) * 1.5) * (speech ? 0.4 : 1);
        }

        var terms = Terms.ContentTerms(text);
        var diversity = terms.Count == 0 ? 1 : (double)terms.Distinct(StringComparer.Ordinal).Count() / terms.Count;
        if (terms.Count >= 20 && diversity < 0.45)
        {
            score -= Math.Min(25, (0.45 - diversity) * 100);
        }

        // People say "um" when they speak; only heavy filler hurts a spoken answer.
        var fillers = AnswerSignals.CountFillers(text);
        var fillerRate = fillers * 100.0 / words;
        var fillerPenalty = speech ? Math.Min(20, fillerRate * 1.5) : Math.Min(40, fillerRate * 4);
        score -= fillerPenalty;

        var hostile = kept.Where(s => HostileLanguageDetector.Contains(s.Text)).Select(s => s.Text).ToList();
        if (hostile.Count > 0)
        {
            score -= 35;
        }

        if (words < 15)
        {
            score = Math.Min(score, 50);
        }

        var parts = new List<string> { $"average sentence {averageSentence:0} words", $"{fillers} filler word{(fillers == 1 ? "" : "s")} in {words} words{(speech && fillers > 0 ? " (spoken, lightly penalised)" : "")}" };
        if (terms.Count >= 20 && diversity < 0.45)
        {
            parts.Add("repetitive wording");
        }

        if (hostile.Count > 0)
        {
            parts.Add("hostile language");
        }

        var evidence = hostile.Concat(fillerPenalty >= 2 ? kept.Where(s => AnswerSignals.HasFiller(s.Text)).Select(s => s.Text).Take(2) : []);
        return new CriterionScore(Criteria.Communication, ToScore(score / 100), $"Clarity: {string.Join("; ", parts)}.", InAnswerOrder(evidence, kept));
    }

    /// <summary>
    /// Whether the spacing right after a sentence holds a line break. Only that spacing counts, not everything up
    /// to the next kept sentence: an injected paragraph that was removed must not leave its breaks behind.
    /// </summary>
    private static bool LineBreakAfter(string answer, Sentence sentence)
    {
        for (var i = sentence.End; i < answer.Length && char.IsWhiteSpace(answer[i]); i++)
        {
            if (answer[i] == '\n')
            {
                return true;
            }
        }

        return false;
    }

    internal static int ToScore(double zeroToOne) => (int)Math.Round(Math.Clamp(zeroToOne, 0, 1) * 100, MidpointRounding.AwayFromZero);

    internal static string JoinParts(IReadOnlyList<StarPart> parts)
    {
        var names = parts.Select(p => p.ToString().ToLowerInvariant()).ToList();
        return names.Count <= 1 ? string.Concat(names) : $"{string.Join(", ", names.Take(names.Count - 1))} and {names[^1]}";
    }

    private static string DescribeSpecifics(Specifics specifics)
    {
        var kinds = new List<string>();
        if (specifics.Numbers.Count > 0)
        {
            kinds.Add("numbers");
        }

        if (specifics.NamedThings.Count > 0)
        {
            kinds.Add($"named tools ({string.Join(", ", specifics.NamedThings.Take(3))})");
        }

        if (specifics.ExampleSentences.Count > 0)
        {
            kinds.Add("a concrete example");
        }

        return kinds.Count == 0 ? "no concrete specifics" : $"specifics: {string.Join(", ", kinds)}";
    }

    // Evidence reads best in the order the candidate said it; duplicates and more than a handful add nothing.
    private static IReadOnlyList<string> InAnswerOrder(IEnumerable<string> quotes, IReadOnlyList<Sentence> kept)
    {
        var wanted = quotes.ToHashSet(StringComparer.Ordinal);
        return [.. kept.Where(s => wanted.Contains(s.Text)).Select(s => s.Text).Distinct(StringComparer.Ordinal).Take(MaxEvidence)];
    }
}
