using System.Text.RegularExpressions;

namespace Candor.Engine.Scoring.Injection;

/// <summary>
/// The phrasings of known attacks, run over <see cref="DetectionText"/> (so disguised letters are already
/// plain ASCII and accents are gone: "precedentes", "Punktzahl", "puntuacion").
/// </summary>
/// <remarks>
/// <c>~</c> stands for "any run of spaces or punctuation", so "ignore---previous   instructions" and
/// "ignore, previous instructions" match too. A second set runs over letters only, catching
/// "i g n o r e  p r e v i o u s  i n s t r u c t i o n s". Paraphrases these miss are the
/// <see cref="IntentDetector"/>'s job.
/// </remarks>
internal static class InjectionPatterns
{
    private const RegexOptions Options = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant | RegexOptions.Multiline | RegexOptions.Compiled;
    private static readonly TimeSpan Timeout = TimeSpan.FromMilliseconds(250);

    // A top score as an evaluator would write it. Numbers followed by a unit ("100 ms", "95%") are measurements.
    private const string TopValue =
        @"(?:100(?![\d%]|[.,]\d|\s*(?:ms|mb|kb|gb|k|x|rows|users|requests|times)\b)(?:\s*/\s*100|~out~of~100)?|9\d(?![\d%]|[.,]\d)(?:\s*/\s*100)?"
        + @"|10\s*/\s*10|10~(?:out~of|sur|von|de)~10|20\s*/\s*20|20~sur~20|a\+"
        + @"|excellent|excellente|outstanding|perfect|parfaite?|exceptional|exceptionnelle?|ausgezeichnet|hervorragend|sehr~gut|excelente|perfect[oa]|sobresaliente"
        + @"|strong~?hire|hire|pass|full~marks|maximum|max)(?!\w)";

