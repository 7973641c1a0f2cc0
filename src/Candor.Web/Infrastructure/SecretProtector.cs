using System.Security.Cryptography;
using System.Text;
using Candor.Web.Features.Webhooks;
using Microsoft.Extensions.Options;

namespace Candor.Web.Infrastructure;

/// <summary>
/// Encrypts secrets at rest (webhook signing secrets, organisations' AI provider keys, stored idempotent
/// responses) with AES-256-GCM under <c>Candor:Secrets:Key</c>. The owning row's id is bound in as associated
/// data, so a ciphertext copied onto another row does not decrypt. Stored form: <c>v1:</c> + base64(nonce ‖ ciphertext ‖ tag).
/// </summary>
public class SecretProtector
{
    private const string Version = "v1:";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    // Only ever used where the environment is Development or Testing, never for real data.
    private static readonly byte[] DevelopmentKey = SHA256.HashData("candor-development-only-secrets-key"u8);

    private readonly byte[]? _key;
    private readonly string? _problem;
    private readonly ILogger _logger;

    public SecretProtector(IOptions<SecretsOptions> options, IHostEnvironment environment, ILogger logger)
    {
        _logger = logger;
        var configured = options.Value.Key;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            _key = TryDecodeKey(configured.Trim());
            _problem = _key is null ? "Candor:Secrets:Key is not base64 of exactly 32 bytes." : null;
        }
        else if (environment.IsDevelopment() || environment.IsEnvironment("Testing"))
        {
            _key = DevelopmentKey;
            logger.LogWarning("Candor:Secrets:Key is not set; stored secrets are encrypted with a fixed development key. Set it (base64 of 32 random bytes) before storing real secrets.");
        }
        else
        {
            _problem = "Candor:Secrets:Key is not set.";
        }
        if (_problem is not null)
        {
            logger.LogError("{Problem} Webhook endpoints and AI provider keys cannot be stored or used until it is (base64 of 32 random bytes, e.g. `head -c 32 /dev/urandom | base64`).", _problem);
        }
    }

    /// <summary>Throws a 500 problem (and logs why) when no usable key is configured.</summary>
    public void EnsureConfigured()
    {
        if (_key is null)
        {
            _logger.LogError("Refusing to store a secret: {Problem}", _problem);
            throw new ApiProblemException(StatusCodes.Status500InternalServerError, "Secrets key not configured",
                "The server cannot store secrets because its encryption key is missing or invalid. An operator must set Candor:Secrets:Key.",
                "secrets_key_missing");
        }
    }

    public string Protect(string secret, Guid ownerId) => ProtectBytes(Encoding.UTF8.GetBytes(secret), ownerId);

    public string Unprotect(string stored, Guid ownerId) => Encoding.UTF8.GetString(UnprotectBytes(stored, ownerId));

    /// <summary>As <see cref="Protect"/>, for any bytes (stored idempotent responses).</summary>
    public string ProtectBytes(byte[] plaintext, Guid ownerId)
    {
        EnsureConfigured();
        var sealedBytes = new byte[NonceSize + plaintext.Length + TagSize];
        var nonce = sealedBytes.AsSpan(0, NonceSize);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(_key!, TagSize);
        aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize, plaintext.Length), sealedBytes.AsSpan(NonceSize + plaintext.Length), ownerId.ToByteArray());
        return Version + Convert.ToBase64String(sealedBytes);
    }

    public byte[] UnprotectBytes(string stored, Guid ownerId)
    {
        if (_key is null)
        {
            throw new InvalidOperationException(_problem);
        }
        if (!stored.StartsWith(Version, StringComparison.Ordinal))
        {
            throw new CryptographicException("Unknown secret ciphertext format.");
        }
        var sealedBytes = Convert.FromBase64String(stored[Version.Length..]);
        var length = sealedBytes.Length - NonceSize - TagSize;
        var plaintext = new byte[length];
        using var aes = new AesGcm(_key, TagSize);
        aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize, length), sealedBytes.AsSpan(NonceSize + length), plaintext, ownerId.ToByteArray());
        return plaintext;
    }

    /// <summary>
    /// A 32-byte key for another use of the same secret (e.g. signing audio URLs), derived with HKDF so it never
    /// equals the encryption key or another purpose's key; null when no key is configured (the reason is logged).
    /// </summary>
    public byte[]? DeriveKey(string purpose) =>
        _key is null ? null : HKDF.DeriveKey(HashAlgorithmName.SHA256, _key, 32, info: Encoding.UTF8.GetBytes(purpose));

    private static byte[]? TryDecodeKey(string value)
    {
        var buffer = new byte[64];
        return Convert.TryFromBase64String(value, buffer, out var written) && written == 32 ? buffer[..32] : null;
    }
}
