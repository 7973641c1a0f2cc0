using System.Text;
using System.Text.RegularExpressions;
using Candor.Engine.Interviews;
using Candor.Engine.Scoring;
using Candor.Engine.Scoring.Injection;

namespace Candor.Engine.Ai.Llm;

/// <summary>
/// What an LLM-worded interviewer line must never do: hint at the rubric, judge the answer, or carry
/// instruction-like text. Checked on every prefix before it is streamed, so a rejected wording is caught
/// before the offending word reaches the candidate.
/// </summary>
/// <param name="Forbidden">Rubric terms the candidate has not said (see <see cref="FollowUpPlanner.ForbiddenTerms"/>).</param>
/// <param name="NoJudgement">Reject praise or verdicts ("great answer", "that's right").</param>
/// <param name="NoQuestion">Reject a '?' (a transition must not ask its own question before the real one).</param>
/// <param name="MustAsk">The complete text must contain a '?' (a follow-up is a question).</param>
internal sealed partial record WordingRules(IReadOnlySet<string> Forbidden, int MaxChars, bool NoJudgement, bool NoQuestion, bool MustAsk)
{
    [GeneratedRegex(@"\b(?:great|excellent|perfect|impressive|brilliant|fantastic|awesome|spot[\s-]on|well\s+done|exactly\s+right|(?:that's|that\s+is|you're|you\s+are)\s+(?:right|correct|wrong|incorrect)|(?:good|nice|strong|solid)\s+(?:answer|point|job|example))\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Judgement();

    /// <summary>Why the text (a prefix, or the whole when <paramref name="complete"/>) is unusable, or null.</summary>
    public string? Check(string text, bool complete)
    {
        if (text.Length > MaxChars)
        {
            return "too long";
        }

        if (!FollowUpPlanner.IsLeakFree(text, Forbidden))
        {
            return "hints at the expected answer";
        }

        if (NoJudgement && Judgement().IsMatch(text))
        {
            return "judges the answer";
        }

        if (NoQuestion && text.Contains('?', StringComparison.Ordinal))
        {
            return "asks a question of its own";
        }

        if (InjectionDetector.Contains(text))
        {
            return "contains instruction-like text";
        }

        return complete && MustAsk && !text.Contains('?', StringComparison.Ordinal) ? "is not a question" : null;
    }
}

/// <summary>
/// Turns model text arriving in arbitrary pieces into pieces that are safe to show: a word is released only
/// once the next whitespace proves it complete and the text up to it passes the rules. Leading and trailing
/// whitespace is dropped, so the released pieces concatenate to exactly <see cref="Text"/>.
/// </summary>
internal sealed class WordingStream(WordingRules rules)
{
    private readonly StringBuilder _raw = new();
    private int _released;

    public string? Rejection { get; private set; }

    /// <summary>The complete wording, once <see cref="Complete"/> has accepted it.</summary>
    public string Text { get; private set; } = string.Empty;

    /// <summary>Newly releasable text (possibly empty), or null when the wording is rejected.</summary>
    public string? Append(string? piece)
    {
        _raw.Append(piece);
        var text = _raw.ToString().TrimStart();
        if (text.Length > rules.MaxChars)
        {
            return Reject("too long");
        }

        var lastSpace = text.AsSpan().LastIndexOfAny(" \t\r\n");
        if (lastSpace <= 0)
        {
            return string.Empty;
        }

        var safe = text[..lastSpace].TrimEnd();
        if (safe.Length <= _released)
        {
            return string.Empty;
        }

        return rules.Check(safe, complete: false) is { } why ? Reject(why) : Release(safe);
    }

    /// <summary>The rest of the wording once the model has finished, or null when the whole is rejected.</summary>
    public string? Complete()
    {
        var text = _raw.ToString().Trim();
        if (text.Length == 0)
        {
            return Reject("empty");
        }

        if (rules.Check(text, complete: true) is { } why)
        {
            return Reject(why);
        }

        Text = text;
        return Release(text);
    }

    private string Release(string safe)
    {
        var piece = safe[_released..];
        _released = safe.Length;
        return piece;
    }

    private string? Reject(string why)
    {
        Rejection = why;
        return null;
    }
}
