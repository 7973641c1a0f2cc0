using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Candor.Web.Infrastructure;
using Candor.Web.Infrastructure.Blobs;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Audio;

public enum AudioUrlVerdict { Valid, Invalid, Expired }

/// <summary>
/// Recruiters' short-lived audio links: <c>{PublicBaseUrl}/api/v1/audio/{blob key}?expires={unix seconds}&amp;signature=…</c>,
/// the signature an HMAC-SHA256 over (organisation, blob key, expiry) under a key derived from Candor:Secrets:Key.
/// The link is the credential, so it works in an &lt;audio&gt; element and for a hiring platform's server alike;
/// changing any part of it, using it after it expires, or pointing it at another organisation's blob fails.
/// </summary>
public sealed class AudioUrls(SecretProtector secrets, IOptions<VoiceOptions> voice, IOptions<CandorOptions> candor, TimeProvider clock, ILogger<AudioUrls> logger)
{
    public const string RoutePrefix = "/api/v1/audio";

    private readonly byte[]? _key = secrets.DeriveKey("candor/audio-urls/v1");

    /// <summary>A signed URL valid for <see cref="VoiceOptions.SignedUrlLifetime"/>; null (logged) when no secrets key is configured.</summary>
    public string? Sign(BlobKey blob)
    {
        if (_key is null)
        {
            logger.LogWarning("Cannot sign audio URLs: Candor:Secrets:Key is not set.");
            return null;
        }
        var expires = clock.GetUtcNow().Add(voice.Value.SignedUrlLifetime).ToUnixTimeSeconds();
        var signature = WebEncoders.Base64UrlEncode(Mac(blob, expires));
        return $"{candor.Value.PublicBaseUrl.TrimEnd('/')}{RoutePrefix}/{blob.Value}?expires={expires.ToString(CultureInfo.InvariantCulture)}&signature={signature}";
    }

    /// <summary>Checks a presented link. Invalid covers a wrong or missing signature, a changed key or expiry, and a key that names no organisation.</summary>
    public AudioUrlVerdict Verify(BlobKey blob, string? expires, string? signature)
    {
        if (_key is null || !long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var expiresAt) || string.IsNullOrEmpty(signature))
        {
            return AudioUrlVerdict.Invalid;
        }
        byte[] presented;
        try
        {
            presented = WebEncoders.Base64UrlDecode(signature);
        }
        catch (FormatException)
        {
            return AudioUrlVerdict.Invalid;
        }
        if (!CryptographicOperations.FixedTimeEquals(presented, Mac(blob, expiresAt)))
        {
            return AudioUrlVerdict.Invalid;
        }
        return clock.GetUtcNow().ToUnixTimeSeconds() < expiresAt ? AudioUrlVerdict.Valid : AudioUrlVerdict.Expired;
    }

    /// <summary>Seconds until the link expires, for the response's Cache-Control.</summary>
    public long SecondsLeft(string expires) =>
        long.TryParse(expires, NumberStyles.None, CultureInfo.InvariantCulture, out var at) ? Math.Max(0, at - clock.GetUtcNow().ToUnixTimeSeconds()) : 0;

    private byte[] Mac(BlobKey blob, long expires) =>
        HMACSHA256.HashData(_key!, Encoding.UTF8.GetBytes($"candor-audio\n{blob.OrganizationId:D}\n{blob.Value}\n{expires.ToString(CultureInfo.InvariantCulture)}"));
}
