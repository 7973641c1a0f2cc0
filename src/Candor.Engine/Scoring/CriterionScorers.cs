using Candor.Engine.Interviews;
using Candor.Engine.Questions;
using Candor.Engine.Text;

namespace Candor.Engine.Scoring;

/// <summary>The four criteria, each from the kept sentences only (injection attempts already removed).</summary>
internal static class CriterionScorers
{
    private const int MaxEvidence = 4;

    /// <summary>
    /// By meaning: how squarely the answer's closest sentences address the question, and how much of the rubric
    /// it reaches. A story told to a "tell me about a time" question is on-topic through its rubric points and
    /// its shape, even when its sentences share no words with the question.
    /// </summary>
    public static CriterionScore Relevance(InterviewQuestion question, AnswerUnits units, SemanticMatch match, StarAnalysis star, out double relevance01)
    {
        var fit = Ramp(match.QuestionFit, Tuning.FitFloor, Tuning.FitFull);
        var reach = match.Coverage.Count == 0 ? fit : Math.Min(1, match.CoverageCredit * Tuning.ReachStretch);
        relevance01 = (Tuning.FitWeight * fit) + ((1 - Tuning.FitWeight) * reach);
        if (QuestionKinds.IsBehavioural(question))
        {
            var story = StarAnalysis.AllParts.Count(star.Has) / 4.0;
            relevance01 = Math.Max(relevance01, (0.5 * story) + (0.5 * reach));
        }

        var evidence = match.Coverage.Where(c => c.Credit > 0 && c.Evidence is not null).OrderByDescending(c => c.Similarity).Select(c => c.Evidence!).Take(2);
        var rationale = relevance01 >= 0.7
            ? "Addresses the question directly."
            : relevance01 >= 0.35
                ? "Partly addresses the question."
                : "Does not engage with what was asked.";
        return new CriterionScore(Criteria.Relevance, ToScore(relevance01), rationale, InAnswerOrder(evidence, units.Explaining));
    }

    public static CriterionScore Depth(
        InterviewQuestion question, AnswerUnits units, int explainingWords, double relevance01, SemanticMatch match, Specifics specifics, StarAnalysis star)
    {
        // Short answers cannot be deep however well chosen their words; full credit from about 60 words of explanation.
        var lengthFactor = explainingWords >= 60 ? 1.0 : 0.4 + (0.6 * explainingWords / 60.0);
        double raw;
        string pointsPhrase;
        var coverage = match.Coverage;
        if (coverage.Count > 0)
        {
            var covered = coverage.Count(c => c.Covered);
            raw = (Tuning.DepthCoverageWeight * Math.Min(1, match.CoverageCredit * Tuning.CoverageStretch)) + ((1 - Tuning.DepthCoverageWeight) * specifics.Strength);
            if (QuestionKinds.IsBehavioural(question) && star.Has(StarPart.Action))
            {
                // A behavioural rubric is written in the abstract ("source of the pressure", "outcome"), a good story in
                // the concrete: what the candidate did, in a situation, with a result is itself the evidence asked for.
                // Only a story with the candidate's own action counts, so talk about values earns nothing here.
                var story = StarAnalysis.AllParts.Count(star.Has) / 4.0;
                raw = Math.Max(raw, (Tuning.StoryDepthWeight * story) + ((1 - Tuning.StoryDepthWeight) * Math.Min(1, match.CoverageCredit * Tuning.CoverageStretch)));
            }
            pointsPhrase = $"Made {covered} of {coverage.Count} expected points in substance";
        }
        else
        {
            raw = (0.55 * relevance01) + (0.45 * specifics.Strength);
            pointsPhrase = "No rubric points to check";
        }

        var evidence = coverage.Where(c => c.Covered && c.Evidence is not null).Select(c => c.Evidence!)
            .Concat(specifics.ExampleSentences)
            .Concat(units.Explaining.Where(s => s.Text.Any(char.IsAsciiDigit)).Select(s => s.Text));
        var rationale = $"{pointsPhrase}; {DescribeSpecifics(specifics)}.";
        return new CriterionScore(Criteria.Depth, ToScore(raw * lengthFactor), rationale, InAnswerOrder(evidence, units.Explaining));
    }

