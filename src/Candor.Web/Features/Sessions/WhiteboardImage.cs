namespace Candor.Web.Features.Sessions;

/// <summary>
/// The candidate's whiteboard sketch as sent with an answer: a <c>data:image/png;base64,…</c> URL. The browser caps the
/// PNG at 1 MB; the server allows a little more so a sketch just over after encoding is not refused.
/// </summary>
public static class WhiteboardImage
{
    public const string DataUrlPrefix = "data:image/png;base64,";

    /// <summary>Longest data URL accepted (1.5 MB of text).</summary>
    public const int MaxDataUrlLength = 1536 * 1024;

    /// <summary>The answers endpoint's body limit: the sketch, plus the answer and code beside it.</summary>
    public const long MaxAnswerBodyBytes = 2 * 1024 * 1024;

    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Decodes the sketch, or says why it cannot be kept (the caller names the field).</summary>
    public static byte[]? Decode(string? dataUrl, out string? error)
    {
        error = null;
        if (string.IsNullOrEmpty(dataUrl))
        {
            return null;
        }
        if (!dataUrl.StartsWith(DataUrlPrefix, StringComparison.Ordinal))
        {
            error = $"The field 'whiteboard' must be a PNG data URL starting with '{DataUrlPrefix}'.";
            return null;
        }
        if (dataUrl.Length > MaxDataUrlLength)
        {
            error = $"The field 'whiteboard' must be at most {MaxDataUrlLength:N0} characters (got {dataUrl.Length:N0}).";
            return null;
        }
        var bytes = new byte[(dataUrl.Length - DataUrlPrefix.Length) * 3 / 4 + 3];
        if (!Convert.TryFromBase64String(dataUrl[DataUrlPrefix.Length..], bytes, out var written)
            || written < PngSignature.Length || !bytes.AsSpan(0, PngSignature.Length).SequenceEqual(PngSignature))
        {
            error = "The field 'whiteboard' is not a valid base64-encoded PNG image.";
            return null;
        }
        return bytes[..written];
    }
}
