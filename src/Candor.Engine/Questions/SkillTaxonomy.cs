using System.Text.Json;

namespace Candor.Engine.Questions;

/// <summary>A skill the engine recognises.</summary>
/// <param name="Name">Canonical spelling, e.g. "PostgreSQL".</param>
/// <param name="Category">Taxonomy category, e.g. "database".</param>
/// <param name="Aliases">Other spellings that mean this skill, e.g. "postgres".</param>
/// <param name="Families">Role families this skill signals; empty for skills every role shares.</param>
public sealed record Skill(string Name, string Category, IReadOnlyList<string> Aliases, IReadOnlyList<RoleFamily> Families);

/// <summary>
/// The built-in skills taxonomy (embedded JSON under Questions/Skills) and a fast, deterministic
/// extractor of the skills a free text mentions.
/// </summary>
/// <remarks>
/// Matching is case-insensitive except where the JSON says otherwise: <c>case_sensitive</c> makes the canonical
/// name match only in its exact case (lower-case "go", "react", "swift" are English), <c>exact_aliases</c> lists
/// extra exact-case spellings ("Node", "Rails"), and <c>needs_context</c> makes those exact-case spellings also
/// ask for a related skill or a programming word nearby ("Go", "C", "R"). Exact-case spellings at the start of a
/// sentence need that context too, since capitalisation there proves nothing. Ordinary aliases ("golang") never do.
/// <c>weak_aliases</c> names aliases that are often a mere mention ("our ML platform"): they detect the skill only
/// with a requirement word nearby ("ML experience") or when the skill is also named by a strong spelling.
/// </remarks>
public sealed class SkillTaxonomy
{
    private const string ResourcePrefix = "Candor.Engine.Questions.Skills.";

    private static readonly Lazy<SkillTaxonomy> LazyDefault = new(LoadEmbedded);

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private readonly Dictionary<string, Skill> _bySpelling;
    private readonly SkillMatcher _matcher;

    private SkillTaxonomy(IReadOnlyList<Skill> skills, IReadOnlyList<SkillMatchRules> rules)
    {
        Skills = skills;
        _matcher = new SkillMatcher(skills, rules);
        _bySpelling = new Dictionary<string, Skill>(StringComparer.OrdinalIgnoreCase);
        foreach (var skill in skills)
        {
            foreach (var spelling in skill.Aliases.Prepend(skill.Name))
            {
                _bySpelling.TryAdd(SpellingKey(spelling), skill);
            }
        }
    }

    /// <summary>The built-in taxonomy, loaded once on first use.</summary>
    public static SkillTaxonomy Default => LazyDefault.Value;

    /// <summary>Every skill, in file order (files sorted by name).</summary>
    public IReadOnlyList<Skill> Skills { get; }

    /// <summary>The skill with this canonical name or alias, ignoring case, spacing and hyphens; null if none.</summary>
    public Skill? Find(string nameOrAlias) =>
        string.IsNullOrWhiteSpace(nameOrAlias) ? null : _bySpelling.GetValueOrDefault(SpellingKey(nameOrAlias));

    /// <summary>
    /// The skills a text mentions, most-mentioned first (ties: earliest first). Whole tokens only;
    /// the longest spelling wins where spellings overlap.
    /// </summary>
    public IReadOnlyList<SkillMatch> Extract(string text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        return Summarise(text, FindOccurrences(text), _ => 1);
    }

    /// <summary>Every occurrence in order of position; the analyzer weighs them before summarising.</summary>
    internal List<SkillOccurrence> FindOccurrences(string text) => _matcher.FindAll(text);

    /// <summary>Groups occurrences by skill, summing <paramref name="weight"/> as mentions.</summary>
    internal IReadOnlyList<SkillMatch> Summarise(string text, List<SkillOccurrence> occurrences, Func<SkillOccurrence, int> weight)
    {
        var bySkill = new Dictionary<int, (int Mentions, SkillOccurrence First)>();
        foreach (var occurrence in occurrences)
        {
            bySkill[occurrence.SkillIndex] = bySkill.TryGetValue(occurrence.SkillIndex, out var seen)
                ? (seen.Mentions + weight(occurrence), seen.First)
                : (weight(occurrence), occurrence);
        }

        return [.. bySkill.Values
            .OrderByDescending(s => s.Mentions)
            .ThenBy(s => s.First.Start)
            .Select(s =>
            {
                var skill = Skills[s.First.SkillIndex];
                return new SkillMatch(skill.Name, skill.Category, AsWritten(text.Substring(s.First.Start, s.First.Length)), s.Mentions);
            })];
    }

    /// <summary>Builds a taxonomy from JSON documents in the embedded format; the order of documents is kept.</summary>
    internal static SkillTaxonomy FromJson(IEnumerable<string> documents)
    {
        var skills = new List<Skill>();
        var rules = new List<SkillMatchRules>();
        foreach (var document in documents)
        {
            var file = JsonSerializer.Deserialize<SkillFileJson>(document, JsonOptions)
                ?? throw new InvalidDataException("Empty skills document.");
            foreach (var entry in file.Skills)
            {
                var exact = entry.ExactAliases ?? [];
                if (entry.NeedsContext && !entry.CaseSensitive && exact.Count == 0)
                {
                    throw new InvalidDataException($"'{entry.Name}': needs_context applies only to exact-case spellings.");
                }

                if (entry.WeakAliases?.FirstOrDefault(w => !(entry.Aliases ?? []).Contains(w, StringComparer.OrdinalIgnoreCase)) is { } stray)
                {
                    throw new InvalidDataException($"'{entry.Name}': weak alias '{stray}' must also be listed in aliases.");
                }

                skills.Add(new Skill(
                    entry.Name,
                    file.Category,
                    [.. (entry.Aliases ?? []).Concat(exact)],
                    [.. (entry.Families ?? []).Select(ParseFamily)]));
                rules.Add(new SkillMatchRules(entry.CaseSensitive, entry.NeedsContext, exact, entry.WeakAliases));
            }
        }

        return new SkillTaxonomy(skills, rules);
    }

    /// <summary>Maps a wire name such as "machine_learning" to <see cref="RoleFamily.MachineLearning"/>.</summary>
    internal static RoleFamily ParseFamily(string wireName) =>
        Enum.TryParse<RoleFamily>(wireName.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var family)
        && family != RoleFamily.General
            ? family
            : throw new InvalidDataException($"Unknown role family '{wireName}'.");

    private static SkillTaxonomy LoadEmbedded()
    {
        var assembly = typeof(SkillTaxonomy).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(ResourcePrefix, StringComparison.Ordinal) && n.EndsWith(".json", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal);
        return FromJson(names.Select(name =>
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }));
    }

    // A match may span a line break ("usability\ntesting"); show it as one line.
    private static string AsWritten(string matched) =>
        matched.Any(c => char.IsWhiteSpace(c) && c != ' ')
            ? string.Join(' ', matched.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries))
            : matched;

    // Same tokens, same key: "React-Native", "react native" and "React  Native" all find React Native.
    private static string SpellingKey(string spelling)
    {
        var tokens = SkillTokenizer.Tokenize(spelling);
        return string.Join(' ', tokens.Select(t => spelling.Substring(t.Start, t.Length)));
    }

    private sealed record SkillFileJson(string Category, IReadOnlyList<SkillJson> Skills);

    private sealed record SkillJson(
        string Name,
        IReadOnlyList<string>? Aliases,
        IReadOnlyList<string>? ExactAliases,
        IReadOnlyList<string>? Families,
        bool CaseSensitive,
        bool NeedsContext,
        IReadOnlyList<string>? WeakAliases = null);
}
