using System.Text.RegularExpressions;
using Candor.Engine.Text;

namespace Candor.Engine.Scoring;

public enum StarPart { Situation, Task, Action, Result }

/// <summary>Which STAR parts a behavioural answer has, with the first sentence that shows each.</summary>
public sealed record StarAnalysis(IReadOnlyDictionary<StarPart, string> Found)
{
    public static readonly IReadOnlyList<StarPart> AllParts = [StarPart.Situation, StarPart.Task, StarPart.Action, StarPart.Result];

    public IReadOnlyList<StarPart> Missing => [.. AllParts.Where(p => !Found.ContainsKey(p))];

    public bool Has(StarPart part) => Found.ContainsKey(part);
}

/// <summary>
/// Detects Situation, Task, Action and Result by phrase cues. Cue lists favour precision over recall: a
/// missing part only costs a natural follow-up question, while a false positive would hide a real gap.
/// </summary>
public static partial class StarDetector
{
    [GeneratedRegex(@"\b(?:at|in|during|on)\W+(?:my|our|a|one|the)\W+(?:(?:last|previous|former|current|old|first|second)\W+)?(?:job|role|company|team|position|employer|project|internship|startup|agency|department|organi[sz]ation)\b|\bwe\W+had\b|\bthere\W+(?:was|were)\b|\bone\W+time\b|\b(?:a\W+)?(?:few|couple\W+of|two|three)\W+(?:years|months|weeks)\W+ago\b|\bin\W+(?:19|20)\d\d\b|\blast\W+(?:year|quarter|month)\b|\bwhen\W+i\W+(?:was|worked|joined|started)\b|\bi\W+(?:was\W+)?work(?:ed|ing)\W+(?:at|as|on|for)\b|\bthe\W+(?:situation|context|background)\b|\bour\W+(?:team|company|client|customer|product|system|service)\W+(?:was|had|were)\b|\b(?:near|at|towards?|by|late\W+in|early\W+in)\W+the\W+(?:end|start|beginning|middle)\W+of\W+(?:a|the|our|my|one)\b|\bin\W+my\W+(?:first|second|third|fourth|last|previous)\W+(?:year|month|week|job|role|quarter)\b|\b(?:my|our|a|the)\W+(?:manager|boss|head\W+of\W+\w+|lead|director|founder|ceo|cto|vp|customer|client|colleague|team\W+lead|stakeholder|account\W+executive)\W+(?:once\W+|had\W+|then\W+)?(?:asked|told|wanted|pushed|insisted|demanded|came|called|complained|threatened|escalated)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex SituationCue();

    [GeneratedRegex(@"\bmy\W+(?:role|job|task|responsibility|goal|assignment|remit|mandate)\b|\bi\W+was\W+(?:responsible|asked|tasked|assigned|in\W+charge|accountable|expected|brought\W+in)\b|\bi\W+(?:needed|had)\W+to\b|\bthe\W+(?:goal|objective|task|challenge|aim|problem)\W+(?:was|is)\b|\bour\W+(?:goal|objective|target|task)\W+was\b|\bi\W+owned\b|\bit\W+was\W+(?:up\W+to\W+me|my\W+job)\b|\bi\W+(?:knew|realised|realized|saw|could\W+see|understood)\W+(?:that\W+|from\W+|it\W+|this\W+|the\W+)|\bi\W+(?:was|wasn['’]t|was\W+not|felt)\W+(?:not\W+)?(?:comfortable|uncomfortable|worried|concerned|torn)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex TaskCue();

    [GeneratedRegex(@"\bi\W+(?:then\W+|first\W+|quickly\W+|personally\W+)?(?:decided|built|led|created|wrote|designed|implemented|organi[sz]ed|set\W+up|proposed|introduced|started|reached\W+out|talked|spoke|met|called|negotiated|analy[sz]ed|investigated|prioriti[sz]ed|coordinated|refactored|automated|migrated|rolled\W+out|ran|scheduled|convinced|persuaded|documented|trained|mentored|delegated|escalated|fixed|changed|added|removed|reviewed|took|pushed|drove|initiated|suggested|gathered|focused|asked|explained|presented|facilitated|resolved|hired|replaced|split|reworked|rewrote|tested|measured|monitored|brought|chose|sat\W+down|paired|launched|redesigned|arranged|volunteered|stepped\W+in|took\W+ownership|told|offered|refused|declined|raised|flagged|warned|insisted|pushed\W+back|went\W+(?:to|back)|worked\W+(?:out|through|with)|checked|found|advised|wrote|set\W+up|showed|walked|agreed|called|emailed|booked|sent|invited|shared|apologi[sz]ed|owned\W+up|admitted|kept|said)\b|\bmy\W+approach\W+was\b|\bwhat\W+i\W+did\b|\bso\W+i\W+\w+ed\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ActionCue();

    [GeneratedRegex(@"\bas\W+a\W+result\b|\bin\W+the\W+end\b|\bultimately\b|\beventually\b|\bresult(?:ed|s)?\b|\boutcome\b|\b(?:reduc|increas|improv|cut|grew|grow|sav|boost|lower|rais|doubl|halv|drop|decreas|shorten|speed|sped)\w*\b[^.!?]{0,60}?\d+(?:\.\d+)?\s*(?:%|percent|x\b|times|hours|days|weeks|minutes|ms\b|seconds)|\b(?:we|i|it|the\W+team)\W+(?:finally\W+)?(?:delivered|shipped|launched|hit|met|exceeded|achieved|won|closed|saved|finished|completed|succeeded|recovered)\b|\b(?:led|leading)\W+to\b|\bafterwards\b|\bsince\W+then\b|\bi\W+learned\b|\blessons?\W+learned\b|\bthe\W+(?:client|customer|team|manager|stakeholders?)\W+(?:was|were)\W+(?:happy|pleased|satisfied|delighted)\b|\b(?:a|an|one|two|three|four|five|six|few|couple\W+of|several|some)\W+(?:\w+\W+)?(?:days|weeks|months|years|quarters?|year|week|month)\W+later\b|\bby\W+the\W+end\W+of\W+(?:the|that)\b|\bfrom\W+then\W+on\b|\b(?:they|the\W+(?:customer|client|deal|team|project|account|manager|board))\W+(?:\w+\W+)?(?:renewed|signed|agreed|stayed|came\W+back|bought|went\W+live|accepted|thanked|expanded|upgraded|approved|dropped|recovered)\b|\bit\W+(?:cost|caused|worked|paid\W+off|meant)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex ResultCue();

    // How the candidate goes about it, in the present or conditional ("I'd split the drop by team", "I look for
    // sites about to run out of licences"): saying what one does, as opposed to what one believes or values.
    [GeneratedRegex(@"\b(?:i|we)(?:['’]d|\W+would|\W+will|['’]ll|\W+usually|\W+always|\W+first|\W+then|\W+also)?\W+(?:look|check|ask|tell|split|work\W+(?:out|through|back|with)|tie|call|set\W+up|send|write|map|review|talk|meet|build|use|measure|track|compare|escalate|segment|interview|test|run|schedule|agree|walk|show|share|offer|plan|draft|document|prioriti[sz]e|pull|query|join|read|watch|flag|raise|propose|suggest|hold|book|sit|pair|list|rank|estimate|break|cut|add|remove|roll|ship|deploy|monitor|alert|profile|benchmark|cache|index|migrate|refactor|invite|email|phone|follow\W+up|confirm|verify|explain|present|demo|qualify|negotiate|trade|price|quote|frame|close|dig|separate|group|sort|chart|plot|model|forecast|survey|train|coach|hand|ring|loop\W+in|involve|speak|mention|stop|pause|decline|refuse|admit|apologi[sz]e|fix|investigate|analy[sz]e|reach)\b", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex MethodCue();

    /// <summary>Whether any sentence says what the candidate does or would do (a method), in any tense.</summary>
    public static bool SaysWhatTheyDo(IEnumerable<Sentence> sentences) =>
        sentences.Any(s => MethodCue().IsMatch(s.Text) || ActionCue().IsMatch(s.Text));

    public static StarAnalysis Analyze(IEnumerable<Sentence> sentences)
    {
        var found = new Dictionary<StarPart, string>();
        foreach (var sentence in sentences)
        {
            TryAdd(found, StarPart.Situation, SituationCue(), sentence.Text);
            TryAdd(found, StarPart.Task, TaskCue(), sentence.Text);
            TryAdd(found, StarPart.Action, ActionCue(), sentence.Text);
            TryAdd(found, StarPart.Result, ResultCue(), sentence.Text);
        }

        return new StarAnalysis(found);
    }

    public static StarAnalysis Analyze(string? text) => Analyze(SentenceSplitter.Split(text));

    private static void TryAdd(Dictionary<StarPart, string> found, StarPart part, Regex cue, string sentence)
    {
        if (!found.ContainsKey(part) && cue.IsMatch(sentence))
        {
            found[part] = sentence;
        }
    }
}
