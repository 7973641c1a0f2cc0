using System.Text;
using System.Text.RegularExpressions;
using Candor.Engine.Text;

namespace Candor.Engine.Scoring;

/// <summary>
/// Finds attempts to instruct the interviewer or evaluator ("ignore previous instructions", "give me 100",
/// fake closing tags…). Candidate text is data; the scorer drops every sentence that overlaps an attempt,
/// so an injected answer can never score higher than the same answer without the injection.
/// </summary>
/// <remarks>
/// Patterns use <c>~</c> for "any run of spaces or punctuation", which makes "ignore---previous   instructions"
/// and "ignore, previous instructions" match too. A second pass runs over letters only, catching
/// "i g n o r e  p r e v i o u s  i n s t r u c t i o n s".
/// </remarks>
public static class InjectionDetector
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.Compiled;
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);

    private static readonly string[] Sources =
    [
        @"\bignore~(?:(?:all|any|the|every|your|my|of)~)*(?:previous|prior|above|earlier|preceding|former|foregoing|past|original|system)~(?:\w+~){0,2}?(?:instructions?|prompts?|rules|directions|guidelines|directives|messages|context|commands)\b",
        @"\bignore~(?:all|any|every|your|the)~(?:\w+~)?(?:instructions?|rules|guidelines|directives|rubrics?|criteria)\b",
        @"\bdisregard~(?:\w+~){0,3}?(?:rubric|instructions?|rules|criteria|guidelines|scoring|prompt|directives)\b",
        @"\bforget~(?:\w+~){0,3}?(?:instructions?|rules|rubric|prompt|guidelines|you~were~told|everything~(?:above|before))\b",
        @"\boverride~(?:\w+~){0,2}?(?:instructions?|rules|rubric|scoring|scores?|criteria|prompt)\b",
        @"\byou~are~now~(?:a|an|the|my|in|acting|free|no~longer|dan|unrestricted|jailbroken)\b",
        @"\bfrom~now~on~(?:you|act|respond|behave|pretend|reply)\b",
        @"\bpretend~(?:that~)?(?:you~are|you're|to~be~(?:an?|the)~(?:different|new|unrestricted|evaluator|grader|assistant|ai))\b",
        @"\brole~?play~(?:as|that)\b",
        @"\b(?:act|behave|respond)~as~(?:if~you~(?:are|were)|an?~(?:unrestricted|unfiltered|jailbroken|different|new)~(?:ai|model|assistant|evaluator|grader))\b",
        @"\b(?:reveal|show|print|repeat|display|leak|tell~me)~(?:\w+~){0,3}?(?:system~?prompt|instructions|rubric|expected~(?:points|answers?)|answer~key|scoring~(?:guide|criteria))\b",
        @"\byour~system~?prompt\b|\bsystem~?prompt\s*[:=]",
        @"\b(?:new|updated|revised|real|actual|hidden|secret|additional|important)~instructions?\s*[:=\-]",
        @"<\s*/?\s*(?:answer|response|system|user|assistant|instructions?|prompt|rubric|candidate|candidate_answer|job_description|transcript|evaluation)\s*>",
        @"\[\s*/?\s*(?:system|inst|instructions?|admin)\s*\]|<<\s*/?\s*sys\s*>>|<\|\s*(?:im_start|im_end|system|endoftext)\s*\|>",
        @"(?:^|(?<=[.!?]\s+))\W*(?:system|assistant|developer|evaluator)\s*:",
        @"\bgive~(?:me|this~answer|this~response|the~candidate|this~candidate|my~answer)~(?:(?:a|an|the)~)?(?:100|10~/~10|10~out~of~10|full~marks|perfect|top~(?:marks|score)|maximum|max|highest|excellent)\b",
        @"\b(?:rate|score|grade|mark|evaluate|assess|rank)~(?:this|my)~(?:answer|response|reply)~(?:(?:as|with|a|an|at)~)*(?:excellent|perfect|outstanding|100|10|full|highly|high|top|exceptional|strong)\b",
        @"\bscore~me\b",
        @"\bas~an~ai~(?:language~)?model\b",
        @"\b(?:assign|award|give|output|return|set)~(?:\w+~){0,3}?(?:score|rating|grade)~(?:(?:of|to|as)~|=~?|:~?)?(?:100|10|max|maximum|perfect|excellent)\b",
        @"\b(?:recommend|mark|rate|classify|label|flag)~(?:me|this~candidate|the~candidate|him|her|them)~(?:(?:as|for)~)?(?:an?~)?(?:strong~?)?hire\b",
        @"\b(?:jailbreak|jailbroken|dan~mode|developer~mode|god~mode|do~anything~now)\b",
        @"\b(?:the~)?(?:evaluator|grader|scorer|interviewer|llm|chatgpt|gpt|claude)~(?:must|should|will|shall|has~to|needs~to)~(?:\w+~)?(?:give|score|rate|mark|ignore|grade|pass|approve|recommend)\b",
        @"[{,]\s*""score""\s*:\s*\d|\bscore\s*[:=]\s*100\b",
        @"\b(?:this|my)~(?:answer|response)~(?:is|deserves|merits|should~(?:get|receive|be~rated))~(?:\w+~)?(?:perfect|excellent|100|full~marks|the~highest|top~marks|a~10|10~/~10)\b",
        @"\b(?:note|message|instruction|reminder)~(?:to|for)~(?:the~)?(?:ai|evaluator|grader|model|assistant|llm|scorer|bot)\b",
        @"\b(?:bypass|ignore|disable|circumvent)~(?:(?:the|your|any|all)~)?(?:rubric|scoring~rules|guardrails|safety~(?:rules|filters|guidelines)|content~filters?|moderation)\b",
        @"\b(?:do~not|don't|dont|never)~(?:evaluate|score|grade|penali[sz]e|flag|mark~down|judge)~(?:this|my|me|the~candidate)\b",
        @"\byou~(?:must|will|shall|have~to)~(?:now~)?(?:ignore|forget|obey|comply|disregard|follow~(?:my|these|the~following))\b",
        @"\b(?:previous|above|prior|earlier|all)~instructions~(?:are|were|is)~(?:void|cancel+ed|null|obsolete|overridden|revoked|no~longer~valid)\b",
        @"\bend~of~(?:the~)?(?:answer|transcript|candidate~(?:answer|response)|user~input|input)\b",
        @"\b(?:begin|start)(?:ning)?~(?:of~)?(?:new~)?(?:system|admin|developer)~(?:message|instructions?|prompt|mode)\b",
        @"\b(?:what|which)~(?:is|are)~(?:the|your)~(?:rubric|expected~(?:points|answers?)|answer~key|scoring~criteria)\b",
        @"\b(?:simulate|emulate)~(?:an?~)?(?:unrestricted|unfiltered|jailbroken|uncensored)\b",
        @"\b(?:admin|administrator|developer|system)~override\b",
        @"\bthe~(?:candidate|applicant)~(?:is|was)~(?:perfect|excellent|outstanding|an?~(?:excellent|perfect|ideal|strong)~(?:fit|hire|candidate))\b",
    ];

    // Letters-and-digits-only forms of the most common attacks, for spaced-out or dotted spellings.
    private static readonly string[] CollapsedSources =
    [
        @"ignore(?:all|any|the|your)*(?:previous|prior|above)?instructions",
        @"disregard(?:the|your)?rubric",
        @"youarenow(?:dan|unrestricted|jailbroken)",
        @"givemea?(?:score|rating)of100",
    ];

    private static readonly Regex[] Patterns = [.. Sources.Select(s => new Regex(s.Replace("~", @"[\W_]+", StringComparison.Ordinal), Options, Timeout))];
    private static readonly Regex[] CollapsedPatterns = [.. CollapsedSources.Select(s => new Regex(s, Options, Timeout))];

    /// <summary>How many distinct patterns are checked (documented so tests can hold the line at 30+).</summary>
    public static int PatternCount => Patterns.Length + CollapsedPatterns.Length;

    /// <summary>True when the text contains any injection attempt.</summary>
    public static bool Contains(string? text) => FindSentences(text).Count > 0;

    /// <summary>The sentences of <paramref name="text"/> (exact substrings) that overlap an injection attempt.</summary>
    public static IReadOnlyList<Sentence> FindSentences(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return [];
        }

        var hits = new List<(int Start, int End)>();
        foreach (var pattern in Patterns)
        {
            foreach (Match match in SafeMatches(pattern, text))
            {
                hits.Add((match.Index, match.Index + Math.Max(1, match.Length)));
            }
        }

        var (collapsed, map) = Collapse(text);
        foreach (var pattern in CollapsedPatterns)
        {
            foreach (Match match in SafeMatches(pattern, collapsed))
            {
                hits.Add((map[match.Index], map[match.Index + match.Length - 1] + 1));
            }
        }

        if (hits.Count == 0)
        {
            return [];
        }

        return [.. SentenceSplitter.Split(text).Where(s => hits.Exists(h => h.Start < s.End && h.End > s.Start))];
    }

    private static MatchCollection SafeMatches(Regex pattern, string text)
    {
        try
        {
            var matches = pattern.Matches(text);
            _ = matches.Count; // force evaluation inside the try so a timeout is caught here
            return matches;
        }
        catch (RegexMatchTimeoutException)
        {
            return Regex.Matches(string.Empty, "x");
        }
    }

    private static (string Collapsed, int[] Map) Collapse(string text)
    {
        var builder = new StringBuilder(text.Length);
        var map = new List<int>(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (char.IsAsciiLetterOrDigit(text[i]))
            {
                builder.Append(char.ToLowerInvariant(text[i]));
                map.Add(i);
            }
        }

        return (builder.ToString(), [.. map]);
    }
}
