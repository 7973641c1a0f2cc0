namespace Candor.Eval.Metrics;

/// <summary>
/// Puts the app's outputs on the labels' scale. The overall score's cut-offs follow the recommendation thresholds
/// (80 strong hire, 65 hire, 45 lean no) and split the no-hire band at 25: a weak candidate (2) shows some of the
/// skills, a 1 shows none.
/// </summary>
public static class Grades
{
    /// <summary>Inclusive lower bounds of grades 2, 3, 4 and 5 on the 0–100 overall score.</summary>
    public static readonly IReadOnlyList<int> ScoreCutoffs = [25, 45, 65, 80];

    /// <summary>The 1–5 grade an overall score stands for.</summary>
    public static int FromScore(int overall) => 1 + ScoreCutoffs.Count(cutoff => overall >= cutoff);

    /// <summary>
    /// The recommendation as a level 1–4 (no_hire, lean_no, hire, strong_hire). "Not enough evidence" is no hire
    /// decision either way, so it sits with no_hire: it is right for a silent candidate and wrong for a good one.
    /// </summary>
    public static int FromRecommendation(string recommendation) => recommendation switch
    {
        "strong_hire" => 4,
        "hire" => 3,
        "lean_no" or "lean_no_hire" => 2,
        "no_hire" or "insufficient_evidence" => 1,
        _ => throw new ArgumentException($"Unknown recommendation '{recommendation}': teach Grades.FromRecommendation where it sits on the scale."),
    };

    /// <summary>The recommendation level a label calls for: 5 strong hire, 4 hire, 3 lean no, 1–2 no hire.</summary>
    public static int RecommendationLevelForLabel(int label) => Math.Max(1, label - 1);
}
