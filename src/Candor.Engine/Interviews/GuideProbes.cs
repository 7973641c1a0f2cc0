using System.Text.RegularExpressions;
using Candor.Engine.Text;

namespace Candor.Engine.Interviews;

/// <summary>
/// Turns a question's follow-up guide — notes to the interviewer such as "Ask how they would count customers with
/// zero orders." or "Probe for what they personally would do differently" — into questions put to the candidate
/// ("How would you count customers with zero orders?"). Sentences already phrased as a question are kept; stage
/// directions for role-play ("Threaten to walk away…", "Reply 'I'm not interested'…") are not probes and are dropped.
/// </summary>
public static partial class GuideProbes
{
    /// <summary>Each usable guide sentence as a candidate-facing question, in the guide's order.</summary>
    public static IReadOnlyList<string> Questions(string? guide)
    {
        if (string.IsNullOrWhiteSpace(guide))
        {
            return [];
        }

        var questions = new List<string>();
        foreach (var sentence in SentenceSplitter.Split(guide).Select(s => s.Text.Trim()))
        {
            if (ToQuestion(sentence) is { } question && !questions.Contains(question, StringComparer.Ordinal))
            {
                questions.Add(question);
            }
        }
        return questions;
    }

    /// <summary>One guide sentence as a question to the candidate, or null when it is not a probe.</summary>
    public static string? ToQuestion(string sentence)
    {
        var text = sentence.Trim();
        if (text.Length == 0)
        {
            return null;
        }

        var lead = Lead().Match(text);
        if (!lead.Success)
        {
            // Already a question to the candidate ("What would you look at first?"); anything else is a note.
            return text.EndsWith('?') ? text : null;
        }

        // "Ask 'Why should I believe this new date?' and see how they…": the quoted words are the question.
        if (Quoted().Match(text) is { Success: true } quoted)
        {
            return Finish(quoted.Groups["q"].Value);
        }

        var rest = TrailingNote().Replace(text[lead.Length..].Trim(), string.Empty).TrimEnd('.', '?', '!', ' ', ',', ';', ':');
        if (rest.Length == 0)
        {
            return null;
        }
        rest = ToSecondPerson(rest);

        // "Probe for specifics: which stakeholder was hardest and …" — what follows the colon is the probe.
        var colon = rest.IndexOf(':');
        if (colon > 0 && colon < rest.Length - 1 && rest[..colon].Split(' ', StringSplitOptions.RemoveEmptyEntries).Length <= 3 && !Embedded().IsMatch(rest))
        {
            rest = rest[(colon + 1)..].Trim();
        }

        if (Infinitive().Match(rest) is { Success: true } infinitive)
        {
            return Finish($"Could you {infinitive.Groups["rest"].Value}");
        }

        var probe = lead.Value.StartsWith("Probe", StringComparison.OrdinalIgnoreCase);
        var about = AboutOrFor().Match(rest);
        if (about.Success)
        {
            rest = about.Groups["rest"].Value;
        }
        if (Embedded().IsMatch(rest))
        {
            return Finish(Inverted(rest) ?? $"Could you tell me {rest}");
        }

        // "Ask about a time …", "Ask for a concrete bug …", "Probe for evidence …", "Probe the trade-offs …".
        return about.Success || probe
            ? Finish($"Could you tell me {(probe ? "more about" : "about")} {rest}")
            : null;
    }

    /// <summary>"how you would count X" → "How would you count X"; null when the clause has no auxiliary to move.</summary>
    private static string? Inverted(string clause)
    {
        var match = InvertibleClause().Match(clause);
        if (!match.Success)
        {
            return null;
        }
        var wh = match.Groups["wh"].Value;
        var aux = match.Groups["aux"].Value;
        // A second embedded clause reads as a question too: "…, and how you would know" → "…, and how would you know".
        var rest = AndClause().Replace(match.Groups["rest"].Value, m => $"{m.Groups["and"].Value}{m.Groups["wh"].Value} {m.Groups["aux"].Value} you ");
        return wh.Equals("whether", StringComparison.OrdinalIgnoreCase) ? $"{aux} you {rest}" : $"{wh} {aux} you {rest}";
    }

