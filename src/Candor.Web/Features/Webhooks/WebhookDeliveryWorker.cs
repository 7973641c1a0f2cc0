using Candor.Web.Jobs;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;

namespace Candor.Web.Features.Webhooks;

/// <summary>
/// Delivers webhooks. Each pass fans new outbox events out into one message per subscribed endpoint,
/// then claims due messages with FOR UPDATE SKIP LOCKED under a lease and sends them. Woken by
/// NOTIFY candor_webhooks (a new event, a replay), a finished send, or the poll interval. A node that
/// dies mid-send is noticed by its heartbeat (see <see cref="WorkerNode"/>; its lease is the backstop), and
/// another node (or the restarted one) re-sends the message with the same webhook-id, so nothing is lost
/// and receivers can drop the duplicate.
/// </summary>
public sealed class WebhookDeliveryWorker(
    NpgsqlDataSource dataSource,
    WorkerNode node,
    WebhookSender sender,
    WebhookSecretProtector secrets,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookDeliveryWorker> logger) : BackgroundService
{
    public const string Channel = "candor_webhooks";
    private const int DispatchBatch = 500;

    private readonly WebhookOptions _options = options.Value;
    private readonly WakeSignal _wake = new();
    private readonly string _workerId = node.WorkerId;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        _ = Task.Run(() => PostgresNotifications.ListenAsync(dataSource, Channel, _wake.Set, logger, stoppingToken), stoppingToken);
        try
        {
            // The first claim then takes back what this node's previous run was sending.
            await node.RegisteredAsync(stoppingToken);
        }
        catch (OperationCanceledException)
        {
            return;
        }
        var running = new List<Task>();
        var lastCleanup = DateTimeOffset.MinValue;
        var dispatch = true;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                // New events arrive with a NOTIFY (or are found by polling); a finished send needs no fan-out pass.
                while (dispatch && await DispatchAsync(stoppingToken) == DispatchBatch)
                {
                }

                running.RemoveAll(t => t.IsCompleted);
                var free = _options.Concurrency - running.Count;
                if (free > 0)
                {
                    foreach (var message in await ClaimAsync(free, stoppingToken))
                    {
                        running.Add(DeliverAsync(message, stoppingToken));
                    }
                }

                if (clock.GetUtcNow() - lastCleanup > TimeSpan.FromHours(1))
                {
                    await CleanupAsync(stoppingToken);
                    lastCleanup = clock.GetUtcNow();
                }

                var wake = _wake.WaitAsync(_options.PollInterval, stoppingToken);
                var waitFor = new List<Task> { wake };
                waitFor.AddRange(running);
                await Task.WhenAny(waitFor);
                dispatch = wake.IsCompleted;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Webhook delivery loop failed; retrying shortly");
                await Task.Delay(_options.PollInterval, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }

        // In-flight sends see the cancellation and hand their messages back before the app stops.
        await Task.WhenAll(running).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    /// <summary>Fans undispatched events out to every enabled endpoint of their organisation subscribed to their type. Returns the events handled.</summary>
    public async Task<int> DispatchAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            WITH events AS (
                SELECT id, organization_id, type FROM outbox_events
                 WHERE dispatched_at IS NULL
                 ORDER BY created_at, id
                 FOR UPDATE SKIP LOCKED
                 LIMIT $1),
            fanned AS (
                INSERT INTO webhook_messages (id, organization_id, endpoint_id, event_id, event_type, status, next_attempt_at)
                SELECT gen_random_uuid(), ev.organization_id, e.id, ev.id, ev.type, 'pending', now()
                  FROM events ev
                  JOIN webhook_endpoints e ON e.organization_id = ev.organization_id AND e.enabled
                   AND (cardinality(e.event_types) = 0 OR ev.type = ANY (e.event_types))
                ON CONFLICT (endpoint_id, event_id) DO NOTHING
                RETURNING 1),
            dispatched AS (
                UPDATE outbox_events SET dispatched_at = now() WHERE id IN (SELECT id FROM events) RETURNING 1)
            SELECT (SELECT count(*) FROM dispatched)::int, (SELECT count(*) FROM fanned)::int
            """);
        command.Parameters.AddWithValue(DispatchBatch);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return reader.GetInt32(0);
    }

    /// <summary>Claims up to <paramref name="limit"/> due messages of enabled endpoints, including ones whose worker is gone or whose lease ran out.</summary>
    public async Task<IReadOnlyList<OutgoingWebhook>> ClaimAsync(int limit, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand($"""
            WITH claimed AS (
                UPDATE webhook_messages AS m
                   SET status = 'sending', attempts = m.attempts + 1, locked_by = $1,
                       locked_until = now() + $2, updated_at = now()
                 WHERE m.id IN (
                       SELECT w.id FROM webhook_messages w
                         JOIN webhook_endpoints e ON e.id = w.endpoint_id AND e.enabled
                        WHERE (w.status = 'pending' AND w.next_attempt_at <= now())
                           OR (w.status = 'sending' AND (w.locked_until < now() OR {WorkerNode.WorkerIsGone("w.locked_by", "$4")}))
                        ORDER BY w.next_attempt_at, w.id
                        FOR UPDATE OF w SKIP LOCKED
                        LIMIT $3)
                RETURNING m.id, m.organization_id, m.endpoint_id, m.event_id, m.attempts)
            SELECT c.id, c.organization_id, c.endpoint_id, c.attempts, e.url, e.secret_ciphertext,
                   CASE WHEN e.previous_secret_expires_at > now() THEN e.previous_secret_ciphertext END, o.payload
              FROM claimed c
              JOIN webhook_endpoints e ON e.id = c.endpoint_id
              JOIN outbox_events o ON o.id = c.event_id
            """);
        command.Parameters.AddWithValue(_workerId);
        command.Parameters.AddWithValue(_options.Lease);
        command.Parameters.AddWithValue(limit);
        command.Parameters.AddWithValue(node.Timeout);
        var claimed = new List<(Guid Id, Guid OrganizationId, Guid EndpointId, int Attempt, string Url, string Secret, string? Previous, string Body)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                claimed.Add((reader.GetGuid(0), reader.GetGuid(1), reader.GetGuid(2), reader.GetInt32(3), reader.GetString(4),
                    reader.GetString(5), reader.IsDBNull(6) ? null : reader.GetString(6), reader.GetString(7)));
            }
        }

        var messages = new List<OutgoingWebhook>(claimed.Count);
        foreach (var c in claimed)
        {
            try
            {
                // Newest secret first; the previous one rides along until its overlap ends.
                List<string> live = [secrets.Unprotect(c.Secret, c.EndpointId)];
                if (c.Previous is not null)
                {
                    live.Add(secrets.Unprotect(c.Previous, c.EndpointId));
                }
                messages.Add(new OutgoingWebhook(c.Id, c.OrganizationId, c.EndpointId, c.Attempt, c.Url, live, c.Body));
            }
            catch (Exception ex)
            {
                logger.LogError(ex, "Cannot decrypt the signing secret of webhook endpoint {EndpointId}", c.EndpointId);
                var message = new OutgoingWebhook(c.Id, c.OrganizationId, c.EndpointId, c.Attempt, c.Url, [], c.Body);
                await RecordAsync(message, new AttemptResult(false, null, 0, null, "The endpoint's signing secret could not be decrypted (is Candor:Secrets:Key right?).", null), cancellationToken);
            }
        }
        return messages;
    }

    /// <summary>Sends one claimed message and records the attempt. Public so tests can drive delivery step by step.</summary>
    public async Task DeliverAsync(OutgoingWebhook message, CancellationToken stoppingToken)
    {
        AttemptResult result;
        try
        {
            result = await sender.SendAsync(message, stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: hand the message back for the next start (or another node) to send at once, same webhook-id.
            await WriteAsync(
                Attempt(message, new AttemptResult(false, null, 0, null, "Interrupted: the app stopped during delivery; it will be sent again.", null)),
                Command("""
                    UPDATE webhook_messages SET status = 'pending', attempts = greatest(attempts - 1, 0), next_attempt_at = now(),
                           locked_by = NULL, locked_until = NULL, updated_at = now()
                     WHERE id = $1 AND locked_by = $2
                    """, message.MessageId, _workerId));
            return;
        }
        catch (Exception ex)
        {
            result = new AttemptResult(false, null, 0, null, $"Unexpected error: {ex.Message}", null);
        }
        await RecordAsync(message, result, CancellationToken.None);
    }

    /// <summary>Logs the attempt and moves the message on: delivered, retried later, failed, or (on 410) failed with its endpoint disabled.</summary>
    private async Task RecordAsync(OutgoingWebhook message, AttemptResult result, CancellationToken cancellationToken)
    {
        var delay = result.Succeeded || result.Gone ? null
            : WebhookRetryPolicy.NextDelay(_options.EffectiveRetryDelays, message.Attempt, result.RetryAfter, Random.Shared.NextDouble());
        var status = result.Succeeded ? "delivered" : delay is null ? "failed" : "pending";
        var commands = new List<NpgsqlBatchCommand>
        {
            Attempt(message, result),
            Command("""
                UPDATE webhook_messages
                   SET status = $3, next_attempt_at = now() + $4, last_status_code = $5, last_error = $6,
                       delivered_at = CASE WHEN $3 = 'delivered' THEN now() ELSE delivered_at END,
                       locked_by = NULL, locked_until = NULL, updated_at = now()
                 WHERE id = $1 AND locked_by = $2
                """, message.MessageId, _workerId, status, delay ?? TimeSpan.Zero, Nullable(result.StatusCode), Nullable(result.Error)),
        };
        if (result.Gone)
        {
            // 410 Gone: the receiver asks us to stop. Disable the endpoint and fail what was waiting for it.
            var reason = $"The endpoint answered 410 Gone at {clock.GetUtcNow():u}; re-enable it once it accepts webhooks again.";
            commands.Add(Command("""
                UPDATE webhook_endpoints SET enabled = false, disabled_reason = $2, disabled_at = now(), updated_at = now() WHERE id = $1
                """, message.EndpointId, reason));
            commands.Add(Command("""
                UPDATE webhook_messages SET status = 'failed', last_error = $2, locked_by = NULL, locked_until = NULL, updated_at = now()
                 WHERE endpoint_id = $1 AND status IN ('pending', 'sending')
                """, message.EndpointId, "Not sent: the endpoint was disabled after it answered 410 Gone."));
            logger.LogWarning("Webhook endpoint {EndpointId} answered 410 Gone; disabled", message.EndpointId);
        }
        else if (status == "failed")
        {
            logger.LogWarning("Webhook message {MessageId} failed after {Attempts} attempts: {Error}", message.MessageId, message.Attempt, result.Error);
        }
        await WriteAsync(cancellationToken, [.. commands]);
    }

    private NpgsqlBatchCommand Attempt(OutgoingWebhook message, AttemptResult result) => Command("""
        INSERT INTO webhook_delivery_attempts
               (organization_id, message_id, endpoint_id, attempt, attempted_at, status_code, latency_ms, response_excerpt, error, succeeded)
        VALUES ($1, $2, $3, $4, now(), $5, $6, $7, $8, $9)
        """, message.OrganizationId, message.MessageId, message.EndpointId, message.Attempt,
        Nullable(result.StatusCode), result.LatencyMs, Nullable(result.ResponseExcerpt), Nullable(result.Error), result.Succeeded);

    private Task CleanupAsync(CancellationToken cancellationToken) => WriteAsync(cancellationToken,
        Command("DELETE FROM webhook_messages WHERE status = 'delivered' AND delivered_at < now() - $1", _options.KeepDeliveredFor),
        Command("""
            DELETE FROM outbox_events e WHERE e.dispatched_at < now() - $1
               AND NOT EXISTS (SELECT 1 FROM webhook_messages m WHERE m.event_id = e.id)
            """, _options.KeepDeliveredFor));

    /// <summary>Runs the commands in one round trip; a batch runs as one implicit transaction, so they apply together or not at all.</summary>
    private Task WriteAsync(params NpgsqlBatchCommand[] commands) => WriteAsync(CancellationToken.None, commands);

    private async Task WriteAsync(CancellationToken cancellationToken, params NpgsqlBatchCommand[] commands)
    {
        await using var batch = dataSource.CreateBatch();
        foreach (var command in commands)
        {
            batch.BatchCommands.Add(command);
        }
        await batch.ExecuteNonQueryAsync(cancellationToken);
    }

    private static NpgsqlBatchCommand Command(string sql, params object[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var parameter in parameters)
        {
            command.Parameters.Add(parameter as NpgsqlParameter ?? new NpgsqlParameter { Value = parameter });
        }
        return command;
    }

    /// <summary>A typed parameter, so a null still tells PostgreSQL its type.</summary>
    private static NpgsqlParameter Nullable(int? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer };

    private static NpgsqlParameter Nullable(string? value) => new() { Value = (object?)value ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Text };

    public override void Dispose()
    {
        _wake.Dispose();
        base.Dispose();
    }
}
