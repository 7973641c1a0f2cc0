using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Candor.Web.Data;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Candor.Web.Features.Idempotency;

public sealed record StoredResponse(int Status, string? ContentType, string? Location, byte[] Body);

/// <summary>What an earlier request with the same key left: its fingerprint and its response.</summary>
public sealed record IdempotencyRecord(string Fingerprint, StoredResponse Response);

/// <summary>One Idempotency-Key of one API key.</summary>
public sealed class IdempotencyKey(Guid apiKeyId, string key)
{
    private readonly byte[] _digest = SHA256.HashData([.. apiKeyId.ToByteArray(), .. Encoding.UTF8.GetBytes(key)]);

    public Guid ApiKeyId => apiKeyId;

    public string Key => key;

    /// <summary>The advisory lock that claims the key for one transaction.</summary>
    public long LockId => BitConverter.ToInt64(_digest, 16);

    /// <summary>What the stored body's encryption is bound to, so a ciphertext moved onto another key's row does not decrypt.</summary>
    public Guid CiphertextOwner => new(_digest.AsSpan(0, 16));
}

/// <summary>
/// The idempotency_keys table, read and written inside the request's own transaction. The key is claimed by a
/// transaction-scoped advisory lock, and the response row is inserted by the transaction that did the work: both
/// commit together or not at all, so a crash at any point leaves either the finished result or nothing, never a
/// claim without a result. Bodies are stored encrypted.
/// </summary>
public sealed class IdempotencyStore(NpgsqlDataSource dataSource, SecretProtector protector, IOptionsMonitor<IdempotencyOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Claims the key until <paramref name="db"/>'s transaction ends. False: a request with this key is running now
    /// (its transaction holds the lock). Never waits.
    /// </summary>
    public async Task<bool> TryClaimAsync(CandorDbContext db, IdempotencyKey key, CancellationToken cancellationToken) =>
        (await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({key.LockId}) AS \"Value\"").ToListAsync(cancellationToken)).Single();

    /// <summary>The stored result of an earlier request with this key, unless it has expired. Call while holding the claim.</summary>
    public async Task<IdempotencyRecord?> FindAsync(CandorDbContext db, IdempotencyKey key, CancellationToken cancellationToken)
    {
        await using var command = Command(db, """
            SELECT request_fingerprint, response_status, response_headers::text, response_body_ciphertext
            FROM idempotency_keys WHERE api_key_id = $1 AND key = $2 AND expires_at > $3
            """);
        command.Parameters.AddWithValue(key.ApiKeyId);
        command.Parameters.AddWithValue(key.Key);
        command.Parameters.AddWithValue(clock.GetUtcNow());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return null;
        }
        var headers = JsonSerializer.Deserialize<Dictionary<string, string?>>(reader.GetString(2)) ?? [];
        var body = protector.UnprotectBytes(reader.GetString(3), key.CiphertextOwner);
        return new IdempotencyRecord(reader.GetString(0), new StoredResponse(
            reader.GetInt32(1), headers.GetValueOrDefault("content_type"), headers.GetValueOrDefault("location"), body));
    }

    /// <summary>Stores the response in <paramref name="db"/>'s transaction, replacing an expired row of the same key.</summary>
    public async Task SaveAsync(CandorDbContext db, IdempotencyKey key, string fingerprint, StoredResponse response, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var headers = JsonSerializer.Serialize(new Dictionary<string, string?>
        {
            ["content_type"] = response.ContentType,
            ["location"] = response.Location,
        });
        await using var command = Command(db, """
            INSERT INTO idempotency_keys AS k
                (api_key_id, key, request_fingerprint, response_status, response_headers, response_body_ciphertext, created_at, expires_at)
            VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)
            ON CONFLICT (api_key_id, key) DO UPDATE SET
                request_fingerprint = EXCLUDED.request_fingerprint, response_status = EXCLUDED.response_status,
                response_headers = EXCLUDED.response_headers, response_body_ciphertext = EXCLUDED.response_body_ciphertext,
                created_at = EXCLUDED.created_at, expires_at = EXCLUDED.expires_at
            """);
        command.Parameters.AddWithValue(key.ApiKeyId);
        command.Parameters.AddWithValue(key.Key);
        command.Parameters.AddWithValue(fingerprint);
        command.Parameters.AddWithValue(response.Status);
        command.Parameters.AddWithValue(headers);
        command.Parameters.AddWithValue(protector.ProtectBytes(response.Body, key.CiphertextOwner));
        command.Parameters.AddWithValue(now);
        command.Parameters.AddWithValue(now + options.CurrentValue.Retention);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<int> DeleteExpiredAsync(CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM idempotency_keys WHERE expires_at <= $1");
        command.Parameters.AddWithValue(clock.GetUtcNow());
        return await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>A command on the context's connection, in its current transaction.</summary>
    private static NpgsqlCommand Command(CandorDbContext db, string sql) => new(sql,
        (NpgsqlConnection)db.Database.GetDbConnection(),
        (NpgsqlTransaction)(db.Database.CurrentTransaction ?? throw new InvalidOperationException("Idempotency keys are read and written only inside the request's transaction.")).GetDbTransaction());
}
