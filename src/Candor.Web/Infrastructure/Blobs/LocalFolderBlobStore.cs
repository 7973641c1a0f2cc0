using Microsoft.Extensions.Options;

namespace Candor.Web.Infrastructure.Blobs;

/// <summary>
/// Blobs as files under <see cref="BlobOptions.Folder"/>: <c>{key}.blob</c> beside <c>{key}.type</c> (its content
/// type). Each file is written to a temporary name and moved into place, so a reader (or a crash) never sees half a
/// blob. One node only: several nodes need a shared folder or the S3 store.
/// </summary>
public sealed class LocalFolderBlobStore(IOptions<BlobOptions> options, IHostEnvironment environment) : IBlobStore
{
    private const string DataSuffix = ".blob";
    private const string TypeSuffix = ".type";

    public string Root => Path.GetFullPath(options.Value.Folder, environment.ContentRootPath);

    public async Task PutAsync(BlobKey key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await WriteAtomicallyAsync(path + TypeSuffix, async file => await file.WriteAsync(System.Text.Encoding.UTF8.GetBytes(contentType), cancellationToken), cancellationToken);
        await WriteAtomicallyAsync(path + DataSuffix, file => content.CopyToAsync(file, cancellationToken), cancellationToken);
    }

    public async Task<StoredBlob?> GetAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        FileStream data;
        try
        {
            data = new FileStream(path + DataSuffix, FileMode.Open, FileAccess.Read, FileShare.Read | FileShare.Delete, 64 * 1024, useAsync: true);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        var contentType = File.Exists(path + TypeSuffix) ? (await File.ReadAllTextAsync(path + TypeSuffix, cancellationToken)).Trim() : "";
        return new StoredBlob(data, contentType.Length > 0 ? contentType : "application/octet-stream", data.Length);
    }

    public Task DeleteAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        var path = PathOf(key);
        File.Delete(path + DataSuffix);
        File.Delete(path + TypeSuffix);
        return Task.CompletedTask;
    }

    private string PathOf(BlobKey key)
    {
        var root = Root;
        var path = Path.GetFullPath(Path.Combine([root, .. key.Value.Split('/')]));
        // BlobKey already refuses ".." segments; this is the belt to its braces.
        return path.StartsWith(root + Path.DirectorySeparatorChar, StringComparison.Ordinal)
            ? path
            : throw new InvalidOperationException($"Blob key {key} escapes the blob folder.");
    }

    private static async Task WriteAtomicallyAsync(string path, Func<FileStream, Task> write, CancellationToken cancellationToken)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024, useAsync: true))
            {
                await write(file);
                // On disk before the caller commits a row naming it: an acknowledged recording must survive a power cut.
                file.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }
}
