using Candor.Web.Tests.Infrastructure;
using Npgsql;

namespace Candor.Web.Tests.Jobs;

/// <summary>The app's own worker loop after a crash: what it takes over on start-up, and what it leaves alone.</summary>
public sealed class NodeRecoveryTests
{
    [Fact]
    public async Task On_start_up_a_node_takes_over_what_its_crashed_run_and_a_dead_node_left_running_but_not_a_live_nodes_work()
    {
        // The database as a crash left it, arranged by an app whose workers are off.
        var before = new CandorApp().With("Candor:Jobs:Enabled", "false").With("Candor:Webhooks:Enabled", "false");
        await before.InitializeAsync();
        var connectionString = before.ConnectionString;
        await before.DisposeAsync();
        await using (var connection = new NpgsqlConnection(connectionString))
        {
            await connection.OpenAsync();
            await using var arrange = new NpgsqlCommand("""
                INSERT INTO worker_heartbeats (worker_id, node, heartbeat_at) VALUES
                    ('node-x/1/crashed', 'node-x', now()),                   -- this node's previous run, which died mid-job
                    ('node-y/1/silent', 'node-y', now() - interval '1 hour'),  -- another node, dead for an hour
                    ('node-z/1/alive', 'node-z', now() + interval '1 hour');   -- another node, alive however slow this test runs
                INSERT INTO background_jobs (kind, payload, status, attempts, locked_by, locked_until)
                SELECT 'score_answer', jsonb_build_object('turn_id', gen_random_uuid(), 'left_by', w), 'running', 1, w, now() + interval '1 hour'
                  FROM unnest(ARRAY['node-x/1/crashed', 'node-y/1/silent', 'node-z/1/alive']) AS w;
                """, connection);
            await arrange.ExecuteNonQueryAsync();
        }

        // The node restarts. Every job still has an hour of lease left: waiting it out would take that hour.
        await using var restarted = CandorApp.OnDatabase(connectionString)
            .With("Candor:Jobs:NodeId", "node-x").With("Candor:Jobs:Lease", "01:00:00").With("Candor:Jobs:NodeTimeout", "00:05:00");
        await restarted.InitializeAsync();

        var deadline = DateTime.UtcNow.AddSeconds(60);
        Dictionary<string, string> statuses;
        do
        {
            await Task.Delay(200);
            statuses = await StatusesAsync(connectionString);
        }
        while (DateTime.UtcNow < deadline && statuses.Values.Count(s => s == "succeeded") < 2);

        statuses["node-x/1/crashed"].ShouldBe("succeeded", "the node took back what its own crashed run left");
        statuses["node-y/1/silent"].ShouldBe("succeeded", "a node silent past the timeout is dead");
        statuses["node-z/1/alive"].ShouldBe("running", "a live node keeps its job");
    }

    /// <summary>Each arranged job's status, by the worker that held it when the crash happened.</summary>
    private static async Task<Dictionary<string, string>> StatusesAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT payload->>'left_by', status FROM background_jobs WHERE payload ? 'left_by'", connection);
        var statuses = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            statuses[reader.GetString(0)] = reader.GetString(1);
        }
        return statuses;
    }
}
