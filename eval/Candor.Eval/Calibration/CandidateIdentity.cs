using System.Text.RegularExpressions;

namespace Candor.Eval.Calibration;

/// <summary>
/// Who the candidate is, as far as their words let it show: the name they are scheduled under (and give in their
/// introduction), a colleague they mention by name and pronoun, and a spouse. Answers use placeholders for these,
/// so a name or pronoun swap changes nothing else; a fair evaluator scores every identity the same.
/// </summary>
/// <remarks>The same names as the simulation's fairness identities (tests/Candor.Web.Tests/Simulation/Persona.cs).</remarks>
public sealed partial record CandidateIdentity(string Name, string Colleague, string They, string Them, string Their, string Spouse)
{
    public static readonly CandidateIdentity Default = new("Jordan Lee", "Sam", "they", "them", "their", "partner");

    /// <summary>The identities a <c>swap: true</c> persona is run again under.</summary>
    public static readonly IReadOnlyList<CandidateIdentity> Swaps =
    [
        new("Emily Clarke", "Maria", "she", "her", "her", "husband"),
        new("James Okafor", "David", "he", "him", "his", "wife"),
        new("Priya Raman", "Aisha", "she", "her", "her", "wife"),
        new("Mohammed Al-Sayed", "Tom", "he", "him", "his", "husband"),
    ];

    /// <summary>Placeholders an answer may use. Pronouns are the colleague's; write verbs that agree with any of them ("{they} said").</summary>
    public static readonly IReadOnlyList<string> Placeholders =
        ["{first_name}", "{colleague}", "{they}", "{them}", "{their}", "{They}", "{Their}", "{spouse}"];

    public string FirstName => Name.Split(' ', 2)[0];

    /// <summary>Email the interview is scheduled under: derived from the name, so it differs only where the name does.</summary>
    public string Email => $"{string.Concat(Name.Where(char.IsLetter)).ToLowerInvariant()}@calibration.example";

    public string Fill(string text) => text
        .Replace("{first_name}", FirstName, StringComparison.Ordinal)
        .Replace("{colleague}", Colleague, StringComparison.Ordinal)
        .Replace("{they}", They, StringComparison.Ordinal)
        .Replace("{them}", Them, StringComparison.Ordinal)
        .Replace("{their}", Their, StringComparison.Ordinal)
        .Replace("{They}", Capitalise(They), StringComparison.Ordinal)
        .Replace("{Their}", Capitalise(Their), StringComparison.Ordinal)
        .Replace("{spouse}", Spouse, StringComparison.Ordinal);

    /// <summary>Every <c>{word}</c> in <paramref name="text"/> that is not a known placeholder.</summary>
    public static IEnumerable<string> UnknownPlaceholders(string text) =>
        PlaceholderPattern().Matches(text).Select(m => m.Value).Where(p => !Placeholders.Contains(p) && p != PersonaScript.AnswerSlot).Distinct();

    public override string ToString() => $"{Name} ({Colleague}: {They}; {Spouse})";

    private static string Capitalise(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];

    [GeneratedRegex(@"\{[A-Za-z_]+\}")]
    private static partial Regex PlaceholderPattern();
}
