using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Options;

namespace Candor.Web.Infrastructure.Blobs;

/// <summary>
/// Blobs in an S3 bucket: AWS S3 itself, or any S3-compatible service (MinIO, Ceph, R2…) at
/// <see cref="S3BlobOptions.ServiceUrl"/>. Every node of a cluster sees the same blobs. Checksums are asked for only
/// where the service requires them, so services that do not know the newer AWS checksum headers work too.
/// </summary>
public sealed class S3BlobStore : IBlobStore, IDisposable
{
    private readonly AmazonS3Client _client;
    private readonly string _bucket;
    private readonly string _prefix;

    public S3BlobStore(IOptions<BlobOptions> options)
    {
        var s3 = options.Value.S3;
        _bucket = string.IsNullOrWhiteSpace(s3.Bucket)
            ? throw new InvalidOperationException("Candor:Blobs:Provider is s3 but Candor:Blobs:S3:Bucket is not set.")
            : s3.Bucket;
        _prefix = s3.Prefix.Trim('/') is { Length: > 0 } prefix ? prefix + "/" : "";
        var config = new AmazonS3Config
        {
            ForcePathStyle = s3.ForcePathStyle,
            RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
            ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
        };
        if (string.IsNullOrWhiteSpace(s3.ServiceUrl))
        {
            config.RegionEndpoint = Amazon.RegionEndpoint.GetBySystemName(s3.Region);
        }
        else
        {
            config.ServiceURL = s3.ServiceUrl;
            config.AuthenticationRegion = s3.Region;
        }
        _client = string.IsNullOrEmpty(s3.AccessKey)
            ? new AmazonS3Client(config)
            : new AmazonS3Client(new BasicAWSCredentials(s3.AccessKey, s3.SecretKey), config);
    }

    public async Task PutAsync(BlobKey key, Stream content, string contentType, CancellationToken cancellationToken = default)
    {
        await _client.PutObjectAsync(new PutObjectRequest
        {
            BucketName = _bucket,
            Key = _prefix + key.Value,
            InputStream = content,
            AutoCloseStream = false,
            ContentType = contentType,
            UseChunkEncoding = false,
        }, cancellationToken);
    }

    public async Task<StoredBlob?> GetAsync(BlobKey key, CancellationToken cancellationToken = default)
    {
        try
        {
            var response = await _client.GetObjectAsync(_bucket, _prefix + key.Value, cancellationToken);
            return new StoredBlob(response.ResponseStream, response.Headers.ContentType ?? "application/octet-stream", response.ContentLength);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    public async Task DeleteAsync(BlobKey key, CancellationToken cancellationToken = default) =>
        await _client.DeleteObjectAsync(_bucket, _prefix + key.Value, cancellationToken);

    public void Dispose() => _client.Dispose();
}
