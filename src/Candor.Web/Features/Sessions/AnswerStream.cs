using System.Text;
using System.Text.Json;
using Candor.Engine.Ai;
using Candor.Web.Data;
using Candor.Web.Infrastructure;

namespace Candor.Web.Features.Sessions;

/// <summary>
/// The streaming variant of POST /sessions/{token}/answers, chosen with <c>Accept: text/event-stream</c>.
/// Events, in order: <c>delta</c> {text} as the interviewer's words are produced; <c>replace</c> {text}
/// when what was shown must be replaced (the provider failed mid-reply, or a concurrent request's reply
/// won); then one <c>turn</c> with the same body as the JSON response. A failure after the stream has
/// begun arrives as an <c>error</c> event carrying problem details.
/// </summary>
public sealed class AnswerStream(HttpResponse response)
{
    private readonly StringBuilder _shown = new();
    private bool _started;

    public static bool IsWanted(HttpRequest request) =>
        request.Headers.Accept.Any(a => a?.Contains("text/event-stream", StringComparison.OrdinalIgnoreCase) == true);

    public async Task OnDeltaAsync(InterviewerDelta delta)
    {
        if (delta.Replaced && delta.Move is { } replacement)
        {
            await ReplaceAsync(replacement.Text);
        }
        else if (!string.IsNullOrEmpty(delta.Text))
        {
            _shown.Append(delta.Text);
            await WriteAsync("delta", new { text = delta.Text });
        }
    }

    public async Task CompleteAsync(SessionTurn turn)
    {
        if (_shown.ToString() != turn.Text)
        {
            // A replayed answer streamed nothing; a lost race streamed the other request's wording.
            await ReplaceAsync(turn.Text);
        }
        await WriteAsync("turn", turn);
    }

    /// <summary>Once the stream has begun a status code can't be sent; the problem travels as an event instead.</summary>
    public async Task<bool> TryFailAsync(ApiProblemException problem)
    {
        if (!_started)
        {
            return false;
        }
        await WriteAsync("error", new { status = problem.Status, title = problem.Title, detail = problem.Message, code = problem.Code });
        return true;
    }

    private async Task ReplaceAsync(string text)
    {
        _shown.Clear().Append(text);
        await WriteAsync("replace", new { text });
    }

    private async Task WriteAsync(string name, object data)
    {
        if (!_started)
        {
            _started = true;
            response.ContentType = "text/event-stream";
            response.Headers.CacheControl = "no-cache";
            response.Headers["X-Accel-Buffering"] = "no"; // Proxies must not hold the words back.
        }
        var json = JsonSerializer.Serialize(data, CandorJson.Options);
        await response.WriteAsync($"event: {name}\ndata: {json}\n\n", response.HttpContext.RequestAborted);
        await response.Body.FlushAsync(response.HttpContext.RequestAborted);
    }
}
