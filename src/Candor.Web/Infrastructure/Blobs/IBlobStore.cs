namespace Candor.Web.Infrastructure.Blobs;

/// <summary>
/// Where audio (and other large binary data) is kept: a local folder by default, S3-compatible storage by
/// configuration (<see cref="BlobOptions"/>). Keys are tenant-scoped paths built by <see cref="BlobKey"/>, so every
/// blob names the organisation it belongs to. Writes replace whole blobs; a reader never sees half a blob.
/// </summary>
public interface IBlobStore
{
    /// <summary>Stores <paramref name="content"/> under <paramref name="key"/>, replacing any blob there.</summary>
    Task PutAsync(BlobKey key, Stream content, string contentType, CancellationToken cancellationToken = default);

    /// <summary>The blob, to be disposed by the caller; null when there is none.</summary>
    Task<StoredBlob?> GetAsync(BlobKey key, CancellationToken cancellationToken = default);

    /// <summary>Removes the blob; removing one that does not exist is not an error.</summary>
    Task DeleteAsync(BlobKey key, CancellationToken cancellationToken = default);
}

/// <summary>A blob being read: its bytes as a stream, what they are, and how many there are.</summary>
public sealed class StoredBlob(Stream content, string contentType, long length) : IAsyncDisposable, IDisposable
{
    public Stream Content { get; } = content;
    public string ContentType { get; } = contentType;
    public long Length { get; } = length;

    public async Task<byte[]> ReadAllBytesAsync(CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream(Length is > 0 and < int.MaxValue ? (int)Length : 0);
        await Content.CopyToAsync(buffer, cancellationToken);
        return buffer.ToArray();
    }

    public ValueTask DisposeAsync() => Content.DisposeAsync();

    public void Dispose() => Content.Dispose();
}
