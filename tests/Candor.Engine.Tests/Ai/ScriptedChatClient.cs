using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Candor.Engine.Tests.Ai;

/// <summary>
/// A fake model: answers from a queue of scripted replies (text, streams, exceptions), or from a responder
/// function once the queue is empty, and records every request so tests can assert on the prompts.
/// </summary>
internal sealed class ScriptedChatClient : IChatClient
{
    private readonly Queue<Step> _steps = new();

    /// <summary>Answers any request once the queue is empty (streamed word by word when streaming).</summary>
    public Func<IReadOnlyList<ChatMessage>, string>? Responder { get; init; }

    public List<IReadOnlyList<ChatMessage>> Requests { get; } = [];

    public List<ChatOptions?> RequestOptions { get; } = [];

    public ScriptedChatClient Reply(string text) => Enqueue(new Step([text], null));

    public ScriptedChatClient Stream(params string[] pieces) => Enqueue(new Step(pieces, null));

    public ScriptedChatClient Throw(Exception exception) => Enqueue(new Step([], exception));

    /// <summary>Streams the pieces, then breaks with the exception (a connection dropped mid-reply).</summary>
    public ScriptedChatClient StreamThenThrow(Exception exception, params string[] pieces) => Enqueue(new Step(pieces, exception));

    /// <summary>Everything sent in request <paramref name="index"/>, as one string.</summary>
    public string PromptOf(int index) => string.Join("\n", Requests[index].Select(m => $"[{m.Role}] {m.Text}"));

    public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var step = Next(messages, options);
        if (step.Pieces.Length == 0 && step.Exception is not null)
        {
            throw step.Exception;
        }

        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, string.Concat(step.Pieces))));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var step = Next(messages, options);
        foreach (var piece in step.Pieces)
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, piece);
        }

        if (step.Exception is not null)
        {
            throw step.Exception;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) => null;

    public void Dispose()
    {
    }

    private ScriptedChatClient Enqueue(Step step)
    {
        _steps.Enqueue(step);
        return this;
    }

    private Step Next(IEnumerable<ChatMessage> messages, ChatOptions? options)
    {
        var list = messages.ToList();
        Requests.Add(list);
        RequestOptions.Add(options);
        if (_steps.TryDequeue(out var step))
        {
            return step;
        }

        if (Responder is not null)
        {
            var reply = Responder(list);
            return new Step([.. System.Text.RegularExpressions.Regex.Split(reply, @"(?<= )")], null);
        }

        throw new InvalidOperationException("The scripted client has no reply left.");
    }

    private sealed record Step(string[] Pieces, Exception? Exception);
}
