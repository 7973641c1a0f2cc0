using System.Text;
using Candor.Web.Infrastructure;

namespace Candor.Web.Tests.Security;

/// <summary>
/// The request-line rewriter in front of Kestrel: %00 in a path becomes %7F, and nothing else changes, whatever
/// the bodies hold and however the bytes are split across reads.
/// </summary>
public sealed class Http1RequestLinesTests
{
    private const string Get = "GET /api/v1/jobs/%00 HTTP/1.1\r\nHost: candor.test\r\n\r\n";
    private const string GetRewritten = "GET /api/v1/jobs/%7F HTTP/1.1\r\nHost: candor.test\r\n\r\n";

    // Bodies that look like request lines with %00: inside a body they are data and must pass untouched.
    private const string Lookalike = "GET /%00 HTTP/1.1\r\n\r\n";

    [Fact]
    public void A_nul_in_the_path_becomes_del_and_the_rest_of_the_request_is_untouched()
    {
        Rewrite("GET /a%00b%000/%0%00%%00 HTTP/1.1\r\nX-Note: %00\r\n\r\n")
            .ShouldBe("GET /a%7Fb%7F0/%0%7F%%7F HTTP/1.1\r\nX-Note: %00\r\n\r\n");
    }

    [Fact]
    public void The_query_string_is_left_to_the_app()
    {
        const string request = "GET /api/v1/interviews?q=%00&x=%2500 HTTP/1.1\r\nHost: candor.test\r\n\r\n";
        Rewrite(request).ShouldBe(request);
    }

    [Fact]
    public void A_content_length_body_is_data_and_the_next_request_line_is_rewritten()
    {
        var post = $"POST /api/v1/sessions/t/answers HTTP/1.1\r\ncontent-length: {Lookalike.Length}\r\n\r\n{Lookalike}";
        Rewrite(post + Get).ShouldBe(post + GetRewritten);
    }

    [Fact]
    public void A_chunked_body_with_trailers_is_data_and_the_next_request_line_is_rewritten()
    {
        var post = "POST /x%00 HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
            + $"{Lookalike.Length:x};name=value\r\n{Lookalike}\r\n3\r\n%00\r\n0\r\nX-Trailer: %00\r\n\r\n";
        Rewrite(post + Get).ShouldBe(post.Replace("/x%00", "/x%7F", StringComparison.Ordinal) + GetRewritten);
    }

    [Theory]
    [InlineData("GET /chat HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n")] // Another protocol follows.
    [InlineData("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")] // HTTP/2 with prior knowledge.
    [InlineData("\u0016\u0003\u0001\u0002\u0000")] // A TLS client hello.
    [InlineData("POST /x HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n")] // A body Kestrel refuses to frame.
    [InlineData("POST /x HTTP/1.1\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\n")] // Ambiguous framing.
    [InlineData("GET /x HTTP/1.1\nHost: candor.test\n\n")] // Bare line feeds.
    public void After_anything_it_does_not_follow_exactly_every_byte_passes_untouched(string start)
    {
        Rewrite(start + Lookalike + Get).ShouldBe(start + Lookalike + Get);
    }

    /// <summary>Rewrites <paramref name="input"/> fed whole and in every piece size, and checks they all agree.</summary>
    private static string Rewrite(string input)
    {
        var bytes = Encoding.Latin1.GetBytes(input);
        var outputs = Enumerable.Range(1, bytes.Length).Select(size => Feed(bytes, size)).Distinct().ToList();
        outputs.Count.ShouldBe(1, "the output must not depend on how the bytes are split across reads");
        return outputs[0];
    }

    private static string Feed(byte[] bytes, int pieceSize)
    {
        var lines = new Http1RequestLines();
        var output = new List<byte>();
        for (var offset = 0; offset < bytes.Length; offset += pieceSize)
        {
            var piece = bytes.AsSpan(offset, Math.Min(pieceSize, bytes.Length - offset));
            var destination = new byte[piece.Length + Http1RequestLines.MaxHeldBack];
            output.AddRange(destination.AsSpan(0, lines.Rewrite(piece, destination)).ToArray());
        }
        return Encoding.Latin1.GetString([.. output]);
    }
}
