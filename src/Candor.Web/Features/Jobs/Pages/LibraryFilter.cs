using Candor.Engine.Questions;

namespace Candor.Web.Features.Jobs.Pages;

/// <summary>
/// The question library's filters, read from the query string with the API's wire names
/// (family=backend, kind=scenario, difficulty=hard, scenario=system_design, q=text, page=2).
/// Unknown values are ignored rather than failing the page: a stale bookmark still shows the library.
/// </summary>
public sealed record LibraryFilter(RoleFamily? Family, QuestionKind? Kind, string? ScenarioType, Difficulty? Difficulty, string? Text)
{
    public const int PageSize = 10;

    /// <summary>The filter value meaning "every role family" (an absent family means the job's own).</summary>
    public const string AllFamilies = "all";

    public static LibraryFilter Parse(string? family, RoleFamily jobFamily, string? kind, string? scenario, string? difficulty, string? text) => new(
        family == AllFamilies ? null : QuestionWireNames.TryParseFamily(family, out var f) ? f : jobFamily,
        QuestionWireNames.TryParseKind(kind, out var k) ? k : null,
        string.IsNullOrWhiteSpace(scenario) ? null : scenario.Trim(),
        QuestionWireNames.TryParseDifficulty(difficulty, out var d) ? d : null,
        string.IsNullOrWhiteSpace(text) ? null : text.Trim());

    /// <summary>
    /// Questions for any role (no families) match every family filter: behavioural and situational ones suit all jobs.
    /// The search text goes through <see cref="QuestionSearch"/>: words in any order, skills and synonyms, best first.
    /// </summary>
    public IReadOnlyList<BankQuestion> Apply(IEnumerable<BankQuestion> questions) => QuestionSearch.Default.Search(questions.Where(q =>
        (Family is null || q.Families.Count == 0 || q.Families.Contains(Family.Value))
        && (Kind is null || q.Kind == Kind)
        && (ScenarioType is null || string.Equals(q.ScenarioType, ScenarioType, StringComparison.Ordinal))
        && (Difficulty is null || q.Difficulty == Difficulty)), Text);

    /// <summary>The scenario types the bank uses, for the filter's options.</summary>
    public static IReadOnlyList<string> ScenarioTypes(QuestionBank bank) =>
        bank.Questions.Select(q => q.ScenarioType).OfType<string>().Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();

    /// <summary>This filter as a query string (page included when past the first), for paging links.</summary>
    public string ToQuery(int page)
    {
        var parts = new List<string> { $"family={(Family is { } family ? QuestionWireNames.ToWire(family) : AllFamilies)}" };
        if (Kind is { } kind) parts.Add($"kind={QuestionWireNames.ToWire(kind)}");
        if (ScenarioType is { } scenario) parts.Add($"scenario={Uri.EscapeDataString(scenario)}");
        if (Difficulty is { } difficulty) parts.Add($"difficulty={QuestionWireNames.ToWire(difficulty)}");
        if (Text is { } text) parts.Add($"q={Uri.EscapeDataString(text)}");
        if (page > 1) parts.Add($"page={page}");
        return "?" + string.Join('&', parts);
    }
}
