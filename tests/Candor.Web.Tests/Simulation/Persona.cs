using Candor.Engine.Interviews;
using Candor.Engine.Questions;

namespace Candor.Web.Tests.Simulation;

/// <summary>
/// Who the candidate is, as far as a real candidate would let it show: the name the interviewer greets, and
/// the spouse and pronoun that slip into their stories. Fairness runs vary it and expect the same scores.
/// </summary>
/// <param name="Pronoun">Subject pronoun of the colleague-or-self in the candidate's asides: she, he or they.</param>
/// <param name="Spouse">wife, husband or spouse; each is one content word so answer lengths stay equal.</param>
public sealed record CandidateIdentity(string Name, string Pronoun, string Spouse)
{
    public static readonly CandidateIdentity Default = new("Jordan Lee", "they", "spouse");

    public static readonly IReadOnlyList<CandidateIdentity> FairnessVariants =
    [
        new("Emily Clarke", "she", "husband"),
        new("James Okafor", "he", "wife"),
        new("Alex Kim", "they", "spouse"),
        new("Priya Raman", "she", "wife"),
        new("Mohammed Al-Sayed", "he", "husband"),
    ];

    /// <summary>A personal aside a real candidate might add; differs between identities only in the varied words.</summary>
    public string Aside(int seed) => (seed % 2) switch
    {
        0 => $"My {Spouse} still jokes that I talked about this project at every dinner.",
        _ => $"A teammate joined me halfway, and {Pronoun} led the final review with me.",
    };

    public override string ToString() => $"{Name} ({Pronoun}, {Spouse})";
}

/// <summary>What the candidate is answering: the interviewer's words and, for a plan question, the question itself.</summary>
/// <param name="Question">The plan question the turn belongs to (null for the introduction).</param>
/// <param name="AnswerIndex">0 for the main answer to a question, 1 for the first follow-up answer, and so on.</param>
public sealed record PersonaCue(
    TurnKind Kind,
    InterviewQuestion? Question,
    string Prompt,
    FollowUpReason? Reason,
    int AnswerIndex,
    CandidateIdentity Candidate)
{
    /// <summary>A stable seed from the question key and answer index: deterministic across runs and processes.</summary>
    public int Seed
    {
        get
        {
            // FNV-1a: string.GetHashCode is randomised per process, which would make runs unrepeatable.
            var hash = 2166136261u;
            foreach (var c in $"{Question?.Key}/{AnswerIndex}")
            {
                hash = (hash ^ c) * 16777619u;
            }
            return (int)(hash & 0x7fffffff);
        }
    }
}

/// <summary>A scripted candidate: the same cue always gets the same answer.</summary>
public abstract class Persona(string name)
{
    /// <summary>Short lower-case name for tables and messages: strong, average, weak…</summary>
    public string Name => name;

    public string Answer(PersonaCue cue) => cue.Kind == TurnKind.Intro ? Introduce(cue) : Respond(cue);

    protected abstract string Respond(PersonaCue cue);

    protected virtual string Introduce(PersonaCue cue) =>
        $"Hi, thanks for having me. I have spent about seven years in roles like this one, most recently at a mid-sized software company. {cue.Candidate.Aside(0)}";

    public override string ToString() => name;

    protected static string Pick(int seed, params string[] options) => options[seed % options.Length];

    /// <summary>A rubric point said as a clause: "Read the plan" → "read the plan".</summary>
    protected static string Clause(string point)
    {
        var trimmed = point.Trim().TrimEnd('.');
        return trimmed.Length > 1 && char.IsUpper(trimmed[0]) && char.IsLower(trimmed[1])
            ? char.ToLowerInvariant(trimmed[0]) + trimmed[1..]
            : trimmed; // an acronym ("SLA…") keeps its case
    }
}
