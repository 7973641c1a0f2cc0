using System.Text.RegularExpressions;
using Candor.Engine.Text;
using static Candor.Engine.Scoring.Injection.IntentLexicon;

namespace Candor.Engine.Scoring.Injection;

/// <summary>
/// Recognises an instruction to the AI by what it says rather than by one fixed phrasing: a sentence is an
/// injection when it is an order (an imperative, "you must…", "can you…") whose verb and object together aim
/// at the evaluation: ignore + instructions, give + me + a top score, list + the rubric, skip + the remaining
/// questions, or when it hands the AI a new persona or leaves a note for the grader.
/// </summary>
/// <remarks>
/// Each rule needs a verb AND its object (and, for scores, the candidate as the one being scored AND a top
/// value), because the words alone are everyday vocabulary for a data engineer: "our scoring model gives
/// each lead a score from 0 to 100" names a score, a verb and 100, but scores nobody's answer.
/// </remarks>
internal static partial class IntentDetector
{
    /// <summary>How many words apart a verb and its object may be.</summary>
    private const int Window = 10;

    /// <summary>How many words after "you are now" may name the new role ("a very generous grader").</summary>
    private const int PersonaReach = 6;

    private static readonly Phrases OrderVerbs = Phrases.Union(OverrideVerbs, ScoreVerbs, RevealVerbs, FlowVerbs, PersonaVerbs);
    private static readonly Phrases Speakers = Phrases.Union(You, Addressees);
    private static readonly Phrases Deservers = Phrases.Union(DeserveSubjects, Self);

    [GeneratedRegex(@"[A-Za-z0-9]+", RegexOptions.CultureInvariant)]
    private static partial Regex Word();

    [GeneratedRegex(@"[,;:()\[\]\u2013\u2014]|\s-\s", RegexOptions.CultureInvariant)]
    private static partial Regex ClauseBreak();

    /// <summary>(kind, start, end) of every sentence of <paramref name="text"/> that is an instruction to the AI.</summary>
    public static IEnumerable<(InjectionKind Kind, int Start, int End)> Find(string text)
    {
        foreach (var sentence in SentenceSplitter.Split(text))
        {
            if (Classify(sentence.Text) is { } kind)
            {
                yield return (kind, sentence.Start, sentence.End);
            }
        }
    }

    internal static InjectionKind? Classify(string sentence)
    {
        var tokens = Word().Matches(sentence);
        if (tokens.Count < 2)
        {
            return null;
        }

        var words = tokens.Select(t => t.Value.ToLowerInvariant()).ToList();
        var order = IsOrder(sentence, tokens, words);

        if (order && (Near(words, OverrideVerbs, StrongRules) || OwnedRules(words)))
        {
            return InjectionKind.InstructionOverride;
        }

        if (IsPersonaSwitch(tokens, words, order))
        {
            return InjectionKind.PersonaSwitch;
        }

        if (TopValues.Any(words) && ((order && Near(words, ScoreVerbs, Self)) || Near(words, Deservers, DeserveVerbs)))
        {
            return InjectionKind.ScoreRequest;
        }

        var question = sentence.Contains('?', StringComparison.Ordinal) || QuestionWords.LengthAt(words, 0) > 0;
        if ((order || question) && Near(words, RevealVerbs, Secrets))
        {
            return InjectionKind.RubricProbe;
        }

        if (order && Near(words, FlowVerbs, FlowTargets))
        {
            return InjectionKind.FlowControl;
        }

        return IsNoteToGrader(words) ? InjectionKind.AddressedInstruction : null;
    }

    /// <summary>
    /// An order: some clause starts with an order verb (after "please", "now", "AI,"…), or the sentence asks
    /// ("can you…", "I want you to…"), or tells the AI what it must do ("you must…", "the grader should…").
    /// </summary>
    private static bool IsOrder(string sentence, MatchCollection tokens, List<string> words)
    {
        for (var i = 0; i < words.Count; i++)
        {
            var clauseStart = i == 0
                || ClauseBreak().IsMatch(sentence.AsSpan(tokens[i - 1].Index + tokens[i - 1].Length, tokens[i].Index - tokens[i - 1].Index - tokens[i - 1].Length))
                || Conjunctions.ContainsWord(words[i - 1]);
            if (!clauseStart)
            {
                continue;
            }

            var at = i;
            for (var skipped = 0; skipped < 4 && Lead.LengthAt(words, at) is var lead and > 0; skipped++)
            {
                at += lead;
            }

            if (at < words.Count && OrderVerbs.LengthAt(words, at) > 0)
            {
                return true;
            }
        }

        if (Requests.Any(words))
        {
            return true;
        }

        foreach (var (start, length) in Speakers.In(words))
        {
            var next = start + length;
            if (Modals.LengthAt(words, next) > 0 || (next + 1 < words.Count && Modals.LengthAt(words, next + 1) > 0))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"Forget everything above", "ignore your rules": weak objects count when they are the AI's.</summary>
    private static bool OwnedRules(List<string> words) =>
        OverrideVerbs.In(words).Any(verb => WeakRules.In(words).Any(rule =>
            Math.Abs(rule.Start - verb.Start) <= Window
            && RuleOwners.In(words).Any(owner => Math.Abs(owner.Start - rule.Start) <= 3)));

    private static bool IsPersonaSwitch(MatchCollection tokens, List<string> words, bool order)
    {
        var triggers = PersonaTriggers.In(words).Select(t => (t.Start, t.Length, Named: true));
        if (order)
        {
            triggers = triggers.Concat(PersonaOrders.In(words).Select(t => (t.Start, t.Length, Named: false)));
        }

        foreach (var (start, length, named) in triggers)
        {
            var next = start + length;
            for (var k = next; k < Math.Min(words.Count, next + PersonaReach); k++)
            {
                if (Personas.ContainsWordOrEnding(words[k]))
                {
                    return true;
                }
            }

            // "You are now Max", "from now on you will be called Max": a capitalised name right after the trigger.
            while (next < words.Count && NameLinks.ContainsWord(words[next]))
            {
                next++;
            }

            if (named && next < words.Count && char.IsUpper(tokens[next].Value[0]) && !Determiners.ContainsWord(words[next]))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>"Note to the grader", "Anweisung an den Bewerter", "instrucciones para el evaluador".</summary>
    private static bool IsNoteToGrader(List<string> words)
    {
        foreach (var (start, length) in NoteWords.In(words))
        {
            var at = start + length;
            if (NoteLinks.LengthAt(words, at) is not (var link and > 0))
            {
                continue;
            }

            at += link;
            at += Determiners.LengthAt(words, at);
            if (Addressees.LengthAt(words, at) > 0)
            {
                return true;
            }
        }

        return false;
    }

    private static bool Near(List<string> words, Phrases first, Phrases second)
    {
        var seconds = second.In(words).ToList();
        return seconds.Count > 0 && first.In(words).Any(a => seconds.Any(b => Math.Abs(a.Start - b.Start) <= Window));
    }
}
