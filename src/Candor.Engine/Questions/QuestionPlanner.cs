using System.Text;

namespace Candor.Engine.Questions;

/// <summary>
/// Chooses 8–12 bank questions for a job: the role's own questions ranked by how well their skills match
/// the job description and how well their difficulty fits the seniority, a share of cross-role behavioural
/// questions, and one scenario — then orders them like an interviewer would.
/// </summary>
/// <remarks>
/// Deterministic: the same job and analysis always yield the same plan. Ties are broken by a stable hash of
/// the job text and the question id (never <see cref="string.GetHashCode()"/>, which is randomised per
/// process), then by id, so two job descriptions with the same skills still get different question mixes.
/// </remarks>
public sealed class QuestionPlanner(QuestionBank bank)
{
    private readonly QuestionBank _bank = bank ?? throw new ArgumentNullException(nameof(bank));

    public IReadOnlyList<InterviewQuestion> Plan(JobDescription job, JobAnalysis analysis)
    {
        ArgumentNullException.ThrowIfNull(job);
        ArgumentNullException.ThrowIfNull(analysis);

        var count = PlanningRules.QuestionCount(job.QuestionCount);
        // A seniority the recruiter chose beats one inferred from the text.
        var seniority = job.Seniority ?? analysis.Seniority;
        var family = analysis.Family;
        var state = new PlanState(seniority, family);
        var candidates = Candidates(family, analysis.Skills, JobSeed(job));

        // Scenario first so its competency (system_design, api_design…) counts against the cap.
        var scenario = candidates
            .Where(c => c.Question.Kind == QuestionKind.Scenario && c.Tier <= state.GeneralTier && c.Question.Families.Count > 0)
            .OrderBy(c => c.Tier)
            .ThenByDescending(c => ScenarioTypeRank(family, c.Question.ScenarioType))
            .ThenByDescending(c => c.SkillScore)
            .ThenByDescending(c => PlanningRules.DifficultyFit(seniority, c.Question.Difficulty))
            .ThenBy(c => c.Shuffle)
            .ThenBy(c => c.Question.Id, StringComparer.Ordinal)
            .FirstOrDefault();
        if (scenario is not null)
        {
            state.Add(scenario, countsTowardQuota: false);
        }

        var conversationSlots = Math.Min(PlanningRules.ConversationSlots(family, count), count - state.Picked.Count);
        PickGreedy(state, candidates.Where(IsConversation), conversationSlots, useQuota: false);

        // Role questions: the family's own, then neighbours, then General; never a second scenario here.
        var roleSlots = count - state.Picked.Count;
        state.SetQuota(roleSlots);
        PickGreedy(state, candidates.Where(c => c.Question.Kind != QuestionKind.Scenario && !IsConversation(c)), roleSlots, useQuota: true);

        // Short bank: anything related that is left, then, only as a last resort, past the competency cap.
        PickGreedy(state, candidates, count - state.Picked.Count, useQuota: false);
        PickGreedy(state, candidates, count - state.Picked.Count, useQuota: false, ignoreCap: true);

        return Order(state.Picked, scenario).Select(ToInterviewQuestion).ToArray();
    }

    private static bool IsConversation(Candidate candidate) =>
        candidate.Question.Families.Count == 0
        && candidate.Question.Kind is QuestionKind.Behavioural or QuestionKind.Situational;

    /// <summary>Every question related to the family, with its tier (0 = own family) and skill score.</summary>
    private List<Candidate> Candidates(RoleFamily family, IReadOnlyList<SkillMatch> skills, string seed)
    {
        var weights = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var skill in skills)
        {
            weights[skill.Name] = weights.GetValueOrDefault(skill.Name) + Math.Max(1, skill.Mentions);
        }

        var neighbours = PlanningRules.Neighbours(family);
        var result = new List<Candidate>();
        foreach (var question in _bank.Questions)
        {
            var tier = Tier(question, family, neighbours);
            if (tier is null)
            {
                continue;
            }

            var skillScore = question.Skills
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .Sum(skill => weights.GetValueOrDefault(skill));
            result.Add(new Candidate(question, tier.Value, skillScore, StableHash(seed + "\u001f" + question.Id)));
        }

