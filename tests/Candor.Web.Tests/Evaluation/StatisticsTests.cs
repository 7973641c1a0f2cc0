using Candor.Eval.Metrics;

namespace Candor.Web.Tests.Evaluation;

/// <summary>The agreement statistics against values computed by hand or published by scipy and sklearn.</summary>
public sealed class StatisticsTests
{
    [Fact]
    public void Tied_values_share_the_average_of_their_ranks()
    {
        // scipy.stats.rankdata([0, 2, 3, 2]) == [1, 2.5, 4, 2.5]
        Statistics.AverageRanks([0, 2, 3, 2]).ShouldBe([1, 2.5, 4, 2.5]);
        Statistics.AverageRanks([7, 7, 7]).ShouldBe([2, 2, 2]);
    }

    [Fact]
    public void Spearman_matches_scipy_with_ties()
    {
        // The example of scipy.stats.spearmanr's documentation: statistic=0.8207826816681233.
        Statistics.Spearman([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]).ShouldBe(0.8207826816681233, 1e-12);
    }

    [Fact]
    public void Spearman_sees_only_order()
    {
        Statistics.Spearman([1, 2, 3, 4], [1, 4, 9, 16]).ShouldBe(1, 1e-12);
        Statistics.Spearman([1, 2, 3, 4], [40, 30, 20, 10]).ShouldBe(-1, 1e-12);
        double.IsNaN(Statistics.Spearman([1, 2, 3], [5, 5, 5])).ShouldBeTrue("no variance: undefined");
        double.IsNaN(Statistics.Spearman([1], [1])).ShouldBeTrue();
    }

    [Fact]
    public void Pearson_matches_a_hand_computation()
    {
        // mean x 2, mean y 13/3: covariance 5, variances 2 and 38/3 → 5 / sqrt(76/3).
        Statistics.Pearson([1, 2, 3], [2, 4, 7]).ShouldBe(0.9933992677987828, 1e-12);
    }

    [Fact]
    public void Quadratic_weighted_kappa_matches_hand_computed_values()
    {
        Statistics.QuadraticWeightedKappa([1, 2, 3, 4, 5], [1, 2, 3, 4, 5]).ShouldBe(1, 1e-12);
        // Observed disagreement (3−2)² = 1; expected under chance Σ (i−j)² · ha[i] · hb[j] / n = 9/3 = 3.
        Statistics.QuadraticWeightedKappa([1, 2, 3], [1, 2, 2]).ShouldBe(2.0 / 3, 1e-12);
        // Two categories: the weights are 0/1, so this is Cohen's kappa, 0.5 (sklearn cohen_kappa_score gives the same).
        Statistics.QuadraticWeightedKappa([1, 1, 2, 2], [1, 2, 2, 2]).ShouldBe(0.5, 1e-12);
        Statistics.QuadraticWeightedKappa([1, 2, 3], [3, 2, 1]).ShouldBe(-1, 1e-12);
    }

    [Fact]
    public void Quadratic_weighted_kappa_punishes_far_misses_more_than_near_ones()
    {
        var near = Statistics.QuadraticWeightedKappa([1, 2, 3, 4, 5], [2, 2, 3, 4, 5]);
        var far = Statistics.QuadraticWeightedKappa([1, 2, 3, 4, 5], [5, 2, 3, 4, 5]);
        near.ShouldBeGreaterThan(far);
        double.IsNaN(Statistics.QuadraticWeightedKappa([3, 3], [3, 3])).ShouldBeTrue("both raters constant: undefined");
    }

    [Fact]
    public void Pairwise_accuracy_counts_pairs_the_labels_order_with_score_ties_as_half()
    {
        Statistics.PairwiseAccuracy([1, 2, 3], [10, 30, 20]).ShouldBe(2.0 / 3, 1e-12);
        Statistics.PairwiseAccuracy([1, 2], [5, 5]).ShouldBe(0.5);
        // The pair with equal labels is not compared.
        Statistics.PairwiseAgreement([1, 1, 2], [9, 1, 5]).ShouldBe((0.5, 2));
        double.IsNaN(Statistics.PairwiseAccuracy([4, 4], [1, 2])).ShouldBeTrue();
    }

    [Fact]
    public void Series_of_different_lengths_are_refused()
    {
        Should.Throw<ArgumentException>(() => Statistics.Spearman([1, 2], [1]));
        Should.Throw<ArgumentException>(() => Statistics.QuadraticWeightedKappa([1, 2], [1]));
    }
}
