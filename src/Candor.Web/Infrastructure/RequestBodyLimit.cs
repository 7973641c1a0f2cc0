using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.Options;

namespace Candor.Web.Infrastructure;

/// <summary>
/// One body size limit, one answer: 413 <c>payload_too_large</c> whether the client announced the size
/// (Content-Length) or streamed it chunked. An endpoint may declare its own limit ([RequestSizeLimit], e.g. the
/// CSV upload page and the answers endpoint); the rest get <see cref="CandorOptions.MaxRequestBodyBytes"/>.
/// </summary>
public static class RequestBodyLimit
{
    public static IApplicationBuilder UseRequestBodyLimit(this IApplicationBuilder app)
    {
        var defaultMaxBody = app.ApplicationServices.GetRequiredService<IOptions<CandorOptions>>().Value.MaxRequestBodyBytes;
        return app.Use(async (context, next) =>
        {
            var maxBody = context.GetEndpoint()?.Metadata.GetMetadata<IRequestSizeLimitMetadata>()?.MaxRequestBodySize ?? defaultMaxBody;
            if (context.Request.ContentLength > maxBody)
            {
                throw TooLarge(maxBody);
            }
            if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
            {
                limit.MaxRequestBodySize = maxBody;
            }
            if (context.Request.ContentLength is null)
            {
                // A chunked body's size shows only while it is read. Kestrel's own limit fails that read with an
                // IOException, which the JSON binder swallows into a bare 413; counting here makes it our problem.
                context.Request.Body = new CountingBody(context.Request.Body, maxBody);
            }
            await next(context);
        });
    }

    private static ApiProblemException TooLarge(long maxBody) => new(StatusCodes.Status413PayloadTooLarge, "Payload too large",
        $"Request bodies are limited to {maxBody:N0} bytes.", "payload_too_large");

    private sealed class CountingBody(Stream inner, long maxBody) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(Translate(() => inner.Read(buffer, offset, count)));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return Count(await inner.ReadAsync(buffer, cancellationToken));
            }
            catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                throw TooLarge(maxBody);
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            return _read > maxBody ? throw TooLarge(maxBody) : read;
        }

        private int Translate(Func<int> read)
        {
            try
            {
                return read();
            }
            catch (BadHttpRequestException tooLarge) when (tooLarge.StatusCode == StatusCodes.Status413PayloadTooLarge)
            {
                throw TooLarge(maxBody);
            }
        }

        public override void Flush() => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
