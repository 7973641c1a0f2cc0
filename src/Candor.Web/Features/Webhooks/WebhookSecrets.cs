using System.Security.Cryptography;
using System.Text;
using Candor.Web.Infrastructure;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Webhooks;

/// <summary>Standard Webhooks secrets and signatures.</summary>
public static class WebhookSignature
{
    public const string SecretPrefix = "whsec_";

    /// <summary>A new signing secret: <c>whsec_</c> + base64 of 32 random bytes (the spec asks for 24 to 64).</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary><c>v1,</c> + base64 HMAC-SHA256 over <c>{id}.{timestamp}.{body}</c>, keyed with the secret's decoded bytes.</summary>
    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        var key = Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);
        var mac = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}"));
        return "v1," + Convert.ToBase64String(mac);
    }
}

/// <summary>
/// The webhook signing secrets' protector: the general <see cref="SecretProtector"/>, bound to the endpoint id
/// (kept as its own type so the webhook feature's wiring and tests read as before).
/// </summary>
public sealed class WebhookSecretProtector(IOptions<SecretsOptions> options, IHostEnvironment environment, ILogger<WebhookSecretProtector> logger)
    : SecretProtector(options, environment, logger);
