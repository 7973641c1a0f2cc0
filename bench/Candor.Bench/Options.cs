namespace Candor.Bench;

internal sealed class BenchOptions
{
    public const string Usage = """
        Candor.Bench: drives simulated candidates through whole interviews over HTTP.

        Usage:
          dotnet run --project bench/Candor.Bench -c Release -- --url URL --api-key KEY [options]
          ./candor bench [options]        (starts a fresh app + database and passes --url/--api-key)

        Options:
          --url URL                        Base URL of Candor (default $CANDOR_URL or http://127.0.0.1:5080)
          --api-key KEY                    Organisation API key, sent as X-Api-Key (default $CANDOR_API_KEY)
          --candidates N                   Interviews to run (default 200)
          --concurrency N                  Interviews in flight at once (default: --candidates)
          --max-turns-per-interview N      Safety cap on answers per interview (default 60)
          --question-count N               question_count of the benchmark job (default 8)
          --timeout-seconds N              Per-request timeout (default 100)
          --voice                          Voice mode: spoken interviews (default 10 candidates). Each answer is a
                                           pre-recorded webm/opus clip (festival + ffmpeg, made before the clock
                                           starts) posted as multipart with the reply streamed; prints p50/p95 of
                                           speech-to-text, interviewer first token, first audio byte and Candor's
                                           own overhead, from the latency the server stores per voice turn
          --webhooks N                     Webhook mode: instead of interviews, register an endpoint on a
                                           receiver inside the bench, schedule N interviews and time the
                                           N interview.scheduled deliveries (the app must allow private
                                           networks: Candor__Webhooks__AllowPrivateNetworks=true)
          -h, --help                       Show this help

        Phases: create one job, schedule all interviews (untimed), then time the candidates:
        POST /api/v1/sessions/{token}/start, then POST .../answers until "done": true.

        Webhook mode (--webhooks N): deliveries/s from the first schedule request to the last
        delivery, and enqueue-to-delivery latency (the event's payload timestamp to its arrival).

        Output: a table (answered turns/s, answer latency p50/p95/p99, interviews completed,
        errors by status code) and, as the last line, one JSON object with the same numbers.
        Exit code: 0 when every interview completed without errors, 1 otherwise,
        2 when setup (job creation or scheduling everything) failed, 64 on bad usage.
        """;

    public Uri Url { get; private set; } = new("http://127.0.0.1:5080");
    public string ApiKey { get; private set; } = string.Empty;
    public int Candidates { get; private set; } = 200;
    public int Concurrency { get; private set; }
    public int MaxTurnsPerInterview { get; private set; } = 60;
    public int QuestionCount { get; private set; } = 8;
    public TimeSpan Timeout { get; private set; } = TimeSpan.FromSeconds(100);
    public int Webhooks { get; private set; }
    public bool Voice { get; private set; }
    public bool ShowHelp { get; private set; }

    /// <summary>Parses the command line; returns null and writes the reason on error.</summary>
    public static BenchOptions? Parse(string[] args, TextWriter error)
    {
        var options = new BenchOptions();
        var url = Environment.GetEnvironmentVariable("CANDOR_URL");
        int? candidates = null;
        options.ApiKey = Environment.GetEnvironmentVariable("CANDOR_API_KEY") ?? string.Empty;
        int? concurrency = null;

        for (var i = 0; i < args.Length; i++)
        {
            var arg = args[i];
            string? inlineValue = null;
            if (arg.StartsWith("--", StringComparison.Ordinal) && arg.Contains('=', StringComparison.Ordinal))
            {
                inlineValue = arg[(arg.IndexOf('=', StringComparison.Ordinal) + 1)..];
                arg = arg[..arg.IndexOf('=', StringComparison.Ordinal)];
            }

            string Value()
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }

                if (i + 1 >= args.Length)
                {
                    throw new FormatException($"{arg} needs a value");
                }

                return args[++i];
            }

            int Positive()
            {
                var raw = Value();
                return int.TryParse(raw, out var n) && n > 0
                    ? n
                    : throw new FormatException($"{arg} needs a positive whole number, not '{raw}'");
            }

            try
            {
                switch (arg)
                {
                    case "-h" or "--help":
                        options.ShowHelp = true;
                        return options;
                    case "--url":
                        url = Value();
                        break;
                    case "--api-key":
                        options.ApiKey = Value();
                        break;
                    case "--candidates":
                        candidates = Positive();
                        break;
                    case "--concurrency":
                        concurrency = Positive();
                        break;
                    case "--max-turns-per-interview":
                        options.MaxTurnsPerInterview = Positive();
                        break;
                    case "--question-count":
                        options.QuestionCount = Positive();
                        break;
                    case "--voice":
                        options.Voice = true;
                        break;
                    case "--webhooks":
                        options.Webhooks = Positive();
                        break;
                    case "--timeout-seconds":
                        options.Timeout = TimeSpan.FromSeconds(Positive());
                        break;
                    default:
                        throw new FormatException($"unknown option '{args[i]}'");
                }
            }
            catch (FormatException e)
            {
                error.WriteLine($"candor-bench: {e.Message} (see --help)");
                return null;
            }
        }

        if (!string.IsNullOrWhiteSpace(url))
        {
            if (!Uri.TryCreate(url.TrimEnd('/') + "/", UriKind.Absolute, out var parsed)
                || (parsed.Scheme != Uri.UriSchemeHttp && parsed.Scheme != Uri.UriSchemeHttps))
            {
                error.WriteLine($"candor-bench: --url must be an absolute http(s) URL, not '{url}'");
                return null;
            }

            options.Url = parsed;
        }

        if (string.IsNullOrWhiteSpace(options.ApiKey))
        {
            error.WriteLine("candor-bench: --api-key is required (or set CANDOR_API_KEY); ./candor bench passes one");
            return null;
        }

        options.Candidates = candidates ?? (options.Voice ? 10 : options.Candidates);
        options.Concurrency = Math.Min(concurrency ?? options.Candidates, options.Candidates);
        return options;
    }
}
