using System.Diagnostics.CodeAnalysis;

namespace Candor.Web.Infrastructure.Blobs;

/// <summary>
/// A blob's name: <c>{organization id}/segment/…</c>. The organisation always comes first, so a key says whose data
/// it is (signed audio URLs check it) and a tenant's blobs can be listed or removed together. Segments are limited
/// to letters, digits, '-', '_' and '.', never "." or "..", so a key is safe as a file path and as an object name.
/// </summary>
public sealed record BlobKey
{
    private BlobKey(Guid organizationId, string value)
    {
        OrganizationId = organizationId;
        Value = value;
    }

    public Guid OrganizationId { get; }
    public string Value { get; }

    public static BlobKey For(Guid organizationId, params string[] segments)
    {
        if (organizationId == Guid.Empty || segments.Length == 0)
        {
            throw new ArgumentException("A blob key needs an organisation and at least one segment.");
        }
        foreach (var segment in segments)
        {
            if (!IsSegment(segment))
            {
                throw new ArgumentException($"'{segment}' is not a valid blob key segment.", nameof(segments));
            }
        }
        return new BlobKey(organizationId, $"{organizationId:D}/{string.Join('/', segments)}");
    }

    /// <summary>Parses a key from outside (a signed URL); false for anything <see cref="For"/> could not have built.</summary>
    public static bool TryParse(string? value, [NotNullWhen(true)] out BlobKey? key)
    {
        key = null;
        var parts = value?.Split('/');
        if (parts is not { Length: >= 2 } || !Guid.TryParseExact(parts[0], "D", out var organizationId) || organizationId == Guid.Empty
            || !parts.Skip(1).All(IsSegment))
        {
            return false;
        }
        key = new BlobKey(organizationId, value!);
        return true;
    }

    /// <summary>The segments after the organisation.</summary>
    public IReadOnlyList<string> Path => Value.Split('/')[1..];

    public override string ToString() => Value;

    private static bool IsSegment(string segment) =>
        segment.Length is > 0 and <= 128 && segment is not ("." or "..")
        && segment.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
