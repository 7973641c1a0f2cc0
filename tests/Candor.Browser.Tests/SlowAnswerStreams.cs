using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Candor.Browser.Tests;

/// <summary>
/// A slow network for the answer stream only: every write of POST /sessions/{token}/answers waits a
/// little before it goes out. The offline interviewer produces a whole reply at once; on a slow wire
/// its events arrive apart, so the tests can see the page render the words before the reply is complete.
/// </summary>
public sealed class SlowAnswerStreams : IStartupFilter
{
    public static readonly TimeSpan DelayPerWrite = TimeSpan.FromMilliseconds(150);

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, following) =>
        {
            if (HttpMethods.IsPost(context.Request.Method) && context.Request.Path.Value?.EndsWith("/answers", StringComparison.Ordinal) == true)
            {
                context.Response.Body = new DelayedStream(context.Response.Body);
            }
            await following(context);
        });
        next(app);
    };

    private sealed class DelayedStream(Stream inner) : Stream
    {
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(DelayPerWrite, cancellationToken);
            await inner.WriteAsync(buffer, cancellationToken);
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);
        public override void Flush() => inner.Flush();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("Synchronous writes are not used.");
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
