namespace Candor.Eval.Metrics;

/// <summary>
/// Agreement statistics between human labels and machine scores, as pure functions. Each returns
/// <see cref="double.NaN"/> when it is undefined (fewer than two items, no variance, no comparable pair).
/// </summary>
public static class Statistics
{
    /// <summary>Ranks from 1, ties sharing the average of the ranks they span (as scipy.stats.rankdata's "average").</summary>
    public static double[] AverageRanks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }
            var rank = ((start + 1) + (end + 1)) / 2.0;
            for (var k = start; k <= end; k++)
            {
                ranks[order[k]] = rank;
            }
            start = end + 1;
        }
        return ranks;
    }

    public static double Pearson(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        RequireSameLength(x, y);
        if (x.Count < 2)
        {
            return double.NaN;
        }
        var meanX = x.Average();
        var meanY = y.Average();
        double covariance = 0, varianceX = 0, varianceY = 0;
        for (var i = 0; i < x.Count; i++)
        {
            covariance += (x[i] - meanX) * (y[i] - meanY);
            varianceX += (x[i] - meanX) * (x[i] - meanX);
            varianceY += (y[i] - meanY) * (y[i] - meanY);
        }
        return varianceX == 0 || varianceY == 0 ? double.NaN : covariance / Math.Sqrt(varianceX * varianceY);
    }

    /// <summary>Spearman's rank correlation with tie correction: Pearson's r of the average ranks (as scipy.stats.spearmanr).</summary>
    public static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        RequireSameLength(x, y);
        return Pearson(AverageRanks(x), AverageRanks(y));
    }

    /// <summary>
    /// Cohen's kappa with quadratic weights between two integer ratings of the same items: 1 is perfect agreement,
    /// 0 what chance gives, negative worse than chance. The weights are (i − j)², so the rating scale's width cancels
    /// out (as sklearn's cohen_kappa_score(weights="quadratic")).
    /// </summary>
    public static double QuadraticWeightedKappa(IReadOnlyList<int> a, IReadOnlyList<int> b)
    {
        RequireSameLength(a, b);
        if (a.Count == 0)
        {
            return double.NaN;
        }
        var min = Math.Min(a.Min(), b.Min());
        var size = Math.Max(a.Max(), b.Max()) - min + 1;
        var observed = new double[size, size];
        var histogramA = new double[size];
        var histogramB = new double[size];
        for (var i = 0; i < a.Count; i++)
        {
            observed[a[i] - min, b[i] - min]++;
            histogramA[a[i] - min]++;
            histogramB[b[i] - min]++;
        }

        double disagreement = 0, chanceDisagreement = 0;
        for (var i = 0; i < size; i++)
        {
            for (var j = 0; j < size; j++)
            {
                var weight = (double)(i - j) * (i - j);
                disagreement += weight * observed[i, j];
                chanceDisagreement += weight * histogramA[i] * histogramB[j] / a.Count;
            }
        }
        return chanceDisagreement == 0 ? double.NaN : 1 - (disagreement / chanceDisagreement);
    }

    /// <summary>
    /// Of all pairs the labels order (different labels), the share the scores order the same way; a tie in score
    /// counts as half (the concordance index).
    /// </summary>
    public static double PairwiseAccuracy(IReadOnlyList<int> labels, IReadOnlyList<double> scores) =>
        PairwiseAgreement(labels, scores).Accuracy;

    /// <summary>As <see cref="PairwiseAccuracy"/>, with the number of pairs compared.</summary>
    public static (double Accuracy, int Pairs) PairwiseAgreement(IReadOnlyList<int> labels, IReadOnlyList<double> scores)
    {
        RequireSameLength(labels, scores);
        double agreed = 0;
        var pairs = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            for (var j = i + 1; j < labels.Count; j++)
            {
                if (labels[i] == labels[j])
                {
                    continue;
                }
                pairs++;
                var scoreOrder = Math.Sign(scores[i] - scores[j]);
                agreed += scoreOrder == 0 ? 0.5 : scoreOrder == Math.Sign(labels[i] - labels[j]) ? 1 : 0;
            }
        }
        return (pairs == 0 ? double.NaN : agreed / pairs, pairs);
    }

    private static void RequireSameLength<TA, TB>(IReadOnlyList<TA> a, IReadOnlyList<TB> b)
    {
        if (a.Count != b.Count)
        {
            throw new ArgumentException($"The two series differ in length ({a.Count} and {b.Count}).");
        }
    }
}
