namespace Candor.Eval;

/// <summary>Where the checked-in calibration set, thresholds and results live.</summary>
public static class EvalPaths
{
    /// <summary>The checkout holding Candor.slnx: above the current directory, else above the running assembly.</summary>
    public static string RepositoryRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Candor.slnx")))
                {
                    return dir.FullName;
                }
            }
        }
        throw new DirectoryNotFoundException($"Candor.slnx not found above {Directory.GetCurrentDirectory()} or {AppContext.BaseDirectory}.");
    }

    public static string CalibrationDirectory => Path.Combine(RepositoryRoot(), "eval", "calibration");

    /// <summary>Jobs written without tuning the evaluator on them: measured and reported beside the calibration set, never gated.</summary>
    public static string HoldoutDirectory => Path.Combine(RepositoryRoot(), "eval", "holdout");

    public static string ThresholdsFile => Path.Combine(RepositoryRoot(), "eval", "thresholds.json");

    /// <summary>eval/results/latest.json for the offline evaluator (the validity card's figures), latest-llm.json for an LLM run.</summary>
    public static string ResultsFile(string profile) =>
        Path.Combine(RepositoryRoot(), "eval", "results", profile == Metrics.EvalProfile.Offline ? "latest.json" : "latest-llm.json");
}
