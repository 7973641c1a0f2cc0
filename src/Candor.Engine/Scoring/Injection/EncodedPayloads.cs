using System.Text;
using System.Text.RegularExpressions;

namespace Candor.Engine.Scoring.Injection;

/// <summary>
/// Base64 segments: a model decodes them happily, so an instruction inside one is as good as plain text.
/// Each segment that decodes to readable text is run through the detector; only segments whose text is an
/// injection count, so an answer quoting an ordinary base64 value is not flagged.
/// </summary>
internal static partial class EncodedPayloads
{
    private const int MinLength = 16;
    private const int MaxLength = 8192;

    // Standard and URL-safe alphabets, optional padding, not glued to other word characters.
    [GeneratedRegex(@"(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{16,}={0,2}(?![A-Za-z0-9+/=_-])", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 250)]
    private static partial Regex Segment();

    /// <summary>(start, end, decoded text) for every segment that decodes to readable text.</summary>
    public static IEnumerable<(int Start, int End, string Decoded)> Find(string text)
    {
        foreach (var match in InjectionPatterns.SafeMatches(Segment(), text))
        {
            if (match.Length <= MaxLength && Decode(match.Value) is { } decoded)
            {
                yield return (match.Index, match.Index + match.Length, decoded);
            }
        }
    }

    private static string? Decode(string segment)
    {
        // Plain words and identifiers ("PostgreSQLReplication") also fit the alphabet; real payloads mix cases
        // and digits or carry padding. Decoding them anyway is harmless: they do not decode to readable text.
        var body = segment.TrimEnd('=').Replace('-', '+').Replace('_', '/');
        if (body.Length < MinLength)
        {
            return null;
        }

        var padded = body.PadRight(body.Length + ((4 - (body.Length % 4)) % 4), '=');
        var bytes = new byte[padded.Length];
        if (!Convert.TryFromBase64String(padded, bytes, out var written))
        {
            return null;
        }

        string decoded;
        try
        {
            decoded = new UTF8Encoding(false, throwOnInvalidBytes: true).GetString(bytes, 0, written);
        }
        catch (DecoderFallbackException)
        {
            return null;
        }

        var readable = decoded.Count(c => !char.IsControl(c) || c is '\n' or '\r' or '\t');
        var letters = decoded.Count(char.IsLetter);
        return readable == decoded.Length && letters * 2 >= decoded.Length ? decoded : null;
    }
}