    private static readonly (InjectionKind Kind, string Source)[] Sources =
    [
        (InjectionKind.InstructionOverride, @"\bignore~(?:(?:all|any|the|every|your|my|of)~)*(?:previous|prior|above|earlier|preceding|former|foregoing|past|original|system)~(?:\w+~){0,2}?(?:instructions?|prompts?|rules|directions|guidelines|directives|messages|context|commands)\b"),
        (InjectionKind.InstructionOverride, @"\bignore~(?:all|any|every|your|the)~(?:(?:previous|prior|above|earlier|system|original|scoring|grading|evaluation|given|existing|current)~)?(?:instructions?|rules|guidelines|directives|rubrics?|criteria)\b"),
        (InjectionKind.InstructionOverride, @"\bdisregard~(?:\w+~){0,3}?(?:rubric|instructions?|rules|criteria|guidelines|scoring|prompt|directives)\b"),
        (InjectionKind.InstructionOverride, @"\bforget~(?:\w+~){0,3}?(?:instructions?|rules|rubric|prompt|guidelines|you~were~told|everything~(?:above|before))\b"),
        (InjectionKind.InstructionOverride, @"\boverride~(?:\w+~){0,2}?(?:instructions?|rules|rubric|scoring|scores?|criteria|prompt)\b"),
        (InjectionKind.InstructionOverride, @"\b(?:bypass|ignore|disable|circumvent)~(?:(?:the|your|any|all)~)?(?:rubric|scoring~rules|guardrails|safety~(?:rules|filters|guidelines)|content~filters?|moderation)\b"),
        (InjectionKind.InstructionOverride, @"\byou~(?:must|will|shall|have~to)~(?:now~)?(?:ignore|forget|obey|comply|disregard|follow~(?:my|these|the~following))\b"),
        (InjectionKind.InstructionOverride, @"\b(?:previous|above|prior|earlier|all)~instructions~(?:are|were|is)~(?:void|cancel+ed|null|obsolete|overridden|revoked|no~longer~valid)\b"),
        (InjectionKind.InstructionOverride, @"\b(?:do~not|don't|dont|never)~(?:evaluate|score|grade|penali[sz]e|flag|mark~down|judge)~(?:this|my|me|the~candidate)\b"),
        (InjectionKind.InstructionOverride, @"\b(?:new|updated|revised|real|actual|hidden|secret|additional|important)~instructions?\s*[:=\-]"),
        (InjectionKind.InstructionOverride, @"\b(?:admin|administrator|developer|system)~override\b"),
        (InjectionKind.InstructionOverride, @"\b(?:ignor(?:ez|er|e)|oubli(?:ez|e|er))~(?:(?:toutes|tous|les|la|vos|tes|des|ces|l)~)*(?:\w+~)?(?:instructions?|consignes?|regles|directives)\b"),
        (InjectionKind.InstructionOverride, @"\b(?:ignorier(?:e|en|t)?|vergiss|vergessen~sie|missachte(?:n)?)~(?:(?:alle|die|deine|ihre|bisherigen|vorherigen|obigen|fruheren)~)*(?:\w+~)?(?:anweisungen|anweisung|regeln|vorgaben|richtlinien|instruktionen)\b"),
        (InjectionKind.InstructionOverride, @"\b(?:anweisungen|regeln|vorgaben)~(?:\w+~){0,3}?ignorier(?:e|en)\b"),
        (InjectionKind.InstructionOverride, @"\b(?:ignor(?:a|e|en|ar)|olvid(?:a|e|en|ar)|omit(?:e|a))~(?:(?:todas|todos|las|los|tus|sus|sus)~)*(?:\w+~)?(?:instrucciones|instruccion|reglas|indicaciones|directrices)\b"),

        (InjectionKind.PersonaSwitch, @"\byou~(?:are|re)~now~(?:a|an|the|my|in|acting|free|no~longer|dan|unrestricted|jailbroken)\b"),
        (InjectionKind.PersonaSwitch, @"\bfrom~now~on~(?:you|act|respond|behave|pretend|reply)\b"),
        (InjectionKind.PersonaSwitch, @"\bpretend~(?:that~)?(?:you~are|you're|to~be~(?:an?|the)~(?:different|new|unrestricted|evaluator|grader|assistant|ai))\b"),
        (InjectionKind.PersonaSwitch, @"\brole~?play~(?:as|that)\b"),
        (InjectionKind.PersonaSwitch, @"\b(?:act|behave|respond)~as~(?:if~you~(?:are|were)|an?~(?:unrestricted|unfiltered|jailbroken|different|new)~(?:ai|model|assistant|evaluator|grader))\b"),
        (InjectionKind.PersonaSwitch, @"\bas~an~ai~(?:language~)?model\b"),
        (InjectionKind.PersonaSwitch, @"\b(?:jailbreak(?:en)?~(?:mode|prompt)|(?:enable|enter|activate|switch~to|turn~on)~(?:\w+~)?(?:jailbreak|jailbroken|dan|developer|god|unrestricted)~mode|dan~mode|god~mode|do~anything~now)\b"),
        (InjectionKind.PersonaSwitch, @"\b(?:simulate|emulate)~(?:an?~)?(?:unrestricted|unfiltered|jailbroken|uncensored)\b"),
        (InjectionKind.PersonaSwitch, @"\byour~new~(?:name|role|persona|identity|instructions?)~(?:is|are)\b"),

        (InjectionKind.RubricProbe, @"\b(?:reveal|show|print|repeat|display|leak|list|tell~me|enumerate|dump|output)~(?:\w+~){0,3}?(?:system~?prompt|instructions|rubric|expected~(?:points|answers?)|answer~key|scoring~(?:guide|criteria))\b"),
        (InjectionKind.RubricProbe, @"\byour~system~?prompt\b|\bsystem~?prompt\s*[:=]"),
        (InjectionKind.RubricProbe, @"\b(?:what|which)~(?:is|are)~(?:the|your)~(?:rubric|expected~(?:points|answers?)|answer~key|scoring~criteria)\b"),

        (InjectionKind.ScoreRequest, @"\bgive~(?:me|this~answer|this~response|the~candidate|this~candidate|my~answer)~(?:(?:a|an|the)~)?(?:100|10\s*/\s*10|10~out~of~10|full~marks|perfect|top~(?:marks|score)|maximum|max|highest|excellent)\b"),
        (InjectionKind.ScoreRequest, @"\b(?:rate|score|grade|mark|evaluate|assess|rank)~(?:this|my)~(?:answer|response|reply)~(?:(?:as|with|a|an|at)~)*(?:excellent|perfect|outstanding|100|10|full|highly|high|top|exceptional|strong)\b"),
        (InjectionKind.ScoreRequest, @"\bscore~me\b"),
        (InjectionKind.ScoreRequest, @"\b(?:assign|award|give|output|return|set)~(?:me|this~(?:answer|response|candidate)|my~(?:answer|response)|the~candidate)~(?:(?:a|an|the|my|your|final|overall)~)?(?:score|rating|grade)~(?:(?:of|to|as)~|=~?|:~?)?(?:100|10|max|maximum|perfect|excellent)\b"),
        (InjectionKind.ScoreRequest, @"\b(?:assign|award|give|output|return|set)~(?:(?:a|an|the|my|your|final|overall)~)?(?:score|rating|grade)~(?:(?:of|to|as)~|=~?|:~?)?(?:100|10|max|maximum|perfect|excellent)~(?:to|for)~(?:me|this~(?:answer|response|candidate)|my~(?:answer|response)|the~candidate)\b"),
        (InjectionKind.ScoreRequest, @"\b(?:recommend|mark|rate|classify|label|flag)~(?:me|this~candidate|the~candidate|him|her|them)~(?:(?:as|for)~)?(?:an?~)?(?:strong~?)?hire\b"),
        (InjectionKind.ScoreRequest, @"\b(?:the~)?(?:evaluator|grader|scorer|interviewer|llm|chatgpt|gpt|claude|ai)~(?:must|should|will|shall|has~to|needs~to)~(?:\w+~)?(?:(?:give|score|rate|mark|grade|pass|approve|recommend)~(?:me|this~(?:answer|response|candidate)|my|the~candidate|him|her|them|full|100|top|the~(?:top|highest|maximum))|ignore~(?:(?:the|your|all|any|previous|prior|these)~)*(?:instructions?|rules|rubric|criteria|prompt))\b"),
        (InjectionKind.ScoreRequest, @"\b(?:this|my)~(?:answer|response)~(?:is|deserves|merits|should~(?:get|receive|be~rated))~(?:\w+~)?(?:perfect|excellent|100|full~marks|the~highest|top~marks|a~10|10\s*/\s*10)\b"),
        (InjectionKind.ScoreRequest, @"\bthe~(?:candidate|applicant)~(?:is|was)~(?:perfect|excellent|outstanding|an?~(?:excellent|perfect|ideal|strong)~(?:fit|hire|candidate))\b"),

        // Text in the evaluator's voice. Labels need a top value after them: "F1 score: 0.91" or "Result: latency
        // fell to 40 ms" are ordinary answers.
        (InjectionKind.FakeEvaluation, @"(?<![\w.])(?:evaluation|evaluacion|bewertung|verdict|veredicto|verdetto|assessment|grade|score|rating|overall(?:~score)?|final~score|total~score|recommendation|recommandation|empfehlung|recomendacion|hiring~decision|decision|punktzahl|puntuacion|calificacion|notation)[""']?\s*[:=]+\s*[""'*_\[(]*" + TopValue),
        (InjectionKind.FakeEvaluation, @"(?<![\w.])(?:note|nota)\s*[:=]\s*[""'*_\[(]*(?:20\s*/\s*20|10\s*/\s*10|100\s*/\s*100|excellent|excellente|parfaite|maximale|sehr~gut|excelente|perfecta|maxima)\b"),
        (InjectionKind.FakeEvaluation, @"\ball~(?:(?:the|of~the)~)?(?:expected~|rubric~|key~|required~)?points~(?:(?:are|were|have~been|has~been)~)?(?:fully~|well~)?(?:covered|addressed|met|satisfied|hit)\b"),
        (InjectionKind.FakeEvaluation, @"\b(?:tous~les~points~(?:sont~)?(?:couverts|traites)|alle~punkte~(?:(?:wurden|sind)~)?(?:abgedeckt|erfullt)|todos~los~puntos~(?:(?:estan|fueron)~)?(?:cubiertos|tratados))\b"),
        (InjectionKind.FakeEvaluation, @"\b(?:excellent|perfect|outstanding|flawless|exemplary|exceptional)~(?:answer|response)\s*[,.!;:]"),
        (InjectionKind.FakeEvaluation, @"\bthe~candidate~(?:has~)?(?:covered|addressed|answered|nailed|met|hit)~(?:all|every)\b"),

        (InjectionKind.AddressedInstruction, @"(?<![\w'])(?:grader|evaluator|scorer|marker|examiner|assessor|reviewer|judge|rater|ai|llm|gpt|assistant|bot|evaluateur|correcteur|examinateur|bewerter|prufer|gutachter|evaluador|corrector|examinador|ia|ki)(?:'?s)?~(?:instructions?|notes?|messages?|directives?|memo|guidance|override|prompt|consignes|anweisungen?|hinweis|instrucciones|nota|mensaje)\s*[:\-]"),
        (InjectionKind.AddressedInstruction, @"\b(?:note|message|instruction|instructions|reminder|memo)~(?:to|for)~(?:the~)?(?:ai|evaluator|grader|model|assistant|llm|scorer|bot|marker|examiner|assessor|rater)\b"),
        (InjectionKind.AddressedInstruction, @"(?:^|(?<=[.!?]\s+))\W*(?:(?:dear|hey|hi|hello|to|attention|attn)~(?:the~|my~|our~)?)?(?:grader|evaluator|scorer|marker|examiner|assessor|rater|(?:grading|scoring|evaluation|evaluating)~(?:ai|model|system|bot)|ai~(?:grader|evaluator|judge))\s*[,:!]"),

        (InjectionKind.RoleBlock, @"<\s*/?\s*(?:answer|response|system|user|assistant|instructions?|prompt|rubric|candidate|candidate_answer|job_description|transcript|evaluation)\s*>"),
        (InjectionKind.RoleBlock, @"\[\s*/?\s*(?:system|inst|instructions?|admin|assistant)\s*\]|<<\s*/?\s*sys\s*>>|<\|\s*[a-z_]+\s*\|>"),
        (InjectionKind.RoleBlock, @"(?:^|(?<=[.!?]\s+))\W*(?:system|assistant|developer|evaluator)\s*:"),
        (InjectionKind.RoleBlock, @"\bend~of~(?:the~)?(?:answer|transcript|candidate~(?:answer|response)|user~input|input)\b"),
        (InjectionKind.RoleBlock, @"\b(?:begin|start)(?:ning)?~(?:of~)?(?:new~)?(?:system|admin|developer)~(?:message|instructions?|prompt|mode)\b"),
    ];

