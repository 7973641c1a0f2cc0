namespace Candor.Engine.Questions;

/// <summary>How one skill may be matched in free text; parsed from the taxonomy JSON.</summary>
/// <param name="CaseSensitive">The canonical name only matches with its exact case ("Go", "React", "Swift").</param>
/// <param name="NeedsContext">Even in exact case, an exact-case spelling needs a nearby related skill or a programming cue word.</param>
/// <param name="ExactAliases">Extra spellings that must match in exact case ("Node", "Rails", "REST").</param>
/// <param name="WeakAliases">
/// Spellings that are often a mere mention ("ML platform", "AI tools", "Kafka clustering"): they detect the skill only
/// with evidence nearby (a requirement word such as "experience" or "models") or when the skill is also named properly.
/// </param>
internal sealed record SkillMatchRules(bool CaseSensitive, bool NeedsContext, IReadOnlyList<string> ExactAliases, IReadOnlyList<string>? WeakAliases = null);

/// <summary>One place in a text where a skill was found.</summary>
internal readonly record struct SkillOccurrence(int SkillIndex, int Start, int Length);

/// <summary>
/// A token trie over every spelling of every skill. Matching walks the trie from each token and keeps the
/// longest accepted spelling, so "ASP.NET Core" wins over ".NET" and "go-to-market" over "Go".
/// </summary>
internal sealed class SkillMatcher
{
    // How far (in tokens) a related skill may be to vouch for an ambiguous one, and how far a cue word may be.
    private const int RelatedSkillWindow = 8;
    private const int CueWordWindow = 4;

    // Words that make an ambiguous name ("Go", "C", "R") read as a programming tool rather than English.
    private static readonly HashSet<string> CueWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "developer", "developers", "engineer", "engineers", "engineering", "programming", "programmer",
        "programmers", "language", "languages", "code", "coding", "codebase", "backend", "frontend",
        "microservices", "library", "libraries", "sdk", "compiler", "framework", "frameworks", "stack",
        "software", "scripting", "runtime", "concurrency", "goroutines", "modules", "toolchain",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> CueWordLookup =
        CueWords.GetAlternateLookup<ReadOnlySpan<char>>();

