using System.Collections.Concurrent;
using System.Text.Json;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Jobs;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Candor.Web.Tests.Jobs;

/// <summary>The durable queue, driven by hand: the app's own worker is switched off here.</summary>
public sealed class JobQueueTests : IAsyncLifetime
{
    private readonly CandorApp _app = new CandorApp()
        .With("Candor:Jobs:Enabled", "false");

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Two_workers_never_claim_the_same_job()
    {
        await EnqueueAsync(200, RecordingHandler.JobKind);
        var first = Worker(new RecordingHandler());
        var second = Worker(new RecordingHandler());

        var claimedBy = new ConcurrentDictionary<long, int>();
        async Task Drain(JobWorker worker, int id)
        {
            while (true)
            {
                var batch = await worker.ClaimAsync(7, CancellationToken.None);
                if (batch.Count == 0)
                {
                    return;
                }
                foreach (var job in batch)
                {
                    claimedBy.TryAdd(job.Id, id).ShouldBeTrue($"job {job.Id} was claimed twice");
                }
            }
        }
        await Task.WhenAll(Drain(first, 1), Drain(second, 2), Drain(first, 3), Drain(second, 4));

        claimedBy.Count.ShouldBe(200);
        claimedBy.Values.Distinct().Count().ShouldBeGreaterThan(1, "both workers should have taken a share");
    }

    [Fact]
    public async Task A_failing_job_is_retried_with_backoff_then_parked_as_dead()
    {
        var handler = new FailingHandler();
        var worker = Worker(handler, new JobQueueOptions { BaseRetryDelay = TimeSpan.Zero });
        var id = (await EnqueueAsync(1, FailingHandler.JobKind, maxAttempts: 3)).Single();

        for (var attempt = 1; attempt <= 3; attempt++)
        {
            var claimed = await worker.ClaimAsync(10, CancellationToken.None);
            claimed.Single().Attempts.ShouldBe(attempt);
            await worker.RunAsync(claimed.Single(), CancellationToken.None);
        }

        handler.Calls.ShouldBe(3);
        (await worker.ClaimAsync(10, CancellationToken.None)).ShouldBeEmpty();
        var job = await ReadJobAsync(id);
        job.Status.ShouldBe(BackgroundJobStatus.Dead);
        job.Attempts.ShouldBe(3);
        job.LastError!.ShouldContain("boom");
    }

    [Fact]
    public async Task Backoff_grows_exponentially_with_jitter_and_is_capped()
    {
        var worker = Worker(new RecordingHandler(), new JobQueueOptions { BaseRetryDelay = TimeSpan.FromSeconds(2), MaxRetryDelay = TimeSpan.FromSeconds(60) });
        for (var attempt = 1; attempt <= 8; attempt++)
        {
            var ceiling = Math.Min(2 * Math.Pow(2, attempt - 1), 60);
            var delays = Enumerable.Range(0, 50).Select(_ => worker.RetryDelay(attempt).TotalSeconds).ToList();
            delays.ShouldAllBe(d => d >= ceiling / 2 && d <= ceiling);
            if (attempt == 3)
            {
                delays.Distinct().Count().ShouldBeGreaterThan(1, "jitter spreads retries out");
            }
        }
    }

    [Fact]
    public async Task A_job_whose_worker_died_is_taken_over_after_its_lease()
    {
        var crashed = Worker(new RecordingHandler(), new JobQueueOptions { Lease = TimeSpan.FromMilliseconds(1) });
        var id = (await EnqueueAsync(1, RecordingHandler.JobKind)).Single();
        (await crashed.ClaimAsync(10, CancellationToken.None)).Single().Id.ShouldBe(id);
        await Task.Delay(50); // The lease runs out; the crashed worker never reports back.

        var handler = new RecordingHandler();
        var survivor = Worker(handler);
        var reclaimed = (await survivor.ClaimAsync(10, CancellationToken.None)).Single();
        reclaimed.Attempts.ShouldBe(2);
        await survivor.RunAsync(reclaimed, CancellationToken.None);
        handler.Seen.Count.ShouldBe(1);
        (await ReadJobAsync(id)).Status.ShouldBe(BackgroundJobStatus.Succeeded);
    }

    [Fact]
    public async Task Inserting_a_job_wakes_listeners_through_notify()
    {
        await using var connection = new NpgsqlConnection(_app.ConnectionString);
        await connection.OpenAsync();
        var notified = new TaskCompletionSource<string>();
        connection.Notification += (_, e) => notified.TrySetResult(e.Payload);
        await using (var listen = new NpgsqlCommand("LISTEN candor_jobs", connection))
        {
            await listen.ExecuteNonQueryAsync();
        }
        await EnqueueAsync(1, RecordingHandler.JobKind);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        await connection.WaitAsync(timeout.Token);
        (await notified.Task).ShouldBe(RecordingHandler.JobKind);
    }