        return result;
    }

    /// <summary>0 = own family, then one tier per neighbour, then General, then cross-role; null = unrelated.</summary>
    private static int? Tier(BankQuestion question, RoleFamily family, IReadOnlyList<RoleFamily> neighbours)
    {
        if (question.Families.Count == 0)
        {
            return neighbours.Count + 2;
        }

        if (question.Families.Contains(family))
        {
            return 0;
        }

        for (var i = 0; i < neighbours.Count; i++)
        {
            if (question.Families.Contains(neighbours[i]))
            {
                return i + 1;
            }
        }

        return question.Families.Contains(RoleFamily.General) ? neighbours.Count + 1 : null;
    }

    private static void PickGreedy(PlanState state, IEnumerable<Candidate> pool, int slots, bool useQuota, bool ignoreCap = false)
    {
        var open = pool.Where(c => !state.Contains(c)).ToList();
        for (var picked = 0; picked < slots; picked++)
        {
            Candidate? best = null;
            foreach (var candidate in open)
            {
                if ((ignoreCap || state.UnderCap(candidate)) && (best is null || state.Compare(candidate, best, useQuota) < 0))
                {
                    best = candidate;
                }
            }

            if (best is null)
            {
                return;
            }

            state.Add(best, countsTowardQuota: useQuota);
            open.Remove(best);
        }
    }

    /// <summary>
    /// Easy warm-up first, then role questions from easy to hard with conversation questions spread
    /// between them, the scenario near the end, and one conversation question kept back to close on.
    /// </summary>
    private static List<BankQuestion> Order(IReadOnlyList<Candidate> picked, Candidate? scenario)
    {
        var conversation = picked.Where(IsConversation).Select(c => c.Question).ToList();
        // OrderBy is stable, so within a difficulty the better-ranked question stays first.
        var main = picked.Where(c => c != scenario && !IsConversation(c)).Select(c => c.Question).OrderBy(q => q.Difficulty).ToList();
        if (main.Count == 0)
        {
            (main, conversation) = (conversation.OrderBy(q => q.Difficulty).ToList(), []);
        }

        BankQuestion? closing = null;
        if (conversation.Count >= 2)
        {
            closing = conversation[^1];
            conversation.RemoveAt(conversation.Count - 1);
        }

        var result = new List<BankQuestion>(picked.Count);
        if (main.Count > 0)
        {
            result.Add(main[0]);
        }

        var rest = main.Skip(1).ToList();
        var next = 0;
        for (var j = 0; j < conversation.Count; j++)
        {
            // Conversation question j goes after this many role questions: evenly spaced.
            var before = (j + 1) * rest.Count / (conversation.Count + 1);
            while (next < before)
            {
                result.Add(rest[next++]);
            }

            result.Add(conversation[j]);
        }

        result.AddRange(rest.Skip(next));
        if (scenario is not null)
        {
            result.Add(scenario.Question);
        }

        if (closing is not null)
        {
            result.Add(closing);
        }

        return result;
    }

    private static int ScenarioTypeRank(RoleFamily family, string? scenarioType)
    {
        var preferred = PlanningRules.PreferredScenarioTypes(family);
        for (var i = 0; i < preferred.Count; i++)
        {
            if (string.Equals(preferred[i], scenarioType, StringComparison.OrdinalIgnoreCase))
            {
                return preferred.Count - i;
            }
        }

        return 0;
    }

    private static InterviewQuestion ToInterviewQuestion(BankQuestion q) =>
        new(q.Id, q.Text, q.Competency, q.Kind, q.Difficulty, q.ExpectedPoints, q.FollowUpGuide, q.Skills, q.ScenarioType, BankId: q.Id);

    private static string JobSeed(JobDescription job) =>
        string.Join('\u001f', job.Title, job.Description, job.Industry ?? string.Empty);

    /// <summary>FNV-1a over UTF-8: the same on every machine and run, unlike string.GetHashCode.</summary>
    private static ulong StableHash(string text)
    {
        var hash = 14695981039346656037UL;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 1099511628211UL;
        }

        return hash;
    }

    private sealed record Candidate(BankQuestion Question, int Tier, int SkillScore, ulong Shuffle);

    /// <summary>What has been picked so far, and the ranking that depends on it.</summary>
    private sealed class PlanState(Seniority seniority, RoleFamily family)
    {
        private readonly List<Candidate> _picked = [];
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
        private readonly Dictionary<string, int> _competencies = new(StringComparer.OrdinalIgnoreCase);
        private readonly int[] _quotaUsed = new int[3];
        private int _quotaSlots;

        public IReadOnlyList<Candidate> Picked => _picked;

        public int GeneralTier { get; } = PlanningRules.Neighbours(family).Count + 1;

        public bool Contains(Candidate candidate) => _ids.Contains(candidate.Question.Id);

        public bool UnderCap(Candidate candidate) =>
            _competencies.GetValueOrDefault(candidate.Question.Competency) < PlanningRules.CompetencyCap;

        public void SetQuota(int slots) => _quotaSlots = slots;

        public void Add(Candidate candidate, bool countsTowardQuota)
        {
            _picked.Add(candidate);
            _ids.Add(candidate.Question.Id);
            _competencies[candidate.Question.Competency] = _competencies.GetValueOrDefault(candidate.Question.Competency) + 1;
            if (countsTowardQuota)
            {
                _quotaUsed[(int)candidate.Question.Difficulty]++;
            }
        }

        /// <summary>Negative when <paramref name="a"/> should be picked before <paramref name="b"/>.</summary>
        public int Compare(Candidate a, Candidate b, bool useQuota)
        {
            var order = a.Tier.CompareTo(b.Tier);
            if (order == 0 && useQuota)
            {
                order = QuotaOpen(b).CompareTo(QuotaOpen(a));
            }

            if (order == 0 && seniority == Seniority.Lead)
            {
                order = PlanningRules.IsLeadership(b.Question.Competency).CompareTo(PlanningRules.IsLeadership(a.Question.Competency));
            }

            if (order == 0)
            {
                order = b.SkillScore.CompareTo(a.SkillScore);
            }

            if (order == 0)
            {
                // Prefer a competency not yet in the plan, then the kind (behavioural vs situational) seen less.
                order = Used(a).CompareTo(Used(b));
            }

            if (order == 0)
            {
                order = _picked.Count(p => p.Question.Kind == a.Question.Kind).CompareTo(_picked.Count(p => p.Question.Kind == b.Question.Kind));
            }

            if (order == 0)
            {
                order = PlanningRules.DifficultyFit(seniority, b.Question.Difficulty).CompareTo(PlanningRules.DifficultyFit(seniority, a.Question.Difficulty));
            }

            if (order == 0)
            {
                order = a.Shuffle.CompareTo(b.Shuffle);
            }

            return order != 0 ? order : string.CompareOrdinal(a.Question.Id, b.Question.Id);
        }

        private int Used(Candidate candidate) => _competencies.GetValueOrDefault(candidate.Question.Competency);

        private bool QuotaOpen(Candidate candidate) =>
            _quotaUsed[(int)candidate.Question.Difficulty] < PlanningRules.Target(seniority, candidate.Question.Difficulty, _quotaSlots);
    }
}
