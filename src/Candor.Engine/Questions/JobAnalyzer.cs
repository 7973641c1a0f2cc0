using System.Text;

namespace Candor.Engine.Questions;

/// <summary>
/// Understands a job description offline: which skills it asks for, how senior it is and which role family
/// it belongs to. Deterministic: the same job always yields the same analysis.
/// </summary>
public sealed class JobAnalyzer(SkillTaxonomy taxonomy)
{
    /// <summary>A title mention of a skill counts as this many mentions: the title is what the role is about.</summary>
    internal const int TitleMentionWeight = 3;

    // A family named in the title outweighs whatever mix of skills the description lists,
    // because skill evidence is capped at SkillEvidenceCap in total.
    private const double TitleKeywordWeight = 5.0;
    private const double SkillEvidenceCap = 4.0;
    private const int MentionsCountedPerSkill = 3;

    private static readonly Lazy<JobAnalyzer> LazyDefault = new(() => new JobAnalyzer(SkillTaxonomy.Default));

    /// <summary>Title phrases (lower-case, space-separated words) and the families they name.</summary>
    private static readonly (string Phrase, RoleFamily Family, double Weight)[] TitleKeywords =
    [
        ("backend", RoleFamily.Backend, 1), ("back end", RoleFamily.Backend, 1), ("server side", RoleFamily.Backend, 1),
        ("api engineer", RoleFamily.Backend, 1),
        ("full stack", RoleFamily.Backend, 1), ("full stack", RoleFamily.Frontend, 1),
        ("fullstack", RoleFamily.Backend, 1), ("fullstack", RoleFamily.Frontend, 1),
        ("frontend", RoleFamily.Frontend, 1), ("front end", RoleFamily.Frontend, 1), ("ui engineer", RoleFamily.Frontend, 1),
        ("ui developer", RoleFamily.Frontend, 1), ("web developer", RoleFamily.Frontend, 1),
        ("data engineer", RoleFamily.Data, 1), ("data engineering", RoleFamily.Data, 1), ("analytics engineer", RoleFamily.Data, 1),
        ("data analyst", RoleFamily.Data, 1), ("bi developer", RoleFamily.Data, 1), ("bi analyst", RoleFamily.Data, 1),
        ("business intelligence", RoleFamily.Data, 1), ("data platform", RoleFamily.Data, 1), ("data architect", RoleFamily.Data, 1),
        ("etl developer", RoleFamily.Data, 1), ("database administrator", RoleFamily.Data, 1), ("dba", RoleFamily.Data, 1),
        ("data scientist", RoleFamily.MachineLearning, 1), ("data scientist", RoleFamily.Data, 1),
        ("data science", RoleFamily.MachineLearning, 1), ("data science", RoleFamily.Data, 1),
        ("sre", RoleFamily.DevOps, 1), ("site reliability", RoleFamily.DevOps, 1), ("devops", RoleFamily.DevOps, 1),
        ("dev ops", RoleFamily.DevOps, 1), ("devsecops", RoleFamily.DevOps, 1), ("platform engineer", RoleFamily.DevOps, 1),
        ("platform engineering", RoleFamily.DevOps, 1), ("infrastructure", RoleFamily.DevOps, 1), ("cloud engineer", RoleFamily.DevOps, 1),
        ("cloud architect", RoleFamily.DevOps, 1), ("release engineer", RoleFamily.DevOps, 1), ("sysadmin", RoleFamily.DevOps, 1),
        ("systems administrator", RoleFamily.DevOps, 1), ("reliability engineer", RoleFamily.DevOps, 1),
        ("ios", RoleFamily.Mobile, 1), ("android", RoleFamily.Mobile, 1), ("mobile", RoleFamily.Mobile, 1),
        ("react native", RoleFamily.Mobile, 1), ("flutter", RoleFamily.Mobile, 1),
        ("ml engineer", RoleFamily.MachineLearning, 1), ("machine learning", RoleFamily.MachineLearning, 1),
        ("ml", RoleFamily.MachineLearning, 1), ("mlops", RoleFamily.MachineLearning, 1), ("ai engineer", RoleFamily.MachineLearning, 1),
        ("ai researcher", RoleFamily.MachineLearning, 1), ("applied scientist", RoleFamily.MachineLearning, 1),
        ("research scientist", RoleFamily.MachineLearning, 1), ("deep learning", RoleFamily.MachineLearning, 1),
        ("computer vision", RoleFamily.MachineLearning, 1), ("nlp", RoleFamily.MachineLearning, 1), ("llm", RoleFamily.MachineLearning, 1),
        ("product manager", RoleFamily.ProductManagement, 1), ("product owner", RoleFamily.ProductManagement, 1),
        ("product lead", RoleFamily.ProductManagement, 1), ("head of product", RoleFamily.ProductManagement, 1),
        ("vp product", RoleFamily.ProductManagement, 1), ("vp of product", RoleFamily.ProductManagement, 1),
        ("director of product", RoleFamily.ProductManagement, 1), ("chief product officer", RoleFamily.ProductManagement, 1),
        ("product management", RoleFamily.ProductManagement, 1),
        ("designer", RoleFamily.Design, 1), ("ux", RoleFamily.Design, 1), ("user experience", RoleFamily.Design, 1),
        ("user researcher", RoleFamily.Design, 1), ("design lead", RoleFamily.Design, 1), ("head of design", RoleFamily.Design, 1),
        ("design manager", RoleFamily.Design, 1), ("design director", RoleFamily.Design, 1),
        ("account executive", RoleFamily.Sales, 1), ("ae", RoleFamily.Sales, 1), ("sdr", RoleFamily.Sales, 1), ("bdr", RoleFamily.Sales, 1),
        ("sales", RoleFamily.Sales, 1), ("business development", RoleFamily.Sales, 1), ("solutions engineer", RoleFamily.Sales, 1),
        ("customer success", RoleFamily.CustomerSuccess, 1), ("csm", RoleFamily.CustomerSuccess, 1),
        ("account manager", RoleFamily.CustomerSuccess, 1), ("account manager", RoleFamily.Sales, 0.5),
        ("client success", RoleFamily.CustomerSuccess, 1), ("customer support", RoleFamily.CustomerSuccess, 1),
        ("customer experience", RoleFamily.CustomerSuccess, 1), ("implementation manager", RoleFamily.CustomerSuccess, 1),
        ("onboarding specialist", RoleFamily.CustomerSuccess, 1), ("onboarding manager", RoleFamily.CustomerSuccess, 1),
        ("renewals manager", RoleFamily.CustomerSuccess, 1), ("support engineer", RoleFamily.CustomerSuccess, 1),
        ("marketing", RoleFamily.Marketing, 1), ("marketer", RoleFamily.Marketing, 1), ("growth", RoleFamily.Marketing, 1),
        ("content", RoleFamily.Marketing, 1), ("seo", RoleFamily.Marketing, 1), ("demand gen", RoleFamily.Marketing, 1),
        ("demand generation", RoleFamily.Marketing, 1),
        ("lead gen", RoleFamily.Marketing, 1), ("lead generation", RoleFamily.Marketing, 1), ("brand manager", RoleFamily.Marketing, 1), ("copywriter", RoleFamily.Marketing, 1),
        ("social media", RoleFamily.Marketing, 1), ("community manager", RoleFamily.Marketing, 1), ("lifecycle", RoleFamily.Marketing, 1),
    ];

