using System.Text.RegularExpressions;
using Candor.Engine.Questions;
using Candor.Engine.Text;
using Candor.Engine.Text.Embeddings;

namespace Candor.Engine.Scoring;

/// <summary>How close in meaning an answer came to its question and to each rubric point.</summary>
/// <param name="Coverage">Per expected point: the best explaining unit, its similarity and credit.</param>
/// <param name="QuestionFit">0–1: how squarely the answer's strongest sentences address the question.</param>
public sealed record SemanticMatch(IReadOnlyList<PointCoverage> Coverage, double QuestionFit)
{
    /// <summary>0–1: the mean credit over the points (0 when the rubric has none).</summary>
    public double CoverageCredit => Coverage.Count == 0 ? 0 : Coverage.Average(c => c.Credit);
}

/// <summary>
/// Judges rubric coverage by meaning: a point is covered when an explaining unit of the answer says it, in any
/// words. Negated units do not cover a point that is not itself negative ("I would not add an index" never
/// covers "adds an index"), and term lists are not units at all.
/// </summary>
public static partial class SemanticMatcher
{
    /// <summary>Similarity at and above which a point counts as covered.</summary>
    public const double CoveredAt = 0.45;

    /// <summary>Similarity below which a unit earns no credit for a point; credit grows linearly up to <see cref="FullCreditAt"/>.</summary>
    public const double NoCreditBelow = 0.22;

    public const double FullCreditAt = 0.50;

    // Rubric points often open with a verb about the candidate ("Mentions …", "Explains …") that no answer says.
    [GeneratedRegex(@"^(?:mentions|explains|describes|discusses|notes|considers|names|identifies|shows|demonstrates|covers|talks\s+about|understands|knows)\s+(?:that\s+|how\s+)?", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MetaVerb();

    public static SemanticMatch Match(InterviewQuestion question, AnswerUnits units, ISentenceEmbedder embedder)
    {
        var points = question.ExpectedPoints;
        var pointTexts = points.Select(p => MetaVerb().Replace(p, string.Empty)).ToList();
        var texts = new List<string>(units.Units.Count + points.Count + 1) { question.Text };
        texts.AddRange(pointTexts);
        texts.AddRange(units.Units.Select(u => u.Text));
        var vectors = embedder.Embed(texts);
        var questionVector = vectors[0];
        var pointVectors = vectors.Skip(1).Take(points.Count).ToList();
        var unitVectors = vectors.Skip(1 + points.Count).ToList();

        var coverage = new List<PointCoverage>(points.Count);
        for (var p = 0; p < points.Count; p++)
        {
            var pointNegative = AnswerUnitRules.IsNegated(pointTexts[p]);
            var best = 0.0;
            string? evidence = null;
            for (var u = 0; u < unitVectors.Count; u++)
            {
                if (units.Units[u].Negated && !pointNegative)
                {
                    continue;
                }

                var similarity = Vectors.Cosine(pointVectors[p], unitVectors[u]);
                if (similarity > best)
                {
                    best = similarity;
                    evidence = units.Units[u].Sentence;
                }
            }

            var credit = Math.Clamp((best - NoCreditBelow) / (FullCreditAt - NoCreditBelow), 0, 1);
            var covered = best >= CoveredAt;
            coverage.Add(new PointCoverage(points[p], covered, [], [], credit > 0 ? evidence : null, Similarity: Math.Round(best, 4), Credit: credit));
        }

        // The three units closest to the question, averaged: one on-topic phrase does not make an answer on-topic,
        // and a long answer is not diluted by its examples.
        var toQuestion = unitVectors.Select(v => Vectors.Cosine(questionVector, v)).OrderDescending().Take(3).ToList();
        var fit = toQuestion.Count == 0 ? 0 : toQuestion.Average();
        return new SemanticMatch(coverage, fit);
    }
}
