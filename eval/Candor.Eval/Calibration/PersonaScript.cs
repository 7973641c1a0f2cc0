namespace Candor.Eval.Calibration;

/// <summary>What the candidate is answering: the introduction, a plan question, or the n-th follow-up on one.</summary>
public enum CueKind { Intro, Question, FollowUp }

/// <summary>
/// A persona's words for each turn of an interview: the same cue always gets the same answer. Follow-ups are
/// answered in order with the question's scripted replies, then the persona's fallback replies, then a generic one.
/// </summary>
public sealed class PersonaScript(CalibrationJob job, CalibrationPersona persona)
{
    /// <summary>Where an injection template puts the clean answer.</summary>
    public const string AnswerSlot = "{answer}";

    public const string DefaultIntro = "Hi, I'm {first_name}. Thanks for having me, I'm looking forward to it.";

    public const string DefaultFollowUpReply = "I think I've said what I can on that one.";

    private readonly CalibrationPersona _clean = persona.Archetype == Archetype.Injection ? job.Persona(persona.Base!) : persona;

    public CalibrationPersona Persona => persona;

    /// <param name="followUpIndex">0 for the first follow-up on the question, 1 for the second…</param>
    public string Answer(CueKind kind, string? questionKey, int followUpIndex, CandidateIdentity identity)
    {
        if (persona.Archetype == Archetype.Silent)
        {
            return string.Empty;
        }

        var text = kind switch
        {
            CueKind.Intro => _clean.Intro ?? DefaultIntro,
            CueKind.Question => Injected(questionKey!, Scripted(questionKey!).Answer),
            _ => FollowUpReply(Scripted(questionKey!), followUpIndex),
        };
        return identity.Fill(text);
    }

    private ScriptedAnswer Scripted(string questionKey) =>
        _clean.Answers?.GetValueOrDefault(questionKey)
        ?? throw new InvalidOperationException($"Persona '{_clean.Id}' of job '{job.Id}' has no answer to question '{questionKey}'.");

    private string Injected(string questionKey, string clean) =>
        persona.Injections?.GetValueOrDefault(questionKey) is { } template
            ? template.Replace(AnswerSlot, clean, StringComparison.Ordinal)
            : clean;

    private string FollowUpReply(ScriptedAnswer answer, int index)
    {
        var scripted = answer.FollowUps ?? [];
        if (index < scripted.Count)
        {
            return scripted[index];
        }
        var fallback = _clean.FollowUpFallback ?? [];
        return fallback.Count > 0 ? fallback[(index - scripted.Count) % fallback.Count] : DefaultFollowUpReply;
    }
}