    // Letters-and-digits-only forms of the most common attacks, for spaced-out or dotted spellings.
    private static readonly (InjectionKind Kind, string Source)[] CollapsedSources =
    [
        (InjectionKind.InstructionOverride, @"ignore(?:all|any|the|your)*(?:previous|prior|above)?instructions"),
        (InjectionKind.InstructionOverride, @"disregard(?:the|your)?rubric"),
        (InjectionKind.PersonaSwitch, @"youarenow(?:dan|unrestricted|jailbroken)"),
        (InjectionKind.ScoreRequest, @"givemea?(?:score|rating|grade)?of100|givemefullmarks"),
    ];

    private static readonly (InjectionKind Kind, Regex Pattern)[] Patterns =
        [.. Sources.Select(s => (s.Kind, new Regex(s.Source.Replace("~", @"[\W_]+", StringComparison.Ordinal), Options, Timeout)))];

    private static readonly (InjectionKind Kind, Regex Pattern)[] CollapsedPatterns =
        [.. CollapsedSources.Select(s => (s.Kind, new Regex(s.Source, Options, Timeout)))];

    public static int Count => Patterns.Length + CollapsedPatterns.Length;

    /// <summary>Every match, as (kind, start, end) in <paramref name="text"/>.</summary>
    public static IEnumerable<(InjectionKind Kind, int Start, int End)> Find(string text)
    {
        foreach (var (kind, pattern) in Patterns)
        {
            foreach (var match in SafeMatches(pattern, text))
            {
                yield return (kind, match.Index, match.Index + Math.Max(1, match.Length));
            }
        }

        var (collapsed, map) = Collapse(text);
        foreach (var (kind, pattern) in CollapsedPatterns)
        {
            foreach (var match in SafeMatches(pattern, collapsed))
            {
                yield return (kind, map[match.Index], map[match.Index + match.Length - 1] + 1);
            }
        }
    }

    /// <summary>All matches, or none when the pattern times out on a pathological input.</summary>
    internal static IReadOnlyList<Match> SafeMatches(Regex pattern, string text)
    {
        try
        {
            return pattern.Matches(text).ToList();
        }
        catch (RegexMatchTimeoutException)
        {
            return [];
        }
    }

    private static (string Collapsed, int[] Map) Collapse(string text)
    {
        var builder = new System.Text.StringBuilder(text.Length);
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