    // Words that turn a weak spelling from a mention ("our ML platform") into a requirement ("ML experience").
    private static readonly HashSet<string> EvidenceWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "experience", "experienced", "knowledge", "expertise", "expert", "background", "proficiency", "proficient",
        "skills", "skilled", "familiarity", "familiar", "models", "model", "modelling", "modeling", "engineer", "engineers",
        "researcher", "researchers", "scientist", "scientists", "algorithms", "training", "train", "techniques", "research",
    };

    private static readonly HashSet<string>.AlternateLookup<ReadOnlySpan<char>> EvidenceWordLookup =
        EvidenceWords.GetAlternateLookup<ReadOnlySpan<char>>();

    private const int EvidenceWindow = 3;

    private readonly TrieNode _root = new();
    private readonly IReadOnlyList<IReadOnlyList<RoleFamily>> _familiesBySkill;
    private readonly IReadOnlyList<SkillMatchRules> _rulesBySkill;

    public SkillMatcher(IReadOnlyList<Skill> skills, IReadOnlyList<SkillMatchRules> rules)
    {
        _familiesBySkill = [.. skills.Select(s => s.Families)];
        _rulesBySkill = rules;
        for (var index = 0; index < skills.Count; index++)
        {
            var skill = skills[index];
            var exact = rules[index].ExactAliases;
            var weak = rules[index].WeakAliases ?? [];
            Add(skill.Name, index, rules[index].CaseSensitive);
            foreach (var alias in skill.Aliases)
            {
                Add(alias, index, exact.Contains(alias, StringComparer.Ordinal), weak.Contains(alias, StringComparer.OrdinalIgnoreCase));
            }
        }

        _root.Freeze();
    }

    public List<SkillOccurrence> FindAll(string text)
    {
        var tokens = SkillTokenizer.Tokenize(text);
        var candidates = new List<Candidate>();
        for (var i = 0; i < tokens.Count;)
        {
            // A leading symbol glued to a word belongs to that word: "candor.net" is a domain, not .NET.
            if (!tokens[i].IsWord && tokens[i].GluedToPrevious && i > 0 && tokens[i - 1].IsWord)
            {
                i++;
                continue;
            }

            if (LongestMatch(text, tokens, i) is not var (terminal, last))
            {
                i++;
                continue;
            }

            // Only exact-case spellings are ambiguous; "golang" or "c programming" vouch for themselves.
            var needsContext = terminal.CaseSensitive
                && (_rulesBySkill[terminal.SkillIndex].NeedsContext || tokens[i].StartsSentence);
            if (!needsContext || !IsPartOfCompound(text, tokens, i, last))
            {
                candidates.Add(new Candidate(terminal.SkillIndex, i, last, needsContext, terminal.Weak));
            }

            i = last + 1;
        }

        var occurrences = new List<SkillOccurrence>(candidates.Count);
        foreach (var candidate in candidates)
        {
            if ((!candidate.NeedsContext || HasContext(text, tokens, candidates, candidate))
                && (!candidate.Weak || HasEvidence(text, tokens, candidates, candidate)))
            {
                var start = tokens[candidate.FirstToken].Start;
                occurrences.Add(new SkillOccurrence(candidate.SkillIndex, start, tokens[candidate.LastToken].End - start));
            }
        }

        return occurrences;
    }

    private (Terminal Terminal, int LastToken)? LongestMatch(string text, List<TextToken> tokens, int first)
    {
        (Terminal, int)? best = null;
        var node = _root;
        for (var j = first; j < tokens.Count; j++)
        {
            var token = tokens[j];
            if (node.Child(text.AsSpan(token.Start, token.Length)) is not { } child
                || (j > first && child.RequiresGlue && !token.GluedToPrevious))
            {
                break;
            }

            node = child;
            if (node.Terminal is { } terminal && (!terminal.CaseSensitive || ExactCase(text, tokens, first, terminal)))
            {
                best = (terminal, j);
            }
        }

        return best;
    }

    private static bool ExactCase(string text, List<TextToken> tokens, int first, Terminal terminal)
    {
        for (var k = 0; k < terminal.Tokens.Length; k++)
        {
            var token = tokens[first + k];
            if (!text.AsSpan(token.Start, token.Length).SequenceEqual(terminal.Tokens[k]))
            {
                return false;
            }
        }

        return true;
    }

    // "C-level", "Go-to", "R&D": an ambiguous name glued into a compound is never the technology.
    private static bool IsPartOfCompound(string text, List<TextToken> tokens, int first, int last) =>
        tokens[last].HyphenAfter
        || (first > 0 && tokens[first - 1].HyphenAfter)
        || (last + 1 < tokens.Count && tokens[last + 1].GluedToPrevious && text[tokens[last + 1].Start] == '&')
        || (first > 0 && tokens[first].GluedToPrevious && text[tokens[first - 1].Start] == '&');

    private bool HasContext(string text, List<TextToken> tokens, List<Candidate> candidates, Candidate ambiguous)
    {
        var families = _familiesBySkill[ambiguous.SkillIndex];
        foreach (var other in candidates)
        {
            var distance = other.FirstToken > ambiguous.LastToken
                ? other.FirstToken - ambiguous.LastToken
                : ambiguous.FirstToken - other.LastToken;
            if (!other.NeedsContext && distance > 0 && distance <= RelatedSkillWindow
                && _familiesBySkill[other.SkillIndex].Any(families.Contains))
            {
                return true;
            }
        }

        var from = Math.Max(0, ambiguous.FirstToken - CueWordWindow);
        var to = Math.Min(tokens.Count - 1, ambiguous.LastToken + CueWordWindow);
        for (var k = from; k <= to; k++)
        {
            if (tokens[k].IsWord && CueWordLookup.Contains(text.AsSpan(tokens[k].Start, tokens[k].Length)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>A weak spelling counts when the skill is also named by a strong spelling, or a requirement word is close.</summary>
    private static bool HasEvidence(string text, List<TextToken> tokens, List<Candidate> candidates, Candidate weak)
    {
        if (candidates.Exists(c => c.SkillIndex == weak.SkillIndex && !c.Weak))
        {
            return true;
        }

        var from = Math.Max(0, weak.FirstToken - EvidenceWindow);
        var to = Math.Min(tokens.Count - 1, weak.LastToken + EvidenceWindow);
        for (var k = from; k <= to; k++)
        {
            if (tokens[k].IsWord && EvidenceWordLookup.Contains(text.AsSpan(tokens[k].Start, tokens[k].Length)))
            {
                return true;
            }
        }

        return false;
    }

    private void Add(string form, int skillIndex, bool caseSensitive, bool weak = false)
    {
        var tokens = SkillTokenizer.Tokenize(form);
        if (tokens.Count == 0)
        {
            throw new InvalidDataException($"Skill spelling '{form}' has no letters or digits.");
        }

        var texts = tokens.Select(t => form.Substring(t.Start, t.Length)).ToArray();
        var node = _root;
        for (var k = 0; k < tokens.Count; k++)
        {
            // Glue matters around '.', '#' and '+' (".NET", "C#"), not around '/' and '&' ("CI / CD" is still CI/CD).
            var requiresGlue = k > 0 && tokens[k].GluedToPrevious && !IsLooseSymbol(texts[k]) && !IsLooseSymbol(texts[k - 1]);
            node = node.GetOrAddChild(texts[k], requiresGlue);
        }

        if (node.Terminal is { } existing && existing.SkillIndex != skillIndex)
        {
            throw new InvalidDataException($"Skill spelling '{form}' is claimed by two skills.");
        }

        // Within one skill the lenient spelling wins: a case-insensitive alias covers its exact-case twin.
        if (node.Terminal is null || (node.Terminal.CaseSensitive && !caseSensitive))
        {
            node.Terminal = new Terminal(skillIndex, texts, caseSensitive, weak);
        }
    }

    private static bool IsLooseSymbol(string token) => token is "/" or "&";

    private readonly record struct Candidate(int SkillIndex, int FirstToken, int LastToken, bool NeedsContext, bool Weak);

    private sealed record Terminal(int SkillIndex, string[] Tokens, bool CaseSensitive, bool Weak);

    private sealed class TrieNode
    {
        private Dictionary<string, TrieNode>? _children;
        private Dictionary<string, TrieNode>.AlternateLookup<ReadOnlySpan<char>> _lookup;

        public bool RequiresGlue { get; private set; }

        public Terminal? Terminal { get; set; }

        public TrieNode GetOrAddChild(string token, bool requiresGlue)
        {
            _children ??= new Dictionary<string, TrieNode>(StringComparer.OrdinalIgnoreCase);
            if (!_children.TryGetValue(token, out var child))
            {
                child = new TrieNode { RequiresGlue = requiresGlue };
                _children.Add(token, child);
            }

            // Two spellings share this step: keep the looser requirement so neither stops matching.
            child.RequiresGlue &= requiresGlue;
            return child;
        }

        public TrieNode? Child(ReadOnlySpan<char> token) =>
            _children is not null && _lookup.TryGetValue(token, out var child) ? child : null;

        /// <summary>Prepares span lookups once building is done, so matching never allocates strings.</summary>
        public void Freeze()
        {
            if (_children is null)
            {
                return;
            }

            _lookup = _children.GetAlternateLookup<ReadOnlySpan<char>>();
            foreach (var child in _children.Values)
            {
                child.Freeze();
            }
        }
    }
}
