using System.Text.Json;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Candor.Web.Features.Idempotency;

public sealed record StoredResponse(int Status, string? ContentType, string? Location, byte[] Body);

/// <summary>What an earlier request with the same key left: its fingerprint and, once completed, its response.</summary>
public sealed record IdempotencyRecord(string Fingerprint, StoredResponse? Response);

/// <summary>
/// The idempotency_keys table. Each statement commits on its own: a claim must be visible to
/// concurrent requests at once, not at the end of the request's own transaction.
/// </summary>
public sealed class IdempotencyStore(NpgsqlDataSource dataSource, IOptionsMonitor<IdempotencyOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Claims the key for this request. Succeeds for a new key, an expired one, or one whose request
    /// with the same body has been "in progress" past the timeout (its node died).
    /// </summary>
    public async Task<bool> TryClaimAsync(Guid apiKeyId, string key, string fingerprint, CancellationToken cancellationToken)
    {
        var settings = options.CurrentValue;
        var now = clock.GetUtcNow();
        await using var command = dataSource.CreateCommand("""
            INSERT INTO idempotency_keys AS k (api_key_id, key, request_fingerprint, status, created_at, expires_at)
            VALUES ($1, $2, $3, 'in_progress', $4, $5)
            ON CONFLICT (api_key_id, key) DO UPDATE SET
                request_fingerprint = EXCLUDED.request_fingerprint, status = 'in_progress', response_status = NULL,
                response_headers = NULL, response_body = NULL, created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
            WHERE k.expires_at <= $4
               OR (k.status = 'in_progress' AND k.created_at <= $6 AND k.request_fingerprint = EXCLUDED.request_fingerprint)
            RETURNING 1
            """);
        command.Parameters.AddWithValue(apiKeyId);
        command.Parameters.AddWithValue(key);
        command.Parameters.AddWithValue(fingerprint);
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(now + settings.Retention);
        command.Parameters.AddWithValue(now - settings.InProgressTimeout);
        return await command.ExecuteScalarAsync(cancellationToken) is not null;
    }

    public async Task<IdempotencyRecord?> FindAsync(Guid apiKeyId, string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("""
            SELECT request_fingerprint, status, response_status, response_headers::text, response_body
            FROM idempotency_keys WHERE api_key_id = $1 AND key = $2
            """);
        command.Parameters.AddWithValue(apiKeyId);
        command.Parameters.AddWithValue(key);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        if (reader.GetString(1) != "completed")
        {
            return new IdempotencyRecord(reader.GetString(0), null);
        }
        var headers = JsonSerializer.Deserialize<Dictionary<string, string?>>(reader.GetString(3)) ?? [];
        return new IdempotencyRecord(reader.GetString(0), new StoredResponse(
            reader.GetInt32(2), headers.GetValueOrDefault("content_type"), headers.GetValueOrDefault("location"), (byte[])reader[4]));
    }

    public async Task CompleteAsync(Guid apiKeyId, string key, StoredResponse response, CancellationToken cancellationToken)
    {
        var headers = JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["content_type"] = response.ContentType,
            ["location"] = response.Location,
        });
        await using var command = dataSource.CreateCommand("""
            UPDATE idempotency_keys SET status = 'completed', response_status = $3, response_headers = $4::jsonb, response_body = $5
            WHERE api_key_id = $1 AND key = $2
            """);
        command.Parameters.AddWithValue(apiKeyId);
        command.Parameters.AddWithValue(key);
        command.Parameters.AddWithValue(response.Status);
        command.Parameters.AddWithValue(headers);
        command.Parameters.AddWithValue(response.Body);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>Gives the key back after a failure, so a retry runs the request again.</summary>
    public async Task ReleaseAsync(Guid apiKeyId, string key, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "DELETE FROM idempotency_keys WHERE api_key_id = $1 AND key = $2 AND status = 'in_progress'");
        command.Parameters.AddWithValue(apiKeyId);
        command.Parameters.AddWithValue(key);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM idempotency_keys WHERE expires_at <= $1");
        command.Parameters.AddWithValue(clock.GetUtcNow());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