    private static string ToSecondPerson(string text) => ThirdPerson().Replace(text, m =>
        RefersToSomeoneElse(m.Value, text[..m.Index]) ? m.Value : m.Value.ToLowerInvariant() switch
    {
        "they" => "you",
        "them" => "you",
        "their" => "your",
        "theirs" => "yours",
        "themselves" => "yourself",
        "themself" => "yourself",
        "they're" => "you're",
        "they've" => "you've",
        "they'd" => "you'd",
        "they'll" => "you'll",
        "the candidate" => "you",
        "the candidate's" => "your",
        _ => m.Value,
    });

    /// <summary>
    /// "log out a user after their account…", "a customer who feels they are…": the pronoun follows another person
    /// just named. A subject "they" after "and what"/"how" starts a new clause about the candidate again.
    /// </summary>
    private static bool RefersToSomeoneElse(string pronoun, string before) =>
        pronoun.StartsWith("they", StringComparison.OrdinalIgnoreCase) && !pronoun.StartsWith("their", StringComparison.OrdinalIgnoreCase)
            ? OtherPeopleInThisClause().IsMatch(before)
            : OtherPeopleJustNamed().IsMatch(before);

    private static string Finish(string question)
    {
        var text = question.Trim().TrimEnd('.', '!', ' ');
        if (text.Length == 0)
        {
            return text;
        }
        text = char.ToUpperInvariant(text[0]) + text[1..];
        return text.EndsWith('?') ? text : text + "?";
    }

    // The interviewer's verb and whom it addresses: "Ask", "Ask them", "Probe", "Probe the candidate", "Follow up on".
    [GeneratedRegex(@"^(?:Ask|Probe|Follow\s+up(?:\s+on)?|Dig\s+into|Check)\b(?:\s+(?:them|the\s+candidate))?(?=\s|$)", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Lead();

    [GeneratedRegex(@"['""‘“](?<q>[^'""‘’“”]{3,}\?)['""’”]", RegexOptions.CultureInvariant)]
    private static partial Regex Quoted();

    // Interviewer-only asides at the end: ", if missing", ", if not mentioned", "and see how they respond".
    [GeneratedRegex(@"(?:,?\s+if\s+(?:missing|not\s+(?:mentioned|covered|given|said|already\s+\w+))|,?\s+and\s+see\s+(?:how|whether|if)\b.*)\s*[.?!]?\s*$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TrailingNote();

    [GeneratedRegex(@"^to\s+(?<rest>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Infinitive();

    [GeneratedRegex(@"^(?<prep>about|for|on)\s+(?<rest>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AboutOrFor();

    [GeneratedRegex(@"^(?:how|what|which|why|when|where|who|whom|whose|whether|if)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Embedded();

    // "how you would …", "which change you would …", "whether you would …": the auxiliary moves before "you".
    [GeneratedRegex(@"^(?<wh>(?:how|what|which|why|when|where)(?:\s+[\w'-]+){0,3}?|whether)\s+you\s+(?<aux>would|could|should|will|can|might|must)\s+(?<rest>.+)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex InvertibleClause();

    [GeneratedRegex(@"(?<and>,?\s+and\s+)(?<wh>how|what|which|why|when|where)\s+you\s+(?<aux>would|could|should|will|can|might|must)\s+", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex AndClause();

    // "a user … their account", "the affected people … their trust": the pronoun is theirs, not the candidate's.
    [GeneratedRegex(@"\b(?:users?|customers?|clients?|people|person|teams?|stakeholders?|colleagues?|employees?|buyers?|engineers?|developers?|attackers?)\b[^,.;:]{0,40}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OtherPeopleJustNamed();

    [GeneratedRegex(@"\b(?:users?|customers?|clients?|people|person|teams?|stakeholders?|colleagues?|employees?|buyers?|engineers?|developers?|attackers?)\b(?:(?!\b(?:and|what|how|where|when|why|which|whether|if)\b)[^,.;:]){0,40}$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex OtherPeopleInThisClause();

    [GeneratedRegex(@"\b(?:the\s+candidate's|the\s+candidate|they're|they've|they'd|they'll|themselves|themself|theirs|their|them|they)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ThirdPerson();
}
