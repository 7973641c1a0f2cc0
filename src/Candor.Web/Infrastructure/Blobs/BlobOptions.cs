namespace Candor.Web.Infrastructure.Blobs;

/// <summary>Settings under Candor:Blobs: a local folder (the default) or an S3-compatible bucket.</summary>
public sealed class BlobOptions
{
    public const string Section = "Candor:Blobs";

    /// <summary><c>local</c> (a folder on this node) or <c>s3</c> (AWS S3, MinIO, or any S3-compatible service).</summary>
    public string Provider { get; set; } = "local";

    /// <summary>The local store's folder; relative paths are under the content root. ./candor run uses .data/blobs.</summary>
    public string Folder { get; set; } = ".data/blobs";

    public S3BlobOptions S3 { get; set; } = new();
}

public sealed class S3BlobOptions
{
    public string? Bucket { get; set; }

    /// <summary>The service URL for S3-compatible storage (e.g. http://127.0.0.1:9000 for MinIO); empty means AWS itself.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>The AWS region (also used to sign requests to S3-compatible services).</summary>
    public string Region { get; set; } = "us-east-1";

    /// <summary>Bucket in the path (http://host/bucket/key), as MinIO and most S3-compatible services need.</summary>
    public bool ForcePathStyle { get; set; } = true;

    /// <summary>Credentials; when empty, the AWS SDK's default chain (environment, profile, instance role) applies.</summary>
    public string? AccessKey { get; set; }

    public string? SecretKey { get; set; }

    /// <summary>Prepended to every key, so one bucket can hold several Candor installations.</summary>
    public string Prefix { get; set; } = "";
}
