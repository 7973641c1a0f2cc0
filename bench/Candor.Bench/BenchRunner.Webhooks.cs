using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Candor.Bench;

/// <summary>
/// --webhooks N: a receiver inside the bench, one endpoint subscribed to interview.scheduled, N
/// interviews scheduled, every delivery timed from the event's own timestamp (when the app enqueued
/// it in the outbox) to its arrival here.
/// </summary>
internal sealed partial class BenchRunner
{
    private async Task<int> RunWebhooksAsync(CancellationToken cancellationToken)
    {
        var o = _options;
        var concurrency = Math.Min(o.Concurrency, 64);
        await using var receiver = await BenchReceiver.StartAsync();
        Console.WriteLine($"Candor webhook bench against {o.Url} — {o.Webhooks} events, concurrency {concurrency}, receiver {receiver.Url}");

        var job = await SendAsync("jobs", "api/v1/jobs",
            Json(new CreateJobRequest(Script.JobTitle, Script.JobDescription, 8), BenchJson.Default.CreateJobRequest),
            HttpStatusCode.Created, withApiKey: true, BenchJson.Default.JobResponse, cancellationToken);
        var endpoint = await SendAsync("endpoints", "api/v1/webhooks/endpoints",
            Json(new CreateEndpointRequest(receiver.Url, ["interview.scheduled"], "Candor.Bench receiver"), BenchJson.Default.CreateEndpointRequest),
            HttpStatusCode.Created, withApiKey: true, BenchJson.Default.EndpointResponse, cancellationToken);
        if (job.Value is not { Id.Length: > 0 } createdJob || endpoint.Value is null)
        {
            Console.Error.WriteLine($"candor-bench: setup failed ({job.Problem}{endpoint.Problem}); does the app allow private networks (Candor__Webhooks__AllowPrivateNetworks=true)?");
            PrintErrors(Console.Error);
            return 2;
        }

        var scheduleLatencies = new ConcurrentQueue<double>();
        var scheduled = 0;
        var started = Stopwatch.GetTimestamp();
        await Parallel.ForEachAsync(Enumerable.Range(0, o.Webhooks), new ParallelOptions { MaxDegreeOfParallelism = concurrency, CancellationToken = cancellationToken },
            async (index, _) =>
            {
                var request = new ScheduleRequest(createdJob.Id, new CandidateInfo(Script.CandidateName(index), Script.CandidateEmail(index)));
                var response = await SendAsync("schedule", "api/v1/interviews/schedule", Json(request, BenchJson.Default.ScheduleRequest),
                    HttpStatusCode.Created, withApiKey: true, BenchJson.Default.ScheduleResponse, cancellationToken);
                if (response.Value is not null)
                {
                    Interlocked.Increment(ref scheduled);
                    scheduleLatencies.Enqueue(response.Milliseconds);
                }
            });

        // Every scheduled interview emits exactly one interview.scheduled event; wait for all of them.
        var deadline = Stopwatch.StartNew();
        var lastReport = TimeSpan.Zero;
        while (receiver.Distinct < scheduled && deadline.Elapsed < TimeSpan.FromSeconds(120) && !cancellationToken.IsCancellationRequested)
        {
            if (deadline.Elapsed - lastReport > TimeSpan.FromSeconds(5))
            {
                lastReport = deadline.Elapsed;
                Console.Error.WriteLine($"  … {Stopwatch.GetElapsedTime(started).TotalSeconds,6:0.0} s: {receiver.Distinct}/{scheduled} delivered");
            }
            await Task.Delay(20, CancellationToken.None);
        }
        if (receiver.Distinct < scheduled)
        {
            CountError("webhooks not delivered within 120 s");
        }

        var latencies = receiver.Latencies();
        Array.Sort(latencies);
        var starts = scheduleLatencies.ToArray();
        Array.Sort(starts);
        var seconds = Math.Max(Stopwatch.GetElapsedTime(started, receiver.LastArrival ?? Stopwatch.GetTimestamp()).TotalSeconds, 1e-9);
        var errors = _errors.OrderBy(e => e.Key, StringComparer.Ordinal).ToDictionary(e => e.Key, e => e.Value, StringComparer.Ordinal);
        var report = new WebhookBenchReport(
            Url: o.Url.ToString(),
            Events: o.Webhooks,
            Concurrency: concurrency,
            Scheduled: scheduled,
            Delivered: receiver.Distinct,
            Duplicates: receiver.Duplicates,
            DurationSeconds: Math.Round(seconds, 3),
            DeliveriesPerSecond: Math.Round(receiver.Distinct / seconds, 1),
            LatencyP50Ms: Percentile(latencies, 50),
            LatencyP95Ms: Percentile(latencies, 95),
            LatencyP99Ms: Percentile(latencies, 99),
            LatencyMaxMs: latencies.Length == 0 ? 0 : Math.Round(latencies[^1], 2),
            ScheduleP50Ms: Percentile(starts, 50),
            ErrorsTotal: errors.Values.Sum(),
            Errors: errors);

        var rows = new List<(string, string)>
        {
            ("url", report.Url),
            ("events / concurrency", $"{report.Events} / {report.Concurrency}"),
            ("scheduled", report.Scheduled.ToString()),
            ("delivered (distinct webhook-id)", $"{report.Delivered} / {report.Scheduled}"),
            ("duplicate deliveries", report.Duplicates.ToString()),
            ("timed phase", $"{report.DurationSeconds:0.00} s (first schedule → last delivery)"),
            ("deliveries / s", $"{report.DeliveriesPerSecond:0.0}"),
            ("enqueue → delivery p50", $"{report.LatencyP50Ms:0.0} ms"),
            ("enqueue → delivery p95", $"{report.LatencyP95Ms:0.0} ms"),
            ("enqueue → delivery p99", $"{report.LatencyP99Ms:0.0} ms"),
            ("enqueue → delivery max", $"{report.LatencyMaxMs:0.0} ms"),
            ("schedule latency p50", $"{report.ScheduleP50Ms:0.0} ms"),
            ("errors", report.ErrorsTotal == 0 ? "none" : report.ErrorsTotal.ToString()),
        };
        rows.AddRange(report.Errors.Select(e => ($"  {e.Key}", e.Value.ToString())));
        PrintRows(rows);
        Console.WriteLine(JsonSerializer.Serialize(report, BenchJson.Default.WebhookBenchReport));
        return report.ErrorsTotal == 0 && report.Delivered == o.Webhooks && !cancellationToken.IsCancellationRequested ? 0 : 1;
    }

