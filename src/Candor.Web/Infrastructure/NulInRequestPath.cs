using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace Candor.Web.Infrastructure;

/// <summary>
/// Kestrel refuses a request whose path decodes to U+0000 (<c>%00</c>) while it parses the request line, before any
/// middleware runs, and answers with an empty 400. This connection middleware rewrites <c>%00</c> in the path of each
/// HTTP/1.x request line to <c>%7F</c> (same length), which Kestrel lets through and <see cref="RequestText"/> refuses
/// with a problem response like any other control character in a path. Only plain-text HTTP/1.x is rewritten:
/// anything it does not follow exactly (TLS bytes, HTTP/2, an upgrade, a malformed message) is passed on untouched
/// from there on, so Kestrel stays the one that judges the bytes.
/// </summary>
public static class NulInRequestPath
{
    public static void UseNulInRequestPathRewrite(this ListenOptions listen) => listen.Use(next => connection => RunAsync(connection, next));

    private static async Task RunAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var transport = connection.Transport;
        var rewritten = new Pipe(new PipeOptions(useSynchronizationContext: false));
        connection.Transport = new DuplexPipe(rewritten.Reader, transport.Output);
        var pump = PumpAsync(transport.Input, rewritten.Writer);
        try
        {
            await next(connection);
        }
        finally
        {
            await rewritten.Reader.CompleteAsync();
            transport.Input.CancelPendingRead();
            await pump;
            connection.Transport = transport;
        }
    }

    private static async Task PumpAsync(PipeReader input, PipeWriter output)
    {
        var requestLines = new Http1RequestLines();
        Exception? error = null;
        try
        {
            while (true)
            {
                var result = await input.ReadAsync();
                if (result.IsCanceled)
                {
                    break;
                }
                foreach (var segment in result.Buffer)
                {
                    output.Advance(requestLines.Rewrite(segment.Span, output.GetSpan(segment.Length + Http1RequestLines.MaxHeldBack)));
                }
                input.AdvanceTo(result.Buffer.End);
                var flushed = await output.FlushAsync();
                if (result.IsCompleted || flushed.IsCompleted)
                {
                    break;
                }
            }
        }
        catch (Exception e)
        {
            error = e; // A reset connection reaches Kestrel as the same exception it would have read itself.
        }
        await output.CompleteAsync(error);
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;
        public PipeWriter Output { get; } = output;
    }
}
