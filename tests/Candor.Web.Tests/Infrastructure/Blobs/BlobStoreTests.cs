using System.Collections.Concurrent;
using System.Security.Cryptography;
using Candor.Web.Infrastructure.Blobs;
using Candor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Options;

namespace Candor.Web.Tests.Infrastructure.Blobs;

/// <summary>Both blob stores keep, return and remove blobs by tenant-scoped key, with their content type.</summary>
public sealed class BlobStoreTests : IAsyncLifetime
{
    private static readonly Guid Organization = Guid.NewGuid();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"candor-blobs-{Guid.NewGuid():N}");
    private readonly FakeS3 _s3 = new();
    private WebApplication? _server;
    private string _s3Url = "";

    public async Task InitializeAsync() => (_server, _s3Url) = await LoopbackServer.StartAsync(_s3.Map);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    private IBlobStore Local() => new LocalFolderBlobStore(Options.Create(new BlobOptions { Folder = _folder }), new HostingEnvironment { ContentRootPath = "/" });

    private S3BlobStore S3() => new(Options.Create(new BlobOptions
    {
        Provider = "s3",
        S3 = new S3BlobOptions { Bucket = "candor-audio", ServiceUrl = _s3Url, AccessKey = "minio", SecretKey = "minio-secret", Prefix = "prod" },
    }));

    [Theory]
    [InlineData("local")]
    [InlineData("s3")]
    public async Task A_blob_is_kept_with_its_content_type_replaced_whole_and_removed(string store)
    {
        using var owned = store == "s3" ? S3() : null;
        var blobs = owned ?? Local();
        var key = BlobKey.For(Organization, "interviews", Guid.NewGuid().ToString("D"), "answers", "one");
        var audio = RandomNumberGenerator.GetBytes(300_000);

        (await blobs.GetAsync(key)).ShouldBeNull();
        await blobs.PutAsync(key, new MemoryStream(audio), "audio/webm");
        await using (var stored = await blobs.GetAsync(key))
        {
            stored!.ContentType.ShouldBe("audio/webm");
            stored.Length.ShouldBe(audio.Length);
            (await stored.ReadAllBytesAsync(CancellationToken.None)).ShouldBe(audio);
        }

        await blobs.PutAsync(key, new MemoryStream("ID3 again"u8.ToArray()), "audio/mpeg");
        await using (var replaced = await blobs.GetAsync(key))
        {
            replaced!.ContentType.ShouldBe("audio/mpeg");
            (await replaced.ReadAllBytesAsync(CancellationToken.None)).ShouldBe("ID3 again"u8.ToArray());
        }

        await blobs.DeleteAsync(key);
        (await blobs.GetAsync(key)).ShouldBeNull();
        await blobs.DeleteAsync(key); // Removing what is gone is fine.
    }

    [Fact]
    public async Task The_s3_store_speaks_signed_path_style_requests_under_its_prefix()
    {
        using var blobs = S3();
        var key = BlobKey.For(Organization, "interviews", "x", "prompt");

        await blobs.PutAsync(key, new MemoryStream("ID3"u8.ToArray()), "audio/mpeg");

        var put = _s3.Requests.Single(r => r.Method == "PUT");
        put.Path.ShouldBe($"/candor-audio/prod/{key.Value}");
        put.Authorization.ShouldStartWith("AWS4-HMAC-SHA256 Credential=minio/");
        put.Authorization.ShouldContain("/us-east-1/s3/aws4_request");
        _s3.Objects.Keys.ShouldBe([$"candor-audio/prod/{key.Value}"]);
    }

    [Fact]
    public async Task The_local_store_leaves_no_temporary_files_and_stays_inside_its_folder()
    {
        var blobs = Local();
        var key = BlobKey.For(Organization, "a", "b.c");
        await blobs.PutAsync(key, new MemoryStream([1, 2, 3]), "audio/wav");

        Directory.GetFiles(_folder, "*", SearchOption.AllDirectories).Select(Path.GetFileName).Order()
            .ShouldBe(["b.c.blob", "b.c.type"]);
        Directory.GetDirectories(_folder).Select(Path.GetFileName).ShouldBe([Organization.ToString("D")], "keys are tenant-scoped");
    }

    [Theory]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("a/b")]
    [InlineData("a\\b")]
    [InlineData("")]
    [InlineData("sp ace")]
    public void Keys_refuse_segments_that_could_escape_or_confuse_a_path(string segment)
    {
        Should.Throw<ArgumentException>(() => BlobKey.For(Organization, "interviews", segment));
        if (!segment.Contains('/')) // In a whole key a slash just separates two segments.
        {
            BlobKey.TryParse($"{Organization:D}/interviews/{segment}", out _).ShouldBeFalse();
        }
    }

    [Fact]
    public void A_key_from_outside_must_start_with_an_organisation()
    {
        BlobKey.TryParse($"{Organization:D}/interviews/x", out var key).ShouldBeTrue();
        key!.OrganizationId.ShouldBe(Organization);
        key.Path.ShouldBe(["interviews", "x"]);
        BlobKey.TryParse("not-an-org/interviews/x", out _).ShouldBeFalse();
        BlobKey.TryParse($"{Guid.Empty:D}/interviews/x", out _).ShouldBeFalse();
        BlobKey.TryParse($"{Organization:D}", out _).ShouldBeFalse();
    }

    /// <summary>Just enough of S3's REST API (path-style PUT/GET/DELETE object, NoSuchKey) to exercise the real SDK.</summary>
    private sealed class FakeS3
    {
        public sealed record Request(string Method, string Path, string Authorization);

        public ConcurrentQueue<Request> Requests { get; } = new();
        public ConcurrentDictionary<string, (byte[] Body, string ContentType)> Objects { get; } = new();

        public void Map(WebApplication app) => app.Run(async context =>
        {
            var path = context.Request.Path.Value!;
            Requests.Enqueue(new Request(context.Request.Method, path, context.Request.Headers.Authorization.ToString()));
            var name = path.TrimStart('/');
            switch (context.Request.Method)
            {
                case "PUT":
                    using (var body = new MemoryStream())
                    {
                        await context.Request.Body.CopyToAsync(body);
                        Objects[name] = (body.ToArray(), context.Request.ContentType ?? "binary/octet-stream");
                    }
                    context.Response.Headers.ETag = "\"etag\"";
                    return;
                case "GET" when Objects.TryGetValue(name, out var stored):
                    context.Response.ContentType = stored.ContentType;
                    context.Response.ContentLength = stored.Body.Length;
                    await context.Response.Body.WriteAsync(stored.Body);
                    return;
                case "GET":
                    context.Response.StatusCode = StatusCodes.Status404NotFound;
                    context.Response.ContentType = "application/xml";
                    await context.Response.WriteAsync($"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message><Key>{name}</Key></Error>");
                    return;
                case "DELETE":
                    Objects.TryRemove(name, out _);
                    context.Response.StatusCode = StatusCodes.Status204NoContent;
                    return;
                default:
                    context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
                    return;
            }
        });
    }
}