    [Fact]
    public async Task A_restarted_node_takes_back_the_jobs_its_crashed_run_left_running_without_waiting_for_their_lease()
    {
        var options = new JobQueueOptions { NodeId = $"node-{Guid.NewGuid():N}", Lease = TimeSpan.FromMinutes(10) };
        var crashedRun = Node(options);
        await crashedRun.RegisterAsync(CancellationToken.None);
        var id = (await EnqueueAsync(1, RecordingHandler.JobKind)).Single();
        (await Worker(new RecordingHandler(), options, crashedRun).ClaimAsync(10, CancellationToken.None)).Single().Id.ShouldBe(id);

        // The process dies mid-job: nothing is handed back. The node comes back as a new run of the same node.
        var handler = new RecordingHandler();
        var restartedRun = Node(options);
        var restarted = Worker(handler, options, restartedRun);
        (await restarted.ClaimAsync(10, CancellationToken.None)).ShouldBeEmpty("until the new run registers, the old one may still be alive");
        await restartedRun.RegisterAsync(CancellationToken.None);

        var reclaimed = (await restarted.ClaimAsync(10, CancellationToken.None)).Single();
        reclaimed.Id.ShouldBe(id);
        reclaimed.Attempts.ShouldBe(2);
        await restarted.RunAsync(reclaimed, CancellationToken.None);
        handler.Seen.Count.ShouldBe(1);
        var job = await ReadJobAsync(id);
        job.Status.ShouldBe(BackgroundJobStatus.Succeeded);
    }

    [Fact]
    public async Task A_live_nodes_jobs_are_left_alone_and_a_silent_nodes_are_taken_over_well_before_their_lease_ends()
    {
        var lease = TimeSpan.FromMinutes(10);
        var busyNode = Node(new JobQueueOptions { NodeId = $"busy-{Guid.NewGuid():N}" });
        await busyNode.RegisterAsync(CancellationToken.None);
        var id = (await EnqueueAsync(1, RecordingHandler.JobKind)).Single();
        (await Worker(new RecordingHandler(), new JobQueueOptions { Lease = lease }, busyNode).ClaimAsync(10, CancellationToken.None)).Single().Id.ShouldBe(id);

        var handler = new RecordingHandler();
        var survivorOptions = new JobQueueOptions { NodeId = $"survivor-{Guid.NewGuid():N}", Lease = lease, NodeTimeout = TimeSpan.FromSeconds(30) };
        var survivorNode = Node(survivorOptions);
        await survivorNode.RegisterAsync(CancellationToken.None);
        var survivor = Worker(handler, survivorOptions, survivorNode);
        await busyNode.BeatAsync(CancellationToken.None);
        (await survivor.ClaimAsync(10, CancellationToken.None)).ShouldBeEmpty("a node that beats is alive and keeps its job");

        // The busy node dies: its last heartbeat ages past the timeout (its lease still has minutes to run).
        await using (var command = _app.Services.GetRequiredService<NpgsqlDataSource>()
            .CreateCommand("UPDATE worker_heartbeats SET heartbeat_at = now() - interval '1 minute' WHERE worker_id = $1"))
        {
            command.Parameters.AddWithValue(busyNode.WorkerId);
            (await command.ExecuteNonQueryAsync()).ShouldBe(1);
        }

        var reclaimed = (await survivor.ClaimAsync(10, CancellationToken.None)).Single();
        reclaimed.Id.ShouldBe(id);
        await survivor.RunAsync(reclaimed, CancellationToken.None);
        handler.Seen.Count.ShouldBe(1);
        (await ReadJobAsync(id)).Status.ShouldBe(BackgroundJobStatus.Succeeded);
    }

    private WorkerNode Node(JobQueueOptions options) =>
        new(_app.Services.GetRequiredService<NpgsqlDataSource>(), Options.Create(options), NullLogger<WorkerNode>.Instance);

    private JobWorker Worker(IJobHandler handler, JobQueueOptions? options = null, WorkerNode? node = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton(_app.Services.GetRequiredService<NpgsqlDataSource>());
        services.AddScoped<TenantContext>();
        services.TryAddScoped(handler.GetType(), _ => handler);
        var provider = services.BuildServiceProvider();
        var kind = (string)handler.GetType().GetField("JobKind")!.GetValue(null)!;
        return new JobWorker(
            provider.GetRequiredService<NpgsqlDataSource>(),
            node ?? Node(options ?? new JobQueueOptions()),
            provider.GetRequiredService<IServiceScopeFactory>(),
            [new JobHandlerRegistration(kind, handler.GetType())],
            Options.Create(options ?? new JobQueueOptions()),
            NullLogger<JobWorker>.Instance);
    }

    private async Task<List<long>> EnqueueAsync(int count, string kind, int maxAttempts = 5)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CandorDbContext>();
        var jobs = Enumerable.Range(0, count).Select(i => db.EnqueueJob(kind, new { n = i }, organizationId: null, maxAttempts)).ToList();
        await db.SaveChangesAsync();
        return jobs.Select(j => j.Id).ToList();
    }

    private async Task<BackgroundJob> ReadJobAsync(long id)
    {
        await using var scope = _app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CandorDbContext>().BackgroundJobs.AsNoTracking().SingleAsync(j => j.Id == id);
    }

    private sealed class RecordingHandler : IJobHandler
    {
        public const string JobKind = "test_record";

        public ConcurrentBag<long> Seen { get; } = [];

        public Task HandleAsync(JsonElement payload, CancellationToken cancellationToken)
        {
            Seen.Add(payload.TryGetProperty("n", out var n) ? n.GetInt64() : -1);
            return Task.CompletedTask;
        }
    }

    private sealed class FailingHandler : IJobHandler
    {
        public const string JobKind = "test_fail";

        public int Calls { get; private set; }

        public Task HandleAsync(JsonElement payload, CancellationToken cancellationToken)
        {
            Calls++;
            throw new InvalidOperationException("boom");
        }
    }
}
