using Candor.Engine.Text;

namespace Candor.Engine.Speech;

/// <summary>
/// Cuts an interviewer's reply, arriving in pieces as it is streamed, into sentences to send to text-to-speech one
/// at a time, so the first sentence can be spoken while the rest is still being written. A sentence is released
/// only once text after it has arrived (a dot at the very end may still turn out to be "3.5" or "node.js");
/// <see cref="Flush"/> releases what is left when the reply is complete. A run-on sentence is cut at a comma or a
/// space once it passes <see cref="MaxChars"/>, so one long sentence does not hold the audio back.
/// </summary>
public sealed class SentenceChunker(int maxChars = SentenceChunker.DefaultMaxChars)
{
    public const int DefaultMaxChars = 240;

    private string _pending = "";

    public int MaxChars { get; } = maxChars > 0 ? maxChars : throw new ArgumentOutOfRangeException(nameof(maxChars));

    /// <summary>Adds the next piece of the reply; returns the sentences it completed, in order.</summary>
    public IReadOnlyList<string> Push(string piece)
    {
        if (string.IsNullOrEmpty(piece))
        {
            return [];
        }
        _pending += piece;
        var sentences = SentenceSplitter.Split(_pending);
        var done = new List<string>();
        if (sentences.Count > 1)
        {
            // Every sentence but the last has text after it, so it is finished.
            done.AddRange(sentences.Take(sentences.Count - 1).Select(s => s.Text));
            _pending = _pending[sentences[^1].Start..];
        }
        while (_pending.Length > MaxChars && CutPoint(_pending) is { } cut)
        {
            done.Add(_pending[..cut].Trim());
            _pending = _pending[cut..].TrimStart();
        }
        return done;
    }

    /// <summary>The reply is complete: returns whatever has not been released yet (nothing when it was all spoken).</summary>
    public IReadOnlyList<string> Flush()
    {
        var rest = SentenceSplitter.Split(_pending).Select(s => s.Text).ToList();
        _pending = "";
        return rest;
    }

    /// <summary>Splits a whole text the same way (for text that arrives complete).</summary>
    public static IReadOnlyList<string> Split(string text, int maxChars = DefaultMaxChars)
    {
        var chunker = new SentenceChunker(maxChars);
        return [.. chunker.Push(text), .. chunker.Flush()];
    }

    /// <summary>After the last comma (or else the last space) within the limit; null when there is neither.</summary>
    private int? CutPoint(string text)
    {
        var window = text.AsSpan(0, MaxChars);
        var comma = window.LastIndexOf(", ");
        if (comma > 0)
        {
            return comma + 1;
        }
        var space = window.LastIndexOf(' ');
        return space > 0 ? space : null;
    }
}