    /// <summary>The hiring platform's side: accepts every webhook with 204 and notes when each message first arrived.</summary>
    private sealed class BenchReceiver : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly ConcurrentDictionary<string, double> _latencyById = new(StringComparer.Ordinal);
        private long _lastArrivalTicks = -1;
        private int _duplicates;

        private BenchReceiver(WebApplication app) => _app = app;

        public string Url { get; private set; } = "";

        public int Distinct => _latencyById.Count;

        public int Duplicates => Volatile.Read(ref _duplicates);

        /// <summary>Stopwatch timestamp of the last first-time arrival, or null before any.</summary>
        public long? LastArrival => Interlocked.Read(ref _lastArrivalTicks) is >= 0 and var ticks ? ticks : null;

        public double[] Latencies() => [.. _latencyById.Values];

        public static async Task<BenchReceiver> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.UseKestrel().UseUrls("http://127.0.0.1:0");
            var app = builder.Build();
            var receiver = new BenchReceiver(app);
            app.MapPost("/hooks", receiver.ReceiveAsync);
            await app.StartAsync();
            receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single() + "/hooks";
            return receiver;
        }

        private async Task ReceiveAsync(HttpContext context)
        {
            var arrived = DateTimeOffset.UtcNow;
            using var body = await JsonDocument.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted);
            var id = context.Request.Headers["webhook-id"].ToString();
            var enqueued = body.RootElement.GetProperty("timestamp").GetDateTimeOffset();
            if (_latencyById.TryAdd(id, (arrived - enqueued).TotalMilliseconds))
            {
                Interlocked.Exchange(ref _lastArrivalTicks, Stopwatch.GetTimestamp());
            }
            else
            {
                Interlocked.Increment(ref _duplicates);
            }
            context.Response.StatusCode = StatusCodes.Status204NoContent;
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
