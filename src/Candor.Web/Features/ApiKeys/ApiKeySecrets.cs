using System.Security.Cryptography;
using System.Text;

namespace Candor.Web.Features.ApiKeys;

/// <summary>
/// API keys look like <c>cnd_ab12cd34_&lt;32 random chars&gt;</c>. The first 12 characters are the
/// prefix, stored in clear to find the row and to show the recruiter which key is which; the whole
/// key is stored only as a SHA-256 hash (keys are long and random, so a slow hash buys nothing).
/// </summary>
public static class ApiKeySecrets
{
    public const int PrefixLength = 12;
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    /// <summary>Lets a key create, list, rotate and revoke the organisation's keys (never beyond its own scopes).</summary>
    public const string ManageScope = "api_keys:manage";

    public static readonly IReadOnlyList<string> AllScopes = ["interviews:write", "interviews:read", "jobs:write", "webhooks:manage", ManageScope];

    public static string Generate() =>
        $"cnd_{RandomString(8, Alphabet[..36])}_{RandomString(32, Alphabet)}";

    public static string PrefixOf(string key) => key.Length >= PrefixLength ? key[..PrefixLength] : key;

    public static string Hash(string secret) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));

    public static bool Matches(string presented, string storedHash) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(presented)), Encoding.ASCII.GetBytes(storedHash));

    /// <summary>Unbiased random characters from <paramref name="alphabet"/>.</summary>
    public static string RandomString(int length, string alphabet) =>
        string.Create(length, alphabet, static (span, chars) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = chars[RandomNumberGenerator.GetInt32(chars.Length)];
            }
        });

    /// <summary>A URL-safe random token (candidate links, 256 bits).</summary>
    public static string NewToken() => Base64Url(RandomNumberGenerator.GetBytes(32));

    private static string Base64Url(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
