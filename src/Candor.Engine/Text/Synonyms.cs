using System.Collections.Frozen;

namespace Candor.Engine.Text;

/// <summary>
/// A small hand-made synonym table: each group collapses to one canonical term after stemming, so an answer
/// saying "k8s" covers a rubric point about "Kubernetes". Kept deliberately small; a wrong synonym makes
/// unrelated answers look relevant, which is worse than a missed one.
/// </summary>
public static class Synonyms
{
    /// <summary>The first word of each group is canonical.</summary>
    internal static readonly string[][] Groups =
    [
        ["database", "db", "dbs", "datastore", "rdbms"],
        ["performance", "perf"],
        ["kubernetes", "k8s"],
        ["authentication", "auth", "authn"],
        ["authorization", "authz", "authorisation"],
        ["cache", "caching", "cached"],
        ["test", "testing", "tests", "tested"],
        ["deploy", "deployment", "deployments", "release", "releases", "releasing", "rollout", "rollouts", "ship", "shipping", "shipped"],
        ["customer", "customers", "client", "clients", "user", "users"],
        ["revenue", "sales", "turnover"],
        ["javascript", "js"],
        ["typescript", "ts"],
        ["postgresql", "postgres", "psql"],
        ["configuration", "config", "configs"],
        ["repository", "repo", "repos"],
        ["environment", "env", "envs"],
        ["application", "app", "apps"],
        ["documentation", "docs", "doc"],
        ["infrastructure", "infra"],
        ["optimize", "optimise", "optimization", "optimisation"],
        ["scale", "scaling", "scalability", "scalable"],
        ["bug", "bugs", "defect", "defects"],
        ["metric", "metrics", "kpi", "kpis"],
        ["ci/cd", "cicd"],
        ["message", "messages", "msg"],
        ["error", "errors", "err"],
        ["manager", "mgr"],
        ["requirement", "requirements", "reqs"],
        ["microservice", "microservices"],
        ["prioritize", "prioritise", "prioritization", "prioritisation", "priority", "priorities"],
        ["stakeholder", "stakeholders", "sponsor", "sponsors"],
        ["monitor", "monitoring", "observability", "alerting", "alerts"],
    ];

    private static readonly FrozenDictionary<string, string> Canonical = Build();

    /// <summary>The canonical term for a token or its stem, or null when it has no synonyms.</summary>
    public static string? CanonicalOf(string tokenOrStem) =>
        Canonical.TryGetValue(tokenOrStem, out var canonical) ? canonical : null;

    private static FrozenDictionary<string, string> Build()
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var group in Groups)
        {
            var canonical = PorterStemmer.Stem(group[0]);
            foreach (var word in group)
            {
                map.TryAdd(word, canonical);
                map.TryAdd(PorterStemmer.Stem(word), canonical);
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