    /// <summary>The analyzer over the built-in taxonomy.</summary>
    public static JobAnalyzer Default => LazyDefault.Value;

    public JobAnalysis Analyze(JobDescription job)
    {
        var title = job.Title ?? "";
        var description = job.Description ?? "";

        // One text, so an ambiguous name in the title ("Go") can draw its context from the description.
        var text = title + "\n" + description;
        var occurrences = taxonomy.FindOccurrences(text);
        var skills = taxonomy.Summarise(text, occurrences, o => o.Start < title.Length ? TitleMentionWeight : 1);

        var (seniority, cues) = job.Seniority is { } given
            ? (given, (IReadOnlyList<string>)[$"set by the recruiter: {given}"])
            : SeniorityDetector.Detect(title, description);

        var scores = ScoreFamilies(title, skills);
        var family = RoleFamily.General;
        foreach (var candidate in scores.Keys.Order())
        {
            // Candidates come in enum order and only a strictly higher score replaces, so ties go to the earlier family.
            if (family == RoleFamily.General || scores[candidate] > scores[family])
            {
                family = candidate;
            }
        }

        return new JobAnalysis(family, seniority, skills, cues, scores);
    }

    private Dictionary<RoleFamily, double> ScoreFamilies(string title, IReadOnlyList<SkillMatch> skills)
    {
        var raw = new double[(int)RoleFamily.General];

        var paddedTitle = $" {WordsOnly(title)} ";
        foreach (var (phrase, family, weight) in TitleKeywords)
        {
            if (paddedTitle.Contains($" {phrase} ", StringComparison.Ordinal))
            {
                // Max, not sum: "Senior iOS Mobile Engineer" is no more mobile than "iOS Engineer".
                raw[(int)family] = Math.Max(raw[(int)family], TitleKeywordWeight * weight);
            }
        }

        var fromSkills = new double[raw.Length];
        foreach (var match in skills)
        {
            var families = taxonomy.Find(match.Name)?.Families ?? [];
            foreach (var family in families)
            {
                // A skill shared by several families is weaker evidence for each of them.
                fromSkills[(int)family] += (double)Math.Min(match.Mentions, MentionsCountedPerSkill) / families.Count;
            }
        }

        var skillTotal = fromSkills.Sum();
        var scale = skillTotal > SkillEvidenceCap ? SkillEvidenceCap / skillTotal : 1.0;
        for (var i = 0; i < raw.Length; i++)
        {
            raw[i] += fromSkills[i] * scale;
        }

        var total = raw.Sum();
        if (total <= 0)
        {
            return new Dictionary<RoleFamily, double> { [RoleFamily.General] = 1.0 };
        }

        var scores = new Dictionary<RoleFamily, double>();
        for (var i = 0; i < raw.Length; i++)
        {
            if (raw[i] > 0)
            {
                scores[(RoleFamily)i] = raw[i] / total;
            }
        }

        return scores;
    }

    // "Sr. Back-End Engineer (UI/UX)" -> "sr back end engineer ui ux", so title phrases match whole words only.
    private static string WordsOnly(string text)
    {
        var builder = new StringBuilder(text.Length);
        var pendingSpace = false;
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (pendingSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                builder.Append(char.ToLowerInvariant(c));
                pendingSpace = false;
            }
            else
            {
                pendingSpace = true;
            }
        }

        return builder.ToString();
    }
}