    /// <summary>
    /// Behavioural answers: the parts of a story (situation, task, action, result), however they are worded.
    /// Others: reasoning that connects its statements. A well-formed paragraph is never penalised for being one
    /// paragraph; lists of terms are not structure.
    /// </summary>
    public static CriterionScore Structure(InterviewQuestion question, AnswerUnits units, int words, int explainingWords, StarAnalysis star)
    {
        var explaining = units.Explaining;
        var text = string.Join(" ", explaining.Select(s => s.Text));
        var groups = AnswerSignals.StructureCues.Where(g => g.Cue.IsMatch(text)).ToList();
        var statements = explaining.Count(s => Tokenizer.CountWords(s.Text) >= 6);
        var reasoned = 35.0 + (12 * Math.Min(4, groups.Count)) + (5 * Math.Min(4, statements));
        if (explainingWords < 15)
        {
            reasoned = Math.Min(reasoned, 30);
        }

        var listShare = words == 0 ? 0 : (double)units.ListedWords / words;
        reasoned *= 1 - listShare;
        var cues = groups.Count == 0 ? "no reasoning cues" : $"reasoning cues: {string.Join(", ", groups.Select(g => g.Name))}";
        var listNote = units.TermLists.Count > 0 ? "; partly a bare list of terms" : string.Empty;

        if (QuestionKinds.IsBehavioural(question))
        {
            var present = StarAnalysis.AllParts.Where(star.Has).ToList();
            var storyScore = (25.0 * present.Count) * (1 - listShare);
            var rationale = star.Missing.Count == 0
                ? "A complete story: situation, task, action and result."
                : present.Count == 0 ? $"No story: {cues}{listNote}." : $"Story without its {JoinParts(star.Missing)}{listNote}.";
            var score = Math.Max(storyScore, reasoned * 0.8);
            return new CriterionScore(Criteria.Structure, ToScore(score / 100), rationale, InAnswerOrder(present.Select(p => star.Found[p]), explaining));
        }

        var evidence = groups.Select(g => explaining.FirstOrDefault(s => g.Cue.IsMatch(s.Text))?.Text).OfType<string>().Take(3);
        return new CriterionScore(Criteria.Structure, ToScore(reasoned / 100), $"Logical structure: {cues}{listNote}.", InAnswerOrder(evidence, explaining));
    }

    /// <summary>
    /// Clarity earned by what was communicated: explaining sentences that address the question, connected by
    /// reasons. Fluent emptiness, bare term lists, heavy filler and abuse all lower it.
    /// </summary>
    public static CriterionScore Communication(AnswerUnits units, int words, double relevance01, AnswerMode mode)
    {
        if (words == 0)
        {
            return new CriterionScore(Criteria.Communication, 0, "Nothing to assess.", []);
        }

        var speech = mode == AnswerMode.Speech;
        var explaining = units.Explaining;
        var text = string.Join(" ", explaining.Select(s => s.Text));
        var explainShare = 1 - ((double)units.ListedWords / words);
        var reasons = AnswerSignals.StructureCues.Count(g => g.Cue.IsMatch(text));
        var score = 100 * ((0.25 * explainShare) + (0.15 * Math.Min(1, reasons / 2.0)) + (0.60 * relevance01));

        // Speech transcripts are punctuated by the recogniser, so long "sentences" say little about clarity.
        var averageSentence = (double)words / Math.Max(1, explaining.Count + units.TermLists.Count);
        if (averageSentence > 35)
        {
            score -= Math.Min(20, (averageSentence - 35) * 1.0) * (speech ? 0.4 : 1);
        }

        // People say "um" when they speak; only heavy filler hurts a spoken answer.
        var fillers = AnswerSignals.CountFillers(text);
        var fillerRate = fillers * 100.0 / words;
        var fillerPenalty = speech ? Math.Min(20, fillerRate * 1.5) : Math.Min(40, fillerRate * 4);
        score -= fillerPenalty;

        var hostile = explaining.Where(s => HostileLanguageDetector.Contains(s.Text)).Select(s => s.Text).ToList();
        if (hostile.Count > 0)
        {
            score -= 35;
        }

        if (words < 15)
        {
            score = Math.Min(score, 40);
        }

        var parts = new List<string>
        {
            relevance01 >= 0.7 ? "says what was asked" : relevance01 >= 0.35 ? "partly says what was asked" : "says little that was asked",
            $"{fillers} filler word{(fillers == 1 ? "" : "s")} in {words} words{(speech && fillers > 0 ? " (spoken, lightly penalised)" : "")}",
        };
        if (units.TermLists.Count > 0)
        {
            parts.Add("lists terms instead of explaining");
        }

        if (hostile.Count > 0)
        {
            parts.Add("hostile language");
        }

        var evidence = hostile.Concat(fillerPenalty >= 2 ? explaining.Where(s => AnswerSignals.HasFiller(s.Text)).Select(s => s.Text).Take(2) : []);
        return new CriterionScore(Criteria.Communication, ToScore(score / 100), $"Clarity: {string.Join("; ", parts)}.", InAnswerOrder(evidence, explaining));
    }

    private static double Ramp(double value, double floor, double full) => Math.Clamp((value - floor) / (full - floor), 0, 1);

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
