using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Candor.Bench;

/// <summary>
/// --voice: N spoken interviews at once. Every answer is a pre-recorded webm/opus clip (festival speaks a few answers
/// once, before the clock starts; ffmpeg encodes them as a browser records), posted as multipart with the reply
/// streamed (Accept: text/event-stream), as the candidate's page does. The server times each voice turn stage by
/// stage; those breakdowns are read back from the results API afterwards. The bench itself times the reply's first
/// audio event as the candidate's browser would see it.
/// </summary>
internal sealed partial class BenchRunner
{
    private static readonly string[] SpokenAnswers =
    [
        "I would add an index on the customer id column and check the query plan before and after.",
        "I would make the handler idempotent with a unique key, and retry with exponential backoff and jitter.",
        "At my last job I moved our reports to a read replica, and the checkout latency dropped by half.",
    ];

    private readonly ConcurrentQueue<double> _firstAudioSeen = new();

    private async Task<int> RunVoiceAsync(CancellationToken cancellationToken)
    {
        var o = _options;
        Console.WriteLine($"Candor voice bench against {o.Url} — {o.Candidates} spoken interviews, concurrency {o.Concurrency}");
        Console.WriteLine("Recording the answers (festival, then ffmpeg to webm/opus)…");
        var clips = new List<byte[]>();
        foreach (var answer in SpokenAnswers)
        {
            clips.Add(await RecordAsync(answer, cancellationToken));
        }

        var job = await SendAsync("jobs", "api/v1/jobs",
            Json(new CreateJobRequest(Script.JobTitle, Script.JobDescription, o.QuestionCount, new ToolsRequest("voice", false, false, false)), BenchJson.Default.CreateJobRequest),
            HttpStatusCode.Created, withApiKey: true, BenchJson.Default.JobResponse, cancellationToken);
        if (job.Value is not { Id.Length: > 0 } createdJob)
        {
            Console.Error.WriteLine($"candor-bench: could not create the voice job ({job.Problem}).");
            PrintErrors(Console.Error);
            return 2;
        }

        var scheduled = new (string InterviewId, string Token)?[o.Candidates];
        await Parallel.ForEachAsync(Enumerable.Range(0, o.Candidates), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken },
            async (index, _) =>
            {
                var response = await SendAsync("schedule", "api/v1/interviews/schedule",
                    Json(new ScheduleRequest(createdJob.Id, new CandidateInfo(Script.CandidateName(index), Script.CandidateEmail(index))), BenchJson.Default.ScheduleRequest),
                    HttpStatusCode.Created, withApiKey: true, BenchJson.Default.ScheduleResponse, cancellationToken);
                if (response.Value is { } r && TokenFrom(r.InterviewUrl) is { } token)
                {
                    scheduled[index] = (r.InterviewId, token);
                }
            });
        var interviews = scheduled.OfType<(string InterviewId, string Token)>().ToArray();
        if (interviews.Length == 0)
        {
            Console.Error.WriteLine("candor-bench: no interview could be scheduled.");
            PrintErrors(Console.Error);
            return 2;
        }

        Console.WriteLine($"Scheduled {interviews.Length}; speaking…");
        var clock = Stopwatch.StartNew();
        using (new Timer(_ => ReportProgress(clock.Elapsed, interviews.Length), null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(10)))
        {
            await Parallel.ForEachAsync(interviews, new ParallelOptions { MaxDegreeOfParallelism = o.Concurrency },
                async (interview, _) =>
                {
                    if (await SpeakInterviewAsync(interview.Token, clips, cancellationToken))
                    {
                        Interlocked.Increment(ref _completed);
                    }
                    else
                    {
                        Interlocked.Increment(ref _failed);
                    }
                });
        }
        clock.Stop();

