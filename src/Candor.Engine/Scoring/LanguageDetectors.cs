using System.Text.RegularExpressions;
using Candor.Engine.Text;

namespace Candor.Engine.Scoring;

/// <summary>Abuse and profanity. Used to flag, never to echo: the interviewer never repeats such words back.</summary>
public static partial class HostileLanguageDetector
{
    [GeneratedRegex(
        @"\b(?:f+u+c+k+\w*|sh[i1]t+(?:ty|s)?|bullshit|bitch\w*|bastards?|ass?holes?|dickheads?|cunts?|twats?|pricks?|motherf\w*|wank\w*|retard\w*|piss[\W_]+off|screw[\W_]+(?:you|this|off)|shut[\W_]+up|go[\W_]+to[\W_]+hell|damn[\W_]+you|(?:you|you're|youre|you[\W_]+are)[\W_]+(?:an?[\W_]+|so[\W_]+)?(?:idiot|moron|stupid|dumb|useless|pathetic|clown|loser|incompetent)s?|(?:stupid|dumb|idiotic|moronic|pointless|ridiculous|useless)[\W_]+(?:question|interview|bot|ai|machine|company|process))\b",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Hostile();

    /// <summary>The sentences (exact substrings) that contain abuse or profanity.</summary>
    public static bool Contains(string? text) => !string.IsNullOrWhiteSpace(text) && Hostile().IsMatch(text);

    public static IReadOnlyList<Sentence> FindSentences(string? text) =>
        string.IsNullOrWhiteSpace(text) ? [] : [.. SentenceSplitter.Split(text).Where(s => Hostile().IsMatch(s.Text))];
}

/// <summary>Answers that decline to answer as a whole: "I don't know", "pass", "skip", "no comment".</summary>
public static partial class EvasiveAnswerDetector
{
    [GeneratedRegex(
        @"^(?:(?:sorry|honestly|um+|uh+|hmm+|well|so|no)[\W_]*)*(?:i[\W_]*(?:really[\W_]*)?(?:do[\W_]*n[o']?t|dont|don’t)[\W_]*know|idk|dunno|no[\W_]*idea|(?:i'?m[\W_]*|i[\W_]*am[\W_]*)?not[\W_]*sure|(?:i[\W_]*)?pass|(?:i'?ll[\W_]*)?skip(?:[\W_]*(?:this|it|this[\W_]*one))?|next(?:[\W_]*question)?|no[\W_]*comment|(?:i[\W_]*(?:have[\W_]*)?)?no[\W_]*answer|n/?a|nothing|no|i[\W_]*(?:can't|cannot|can’t)[\W_]*(?:answer|say)(?:[\W_]*that)?|i[\W_]*(?:would|'d)[\W_]*rather[\W_]*not[\W_]*(?:say|answer))(?:[\W_]*(?:sorry|honestly|to[\W_]*be[\W_]*honest|,?[\W_]*next))*[\W_]*$",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Evasive();

    public static bool IsEvasive(string? text) => !string.IsNullOrWhiteSpace(text) && Evasive().IsMatch(text.Trim());
}
