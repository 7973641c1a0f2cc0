using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Candor.Bench;

internal sealed partial class BenchRunner : IDisposable
{
    private enum Outcome
    {
        Completed,
        Failed,
        Capped,
    }

    private readonly BenchOptions _options;
    private readonly HttpClient _http;
    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<double> _answerLatencies = new();
    private readonly ConcurrentQueue<double> _startLatencies = new();
    private long _answeredTurns;
    private int _completed;
    private int _failed;
    private int _capped;

    public BenchRunner(BenchOptions options)
    {
        _options = options;
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = Math.Max(options.Concurrency * 2, 256),
            PooledConnectionLifetime = TimeSpan.FromMinutes(10),
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            ConnectTimeout = TimeSpan.FromSeconds(15),
            AutomaticDecompression = DecompressionMethods.None,
            UseCookies = false,
        };
        _http = new HttpClient(handler, disposeHandler: true)
        {
            BaseAddress = options.Url,
            Timeout = options.Timeout,
        };
        _http.DefaultRequestHeaders.UserAgent.ParseAdd("Candor.Bench/1.0");
    }

    public void Dispose() => _http.Dispose();

    public async Task<int> RunAsync(CancellationToken cancellationToken)
    {
        var o = _options;
        if (o.Webhooks > 0)
        {
            return await RunWebhooksAsync(cancellationToken);
        }

        if (o.Voice)
        {
            return await RunVoiceAsync(cancellationToken);
        }

        Console.WriteLine($"Candor bench against {o.Url} — {o.Candidates} candidates, concurrency {o.Concurrency}, "
            + $"cap {o.MaxTurnsPerInterview} answers/interview");

        // 1. One job for everyone.
        var job = await SendAsync(
            "jobs",
            "api/v1/jobs",
            Json(new CreateJobRequest(Script.JobTitle, Script.JobDescription, o.QuestionCount), BenchJson.Default.CreateJobRequest),
            HttpStatusCode.Created,
            withApiKey: true,
            BenchJson.Default.JobResponse,
            cancellationToken);
        if (job.Value is not { Id.Length: > 0 } createdJob)
        {
            Console.Error.WriteLine($"candor-bench: could not create the job ({job.Problem}); is --url right and --api-key valid?");
            PrintErrors(Console.Error);
            return 2;
        }

        Console.WriteLine($"Created job {createdJob.Id}; scheduling {o.Candidates} interviews…");

        // 2. Schedule every interview before the clock starts.
        var tokens = new string?[o.Candidates];
        await Parallel.ForEachAsync(
            Enumerable.Range(0, o.Candidates),
            new ParallelOptions { MaxDegreeOfParallelism = Math.Min(o.Concurrency, 32) },
            async (index, _) =>
            {
                var request = new ScheduleRequest(createdJob.Id, new CandidateInfo(Script.CandidateName(index), Script.CandidateEmail(index)));
                var scheduled = await SendAsync(
                    "schedule",
                    "api/v1/interviews/schedule",
                    Json(request, BenchJson.Default.ScheduleRequest),
                    HttpStatusCode.Created,
                    withApiKey: true,
                    BenchJson.Default.ScheduleResponse,
                    cancellationToken);
                if (scheduled.Value is { } response)
                {
                    tokens[index] = TokenFrom(response.InterviewUrl);
                    if (tokens[index] is null)
                    {
                        CountError("schedule bad-interview-url");
                    }
                }
            });

        var candidates = Enumerable.Range(0, o.Candidates).Where(i => tokens[i] is not null).ToArray();
        if (candidates.Length == 0)
        {
            Console.Error.WriteLine("candor-bench: no interview could be scheduled.");
            PrintErrors(Console.Error);
            return 2;
        }

        if (candidates.Length < o.Candidates)
        {
            Console.Error.WriteLine($"candor-bench: only {candidates.Length} of {o.Candidates} interviews were scheduled; running those.");
        }

        Console.WriteLine($"Scheduled {candidates.Length}; running interviews…");

        // 3. The timed phase: start + answers until done.
        var clock = Stopwatch.StartNew();
        using (var progress = new Timer(_ => ReportProgress(clock.Elapsed, candidates.Length), null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)))
        {
            await Parallel.ForEachAsync(
                candidates,
                new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency },
                async (index, _) =>
                {
                    var outcome = await RunInterviewAsync(index, tokens[index]!, cancellationToken);
                    switch (outcome)
                    {
                        case Outcome.Completed:
                            Interlocked.Increment(ref _completed);
                            break;
                        case Outcome.Capped:
                            Interlocked.Increment(ref _capped);
                            break;
                        default:
                            Interlocked.Increment(ref _failed);
                            break;
                    }
                });
        }

        clock.Stop();

        var report = BuildReport(candidates.Length, clock.Elapsed);
        PrintTable(report, cancellationToken.IsCancellationRequested);
        Console.WriteLine(JsonSerializer.Serialize(report, BenchJson.Default.BenchReport));

        var clean = report.InterviewsFailed == 0 && report.InterviewsCapped == 0 && report.ErrorsTotal == 0
            && candidates.Length == o.Candidates && !cancellationToken.IsCancellationRequested;
        return clean ? 0 : 1;
    }

    private async Task<Outcome> RunInterviewAsync(int index, string token, CancellationToken cancellationToken)
    {
        var sessionPath = $"api/v1/sessions/{Uri.EscapeDataString(token)}";
        var started = await SendAsync(
            "start",
            sessionPath + "/start",
            content: null,
            HttpStatusCode.OK,
            withApiKey: false,
            BenchJson.Default.TurnResponse,
            cancellationToken);
        if (started.Value is not { } turn || !IsValidTurn(turn, "start"))
        {
            return Outcome.Failed;
        }

        _startLatencies.Enqueue(started.Milliseconds);
        var answers = 0;
        while (!turn.Done)
        {
            if (answers >= _options.MaxTurnsPerInterview)
            {
                CountError("interview hit --max-turns-per-interview");
                return Outcome.Capped;
            }

            var answer = new AnswerRequest(turn.TurnId, Script.Answer(index, answers, turn.Kind));
            var next = await SendAsync(
                "answers",
                sessionPath + "/answers",
                Json(answer, BenchJson.Default.AnswerRequest),
                HttpStatusCode.OK,
                withApiKey: false,
                BenchJson.Default.TurnResponse,
                cancellationToken);
            if (next.Value is not { } nextTurn || !IsValidTurn(nextTurn, "answers"))
            {
                return Outcome.Failed;
            }

            _answerLatencies.Enqueue(next.Milliseconds);
            Interlocked.Increment(ref _answeredTurns);
            answers++;
            turn = nextTurn;
        }

        return Outcome.Completed;
    }

    private bool IsValidTurn(TurnResponse turn, string endpoint)
    {
        // A finished interview needs no further turn id; anything else must name the turn to answer.
        if (turn.Done || !string.IsNullOrEmpty(turn.TurnId))
        {
            return true;
        }

        CountError($"{endpoint} missing-turn-id");
        return false;
    }

    private readonly record struct Result<T>(T? Value, double Milliseconds, string Problem);

    /// <summary>
    /// POSTs and reads the whole response; returns the parsed body when the status is the
    /// expected one. Failures are counted under "{endpoint} {status}" (or timeout / network /
    /// bad-json) and returned as a null value.
    /// </summary>
    private async Task<Result<T>> SendAsync<T>(
        string endpoint,
        string path,
        HttpContent? content,
        HttpStatusCode expected,
        bool withApiKey,
        JsonTypeInfo<T> responseType,
        CancellationToken cancellationToken)
        where T : class
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        if (withApiKey)
        {
            request.Headers.Add("X-Api-Key", _options.ApiKey);
        }

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            var milliseconds = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            if (response.StatusCode != expected)
            {
                var code = (int)response.StatusCode;
                CountError($"{endpoint} {code}");
                return new(null, milliseconds, $"HTTP {code}: {Snippet(body)}");
            }

            var value = JsonSerializer.Deserialize(body, responseType);
            if (value is null)
            {
                CountError($"{endpoint} bad-json");
                return new(null, milliseconds, "empty JSON body");
            }

            return new(value, milliseconds, string.Empty);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            CountError($"{endpoint} cancelled");
            return new(null, 0, "cancelled");
        }
        catch (TaskCanceledException)
        {
            CountError($"{endpoint} timeout");
            return new(null, 0, $"timed out after {_options.Timeout.TotalSeconds:0} s");
        }
        catch (HttpRequestException e)
        {
            CountError($"{endpoint} network");
            return new(null, 0, e.Message);
        }
        catch (JsonException e)
        {
            CountError($"{endpoint} bad-json");
            return new(null, 0, e.Message);
        }
    }

    /// <summary>
    /// Serialises up front so requests carry a Content-Length (as browsers send them) instead
    /// of a chunked body.
    /// </summary>
    private static ByteArrayContent Json<T>(T value, JsonTypeInfo<T> type)
    {
        var content = new ByteArrayContent(JsonSerializer.SerializeToUtf8Bytes(value, type));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        return content;
    }

    private static string Snippet(byte[] body)
    {
        var text = Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 300)).ReplaceLineEndings(" ");
        return text.Length == 0 ? "(empty body)" : text;
    }

    private void CountError(string key) => _errors.AddOrUpdate(key, 1, (_, n) => n + 1);

    /// <summary>The token is the last path segment of interview_url (http://host/i/&lt;token&gt;).</summary>
    internal static string? TokenFrom(string? interviewUrl)
    {
        if (string.IsNullOrWhiteSpace(interviewUrl))
        {
            return null;
        }

        var path = Uri.TryCreate(interviewUrl, UriKind.Absolute, out var absolute)
            ? absolute.AbsolutePath
            : interviewUrl.Split('?', '#')[0];
        var segment = path.TrimEnd('/').Split('/')[^1];
        return segment.Length == 0 ? null : Uri.UnescapeDataString(segment);
    }

    private void ReportProgress(TimeSpan elapsed, int total)
    {
        var done = Volatile.Read(ref _completed) + Volatile.Read(ref _failed) + Volatile.Read(ref _capped);
        Console.Error.WriteLine(
            $"  … {elapsed.TotalSeconds,6:0.0} s: {done}/{total} interviews finished, {Interlocked.Read(ref _answeredTurns)} answers");
    }

    private BenchReport BuildReport(int scheduled, TimeSpan elapsed)
    {
        var answers = _answerLatencies.ToArray();
        Array.Sort(answers);
        var starts = _startLatencies.ToArray();
        Array.Sort(starts);
        var seconds = Math.Max(elapsed.TotalSeconds, 1e-9);
        var answered = Interlocked.Read(ref _answeredTurns);
        var errors = _errors.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        return new BenchReport(
            Url: _options.Url.ToString(),
            Candidates: _options.Candidates,
            Concurrency: _options.Concurrency,
            Scheduled: scheduled,
            DurationSeconds: Math.Round(elapsed.TotalSeconds, 3),
            InterviewsCompleted: _completed,
            InterviewsFailed: _failed,
            InterviewsCapped: _capped,
            AnsweredTurns: answered,
            TurnsPerSecond: Math.Round(answered / seconds, 2),
            AnswerP50Ms: Percentile(answers, 50),
            AnswerP95Ms: Percentile(answers, 95),
            AnswerP99Ms: Percentile(answers, 99),
            AnswerMaxMs: answers.Length == 0 ? 0 : Math.Round(answers[^1], 2),
            StartP50Ms: Percentile(starts, 50),
            StartP95Ms: Percentile(starts, 95),
            ErrorsTotal: errors.Values.Sum(),
            Errors: errors);
    }

    /// <summary>Nearest-rank percentile of an ascending array, in ms rounded to 0.01.</summary>
    internal static double Percentile(double[] sorted, double percentile)
    {
        if (sorted.Length == 0)
        {
            return 0;
        }

        var rank = (int)Math.Ceiling(percentile / 100.0 * sorted.Length);
        return Math.Round(sorted[Math.Clamp(rank, 1, sorted.Length) - 1], 2);
    }

    private static void PrintTable(BenchReport r, bool cancelled)
    {
        var rows = new List<(string, string)>
        {
            ("url", r.Url),
            ("candidates / concurrency", $"{r.Candidates} / {r.Concurrency}"),
            ("scheduled", r.Scheduled.ToString()),
            ("timed phase", $"{r.DurationSeconds:0.00} s" + (cancelled ? " (cancelled)" : string.Empty)),
            ("interviews completed", $"{r.InterviewsCompleted} / {r.Scheduled}"),
            ("interviews failed", r.InterviewsFailed.ToString()),
            ("interviews capped", r.InterviewsCapped.ToString()),
            ("answered turns", r.AnsweredTurns.ToString()),
            ("answered turns / s", $"{r.TurnsPerSecond:0.0}"),
            ("answer latency p50", $"{r.AnswerP50Ms:0.0} ms"),
            ("answer latency p95", $"{r.AnswerP95Ms:0.0} ms"),
            ("answer latency p99", $"{r.AnswerP99Ms:0.0} ms"),
            ("answer latency max", $"{r.AnswerMaxMs:0.0} ms"),
            ("start latency p50 / p95", $"{r.StartP50Ms:0.0} / {r.StartP95Ms:0.0} ms"),
            ("errors", r.ErrorsTotal == 0 ? "none" : r.ErrorsTotal.ToString()),
        };
        rows.AddRange(r.Errors.Select(e => ($"  {e.Key}", e.Value.ToString())));
        PrintRows(rows);
    }

    private static void PrintRows(List<(string, string)> rows)
    {
        var width = rows.Max(row => row.Item1.Length);
        var rule = new string('-', width + 2 + rows.Max(row => row.Item2.Length));
        Console.WriteLine();
        Console.WriteLine(rule);
        foreach (var (label, value) in rows)
        {
            Console.WriteLine($"{label.PadRight(width)}  {value}");
        }

        Console.WriteLine(rule);
    }

    private void PrintErrors(TextWriter writer)
    {
        foreach (var (key, count) in _errors.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            writer.WriteLine($"  {key}: {count}");
        }
    }
}