        var stages = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        foreach (var (interviewId, _) in interviews)
        {
            await CollectLatencyAsync(interviewId, stages, cancellationToken);
        }
        PrintVoiceTable(interviews.Length, clock.Elapsed, stages);
        return _failed == 0 && _errors.IsEmpty ? 0 : 1;
    }

    /// <summary>Start, then one spoken answer per turn until the interview is done.</summary>
    private async Task<bool> SpeakInterviewAsync(string token, List<byte[]> clips, CancellationToken cancellationToken)
    {
        var path = $"api/v1/sessions/{Uri.EscapeDataString(token)}";
        var started = await SendAsync("start", $"{path}/start", null, HttpStatusCode.OK, withApiKey: false, BenchJson.Default.TurnResponse, cancellationToken);
        var turn = started.Value;
        for (var answered = 0; turn is { Done: false }; answered++)
        {
            if (answered >= _options.MaxTurnsPerInterview)
            {
                return false;
            }
            turn = await SpeakAnswerAsync(path, turn.TurnId, clips[answered % clips.Count], cancellationToken);
        }
        return turn is { Done: true };
    }

    private async Task<TurnResponse?> SpeakAnswerAsync(string path, string turnId, byte[] clip, CancellationToken cancellationToken)
    {
        using var form = new MultipartFormDataContent
        {
            { new StringContent(turnId), "turn_id" },
            { new StringContent("true"), "submit" },
        };
        var audio = new ByteArrayContent(clip);
        audio.Headers.ContentType = new MediaTypeHeaderValue("audio/webm");
        form.Add(audio, "audio", "answer.webm");
        using var request = new HttpRequestMessage(HttpMethod.Post, $"{path}/answers") { Content = form };
        request.Headers.Accept.ParseAdd("text/event-stream");
        var begun = Stopwatch.GetTimestamp();
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
            if (response.StatusCode != HttpStatusCode.OK)
            {
                CountError($"spoken-answer {(int)response.StatusCode}");
                return null;
            }
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellationToken), Encoding.UTF8);
            string? name = null;
            TurnResponse? turn = null;
            var audioSeen = false;
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.StartsWith("event:", StringComparison.Ordinal))
                {
                    name = line[6..].Trim();
                }
                else if (line.StartsWith("data:", StringComparison.Ordinal))
                {
                    if (name == "audio" && !audioSeen)
                    {
                        audioSeen = true;
                        _firstAudioSeen.Enqueue(Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
                    }
                    else if (name == "turn")
                    {
                        turn = JsonSerializer.Deserialize(line[5..], BenchJson.Default.TurnResponse);
                    }
                    else if (name == "error")
                    {
                        CountError("spoken-answer stream-error");
                    }
                }
            }
            _answerLatencies.Enqueue(Stopwatch.GetElapsedTime(begun).TotalMilliseconds);
            Interlocked.Increment(ref _answeredTurns);
            if (turn is null)
            {
                CountError("spoken-answer no-turn");
            }
            return turn;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or JsonException or IOException)
        {
            CountError($"spoken-answer {e.GetType().Name}");
            return null;
        }
    }

    /// <summary>Reads each answered turn's latency breakdown (stored by the server) from the results API.</summary>
    private async Task CollectLatencyAsync(string interviewId, Dictionary<string, List<double>> stages, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"api/v1/interviews/{interviewId}/results");
        request.Headers.Add("X-Api-Key", _options.ApiKey);
        using var response = await _http.SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            CountError($"results {(int)response.StatusCode}");
            return;
        }
        using var results = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellationToken));
        foreach (var turn in results.RootElement.GetProperty("transcript").EnumerateArray())
        {
            if (!turn.TryGetProperty("voice_latency", out var latency) || latency.ValueKind != JsonValueKind.Object)
            {
                continue;
            }
            foreach (var stage in latency.EnumerateObject().Where(s => s.Value.ValueKind == JsonValueKind.Number))
            {
                if (!stages.TryGetValue(stage.Name, out var values))
                {
                    stages[stage.Name] = values = [];
                }
                values.Add(stage.Value.GetDouble());
            }
        }
    }

    private void PrintVoiceTable(int scheduled, TimeSpan elapsed, Dictionary<string, List<double>> stages)
    {
        double[] Sorted(IEnumerable<double> values) => [.. values.Order()];
        string Row(double[] sorted) => sorted.Length == 0 ? "(none)" : $"{Percentile(sorted, 50):0} / {Percentile(sorted, 95):0} ms  (n={sorted.Length})";
        var rows = new List<(string, string)>
        {
            ("url", _options.Url.ToString()),
            ("spoken interviews / concurrency", $"{scheduled} / {_options.Concurrency}"),
            ("completed / failed", $"{_completed} / {_failed}"),
            ("answered turns", Interlocked.Read(ref _answeredTurns).ToString()),
            ("timed phase", $"{elapsed.TotalSeconds:0.0} s"),
            ("p50 / p95, per voice turn (server)", ""),
        };
        foreach (var (label, key) in new[]
        {
            ("  audio conversion", "audio_conversion_ms"), ("  speech-to-text", "speech_to_text_ms"), ("  interviewer first token", "interviewer_first_token_ms"),
            ("  interviewer total", "interviewer_total_ms"), ("  first audio byte", "first_audio_ms"),
            ("  whole turn", "total_ms"), ("  Candor overhead", "overhead_ms"),
        })
        {
            rows.Add((label, Row(Sorted(stages.GetValueOrDefault(key) ?? []))));
        }
        rows.Add(("p50 / p95, seen by the client", ""));
        rows.Add(("  first audio event", Row(Sorted(_firstAudioSeen))));
        rows.Add(("  whole answer request", Row(Sorted(_answerLatencies))));
        rows.Add(("errors", _errors.IsEmpty ? "none" : _errors.Values.Sum().ToString()));
        rows.AddRange(_errors.OrderBy(e => e.Key, StringComparer.Ordinal).Select(e => ($"  {e.Key}", e.Value.ToString())));
        PrintRows(rows);
    }

    /// <summary>festival speaks the answer; ffmpeg encodes it as a browser's MediaRecorder would (webm/opus, 48 kHz mono).</summary>
    private static async Task<byte[]> RecordAsync(string text, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("candor-bench-voice-");
        try
        {
            var wav = Path.Combine(folder.FullName, "answer.wav");
            var webm = Path.Combine(folder.FullName, "answer.webm");
            await RunToolAsync("text2wave", ["-o", wav], text, cancellationToken);
            await RunToolAsync("ffmpeg", ["-hide_banner", "-v", "error", "-y", "-i", wav, "-ar", "48000", "-ac", "1", "-c:a", "libopus", "-b:a", "32k", "-f", "webm", webm], null, cancellationToken);
            return await File.ReadAllBytesAsync(webm, cancellationToken);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task RunToolAsync(string tool, string[] arguments, string? input, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(tool) { RedirectStandardInput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"{tool} did not start");
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }
        process.StandardInput.Close();
        var error = await process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{tool} failed ({process.ExitCode}): {error} (./candor installs festival and ffmpeg)");
        }
    }
}
