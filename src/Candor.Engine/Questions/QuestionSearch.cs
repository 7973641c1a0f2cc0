using System.Collections.Concurrent;
using Candor.Engine.Text;

namespace Candor.Engine.Questions;

/// <summary>
/// Finds library questions by meaning-bearing words rather than an exact phrase: the query's words may come in any
/// order and in any form ("data quality" finds "quality of the data"; "indexes" finds "index"), synonyms count
/// ("k8s" is Kubernetes), and a skill named in the query ("dbt", "Data modeling") finds questions about that skill,
/// whichever of its spellings they use. Every part of the query must be found: more words narrow the search.
/// </summary>
public sealed class QuestionSearch(SkillTaxonomy taxonomy)
{
    private static readonly Lazy<QuestionSearch> LazyDefault = new(() => new QuestionSearch(SkillTaxonomy.Default));

    private readonly ConcurrentDictionary<string, Indexed> _index = new(StringComparer.Ordinal);

    public static QuestionSearch Default => LazyDefault.Value;

    /// <summary>The questions matching <paramref name="query"/>, best first (words in the question itself beat words only in its rubric).</summary>
    public IReadOnlyList<BankQuestion> Search(IEnumerable<BankQuestion> questions, string? query)
    {
        if (string.IsNullOrWhiteSpace(query))
        {
            return [.. questions];
        }

        var parsed = Parse(query);
        if (parsed.Terms.Count == 0 && parsed.Skills.Count == 0)
        {
            return [.. questions];
        }

        return [.. questions
            .Select((question, order) => (question, order, rank: Rank(IndexOf(question), parsed)))
            .Where(x => x.rank >= 0)
            .OrderByDescending(x => x.rank)
            .ThenBy(x => x.order)
            .Select(x => x.question)];
    }

    /// <summary>
    /// Whether two questions overlap enough that a job probably should not ask both: similar wording, or the same
    /// competency about the same skill. Returns a short reason for people, or null.
    /// </summary>
    public string? Overlap(string textA, string competencyA, IReadOnlyList<string> skillsA, string textB, string competencyB, IReadOnlyList<string> skillsB)
    {
        var a = Terms.TermSet(textA);
        var b = Terms.TermSet(textB);
        if (a.Count > 0 && b.Count > 0 && (double)a.Intersect(b).Count() / a.Union(b).Count() >= SimilarWording)
        {
            return "similar wording";
        }

        if (string.Equals(competencyA, competencyB, StringComparison.OrdinalIgnoreCase))
        {
            var shared = SkillsOf(textA, skillsA).Intersect(SkillsOf(textB, skillsB), StringComparer.OrdinalIgnoreCase).FirstOrDefault();
            if (shared is not null)
            {
                return $"same topic ({competencyA.Replace('_', ' ')}, {shared})";
            }
        }

        return null;
    }

    // Share of distinct content terms two question texts have in common (Jaccard) from which they read as one question.
    private const double SimilarWording = 0.5;

    private IEnumerable<string> SkillsOf(string text, IReadOnlyList<string> skills) =>
        skills.Concat(taxonomy.Extract(text).Select(s => s.Name));

    private ParsedQuery Parse(string query)
    {
        var matched = taxonomy.Extract(query).Select(s => (s.Name, Spelling: s.MatchedAs)).ToList();
        if (matched.Count == 0 && taxonomy.Find(query.Trim()) is { } whole)
        {
            matched.Add((whole.Name, query.Trim()));
        }

        // Words that spell a named skill are satisfied by the skill itself, whichever spelling a question uses.
        var skills = matched.Select(m => new QuerySkill(m.Name, Terms.TermSet(m.Spelling))).ToList();
        var skillTerms = skills.SelectMany(s => s.Terms).ToHashSet(StringComparer.Ordinal);
        var terms = Terms.TermSet(query).Where(t => !skillTerms.Contains(t)).ToList();
        return new ParsedQuery(terms, skills);
    }

    private static int Rank(Indexed question, ParsedQuery query)
    {
        // A skill is found when the question is about it, or when its words are there anyway (a spelling the taxonomy
        // only accepts in context, say).
        if (!query.Terms.All(question.AllTerms.Contains)
            || !query.Skills.All(s => question.Skills.Contains(s.Name) || (s.Terms.Count > 0 && s.Terms.All(question.AllTerms.Contains))))
        {
            return -1;
        }

        return query.Terms.Count(question.TextTerms.Contains) * 2 + query.Skills.Count(s => question.DeclaredSkills.Contains(s.Name));
    }

    private Indexed IndexOf(BankQuestion question) => _index.GetOrAdd(question.Id, _ =>
    {
        var competency = question.Competency.Replace('_', ' ');
        var rubric = string.Join(". ", question.ExpectedPoints);
        var textTerms = Terms.TermSet([question.Text, competency]);
        var allTerms = Terms.TermSet([question.Text, competency, rubric, question.ScenarioType?.Replace('_', ' ') ?? "", .. question.Skills]);
        var declared = new HashSet<string>(question.Skills, StringComparer.OrdinalIgnoreCase);
        var skills = new HashSet<string>(declared, StringComparer.OrdinalIgnoreCase);
        foreach (var found in taxonomy.Extract($"{question.Text}. {competency}. {rubric}"))
        {
            skills.Add(found.Name);
        }

        return new Indexed(textTerms, allTerms, declared, skills);
    });

    private sealed record QuerySkill(string Name, HashSet<string> Terms);

    private sealed record ParsedQuery(IReadOnlyList<string> Terms, IReadOnlyList<QuerySkill> Skills);

    /// <param name="Skills">Skills the question declares or mentions in its text, competency or rubric.</param>
    private sealed record Indexed(HashSet<string> TextTerms, HashSet<string> AllTerms, HashSet<string> DeclaredSkills, HashSet<string> Skills);
}
