using System.Text;
using System.Text.Json;
using Candor.Engine.Ai;
using Candor.Web.Data;
using Candor.Web.Infrastructure;

namespace Candor.Web.Features.Sessions;

/// <summary>
/// The streaming variant of POST /sessions/{token}/answers, chosen with <c>Accept: text/event-stream</c>.
/// Events, in order: <c>heard</c> first for a spoken answer (what speech-to-text heard); <c>delta</c> {text} as
/// the interviewer's words are produced; in a voice interview, <c>audio</c> {turn_id, part, url, text,
/// content_type} as each sentence has been spoken (<see cref="SpokenReply"/>); <c>replace</c> {text} when what
/// was shown must be replaced (the provider failed mid-reply, or a concurrent request's reply won), which also
/// voids the audio parts announced before it; then one <c>turn</c> with the same body as the JSON response.
/// A failure after the stream has begun arrives as an <c>error</c> event carrying problem details.
/// </summary>
public sealed class AnswerStream(HttpResponse response)
{
    private readonly StringBuilder _shown = new();
    // Audio events are written from the text-to-speech worker while deltas arrive: one writer at a time.
    private readonly SemaphoreSlim _writing = new(1, 1);
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

    /// <param name="body">The <c>turn</c> event's body when it carries more than the turn (a spoken answer's response).</param>
    /// <param name="audioVoid">Audio parts were announced for a turn that did not become the reply: replace, even if the words match.</param>
    public async Task CompleteAsync(SessionTurn turn, object? body = null, bool audioVoid = false)
    {
        if (audioVoid || _shown.ToString() != turn.Text)
        {
            // A replayed answer streamed nothing; a lost race streamed the other request's wording.
            await ReplaceAsync(turn.Text);
        }
        await WriteAsync("turn", body ?? turn);
    }

    /// <summary>The final event alone, when no reply was asked for (a spoken answer held for confirmation, or not heard).</summary>
    public Task SendTurnAsync(object body) => WriteAsync("turn", body);

    /// <summary>A spoken answer: what was heard, sent as soon as speech-to-text is done.</summary>
    public Task HeardAsync(object heard) => WriteAsync("heard", heard);

    /// <summary>One sentence of the reply is ready to play.</summary>
    public Task AudioAsync(object part) => WriteAsync("audio", part);

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
        var json = JsonSerializer.Serialize(data, CandorJson.Options);
        await _writing.WaitAsync(response.HttpContext.RequestAborted);
        try
        {
            if (!_started)
            {
                _started = true;
                response.ContentType = "text/event-stream";
                response.Headers.CacheControl = "no-cache";
                response.Headers["X-Accel-Buffering"] = "no"; // Proxies must not hold the words back.
            }
            await response.WriteAsync($"event: {name}\ndata: {json}\n\n", response.HttpContext.RequestAborted);
            await response.Body.FlushAsync(response.HttpContext.RequestAborted);
        }
        finally
        {
            _writing.Release();
        }
    }
}
