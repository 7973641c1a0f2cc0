using System.Globalization;
using Candor.Eval.Metrics;

namespace Candor.Eval;

internal sealed class EvalOptions
{
    public const string Usage = """
        Candor.Eval: measures the evaluator against the labelled calibration set (eval/calibration/*.json).
        Runs every persona through a whole interview over HTTP, reads the reports from the results API and
        prints, per job and pooled, Spearman and quadratic-weighted kappa against the labels, pairwise ordering
        accuracy, the stuffer-vs-expert gap, injection deltas, name/pronoun swap and test-retest differences.

        Usage:
          ./candor eval [options]        (starts a fresh app + database and passes --url/--api-key)
          dotnet run --project eval/Candor.Eval -c Release -- --url URL --api-key KEY [options]

        Options:
          --url URL                    Base URL of Candor (default $CANDOR_URL or http://127.0.0.1:5080)
          --api-key KEY                Organisation API key with jobs:write and interviews:* (default $CANDOR_API_KEY)
          --calibration DIR            The set (default eval/calibration)
          --holdout DIR                The held-out set, run after it and reported separately, not gated
                                       (default eval/holdout when --calibration is not given)
          --no-holdout                 Skip the held-out set
          --thresholds FILE            Gate bounds (default eval/thresholds.json; its "offline" or "llm" section
                                       by which evaluator scored the run)
          --out FILE                   Results JSON (default eval/results/latest.json, or latest-llm.json when an
                                       LLM scored the run)
          --no-out                     Write no results file
          --job ID                     Only this job (repeatable, or comma-separated); the gate then holds
                                       the figures of those jobs to the same bounds
          --parallelism N              Interviews at once (default 4)
          --report-timeout-seconds N   Wait for each report at most this long (default 300)
          --no-repeats                 Skip the name/pronoun swaps and retests
          --no-gate                    Print the figures, exit 0 whatever they are
          --show-plan                  Create the jobs, print the questions the planner asks (with rubrics) and
                                       whether they match the set; run no interviews
          --min-spearman X  --min-qwk X  --min-recommendation-qwk X  --min-pairwise X
          --min-stuffer-gap N  --max-injection-gain N  --max-name-swap N  --max-retest N
                                       Override one bound of the thresholds file
          -h, --help                   Show this help

        Exit code: 0 when every bound holds, 1 when one is missed, 2 when the run could not complete (invalid
        set, the planner asks other questions than the set answers, an API error, a report that never came),
        64 on bad usage.
        """;

    public Uri Url { get; private set; } = new("http://127.0.0.1:5080/");
    public string ApiKey { get; private set; } = string.Empty;
    public string? CalibrationDirectory { get; private set; }
    public string? HoldoutDirectory { get; private set; }
    public bool Holdout { get; private set; } = true;
    public string? ThresholdsFile { get; private set; }
    public string? OutFile { get; private set; }
    public bool NoOut { get; private set; }
    public HashSet<string> Jobs { get; } = new(StringComparer.Ordinal);
    public int Parallelism { get; private set; } = 4;
    public TimeSpan ReportTimeout { get; private set; } = TimeSpan.FromSeconds(300);
    public bool Repeats { get; private set; } = true;
    public bool Gate { get; private set; } = true;
    public bool ShowPlan { get; private set; }
    public bool ShowHelp { get; private set; }

    /// <summary>Bounds given on the command line, applied over the thresholds file.</summary>
    public Func<Thresholds, Thresholds> Overrides { get; private set; } = t => t;

    /// <summary>Parses the command line; returns null and writes the reason on error.</summary>
    public static EvalOptions? Parse(string[] args, TextWriter error)
    {
        var options = new EvalOptions();
        var url = Environment.GetEnvironmentVariable("CANDOR_URL");
        options.ApiKey = Environment.GetEnvironmentVariable("CANDOR_API_KEY") ?? string.Empty;

        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal))
            {
                inlineValue = arg[(arg.IndexOf('=', StringComparison.Ordinal) + 1)..];
                arg = arg[..arg.IndexOf('=', StringComparison.Ordinal)];
            }

            string Value() => inlineValue ?? (i + 1 < args.Length ? args[++i] : throw new FormatException($"{arg} needs a value"));
            int Whole(int min)
            {
                var raw = Value();
                return int.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) && n >= min
                    ? n
                    : throw new FormatException($"{arg} needs a whole number of at least {min}, not '{raw}'");
            }
            double Fraction()
            {
                var raw = Value();
                return double.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && x is >= -1 and <= 1
                    ? x
                    : throw new FormatException($"{arg} needs a number between -1 and 1, not '{raw}'");
            }
            void Override(Func<Thresholds, Thresholds> change)
            {
                var before = options.Overrides;
                options.Overrides = t => change(before(t));
            }

            try
            {
                switch (arg)
                {
                    case "-h" or "--help":
                        options.ShowHelp = true;
                        return options;
                    case "--url": url = Value(); break;
                    case "--api-key": options.ApiKey = Value(); break;
                    case "--calibration": options.CalibrationDirectory = Value(); break;
                    case "--holdout": options.HoldoutDirectory = Value(); break;
                    case "--no-holdout": options.Holdout = false; break;
                    case "--thresholds": options.ThresholdsFile = Value(); break;
                    case "--out": options.OutFile = Value(); break;
                    case "--no-out": options.NoOut = true; break;
                    case "--job":
                        options.Jobs.UnionWith(Value().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                        break;
                    case "--parallelism": options.Parallelism = Whole(1); break;
                    case "--report-timeout-seconds": options.ReportTimeout = TimeSpan.FromSeconds(Whole(1)); break;
                    case "--no-repeats": options.Repeats = false; break;
                    case "--no-gate": options.Gate = false; break;
                    case "--show-plan": options.ShowPlan = true; break;
                    case "--min-spearman": { var v = Fraction(); Override(t => t with { MinSpearman = v }); break; }
                    case "--min-qwk": { var v = Fraction(); Override(t => t with { MinQwk = v }); break; }
                    case "--min-recommendation-qwk": { var v = Fraction(); Override(t => t with { MinRecommendationQwk = v }); break; }
                    case "--min-pairwise": { var v = Fraction(); Override(t => t with { MinPairwiseAccuracy = v }); break; }
                    case "--min-stuffer-gap": { var v = Whole(-100); Override(t => t with { MinStufferGap = v }); break; }
                    case "--max-injection-gain": { var v = Whole(-100); Override(t => t with { MaxInjectionGain = v }); break; }
                    case "--max-name-swap": { var v = Whole(0); Override(t => t with { MaxNameSwapDifference = v }); break; }
                    case "--max-retest": { var v = Whole(0); Override(t => t with { MaxRetestDifference = v }); break; }
                    default: throw new FormatException($"unknown option '{args[i]}'");
                }
            }
            catch (FormatException e)
            {
                error.WriteLine($"candor-eval: {e.Message} (see --help)");
                return null;
            }
        }

        if (!string.IsNullOrWhiteSpace(url))
        {
            if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
            {
                error.WriteLine($"candor-eval: --url must be an absolute http(s) URL, not '{url}'");
                return null;
            }
            options.Url = parsed;
        }
        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            error.WriteLine("candor-eval: --api-key is required (or set CANDOR_API_KEY); ./candor eval passes one");
            return null;
        }
        return options;
    }
}
