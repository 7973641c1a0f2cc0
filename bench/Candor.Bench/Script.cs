namespace Candor.Bench;

/// <summary>Deterministic candidate identities, job text and canned answers.</summary>
internal static class Script
{
    public const string JobTitle = "Senior Backend Engineer (.NET, PostgreSQL)";

    public const string JobDescription = """
        We are hiring a senior backend engineer to own core services of our hiring platform.
        You will design and build HTTP APIs in C# / ASP.NET Core, model data in PostgreSQL,
        and run what you build in production.

        Responsibilities:
        - Design, build and operate REST APIs used by web clients and partner integrations.
        - Model relational data, write efficient SQL and plan safe schema migrations.
        - Make services observable (structured logs, metrics, traces) and keep them fast under load.
        - Review code, mentor engineers and improve our testing and delivery practices.
        - Take part in an on-call rotation and lead incident follow-ups.

        Requirements:
        - 5+ years building backend services; strong C# and .NET (or a comparable language).
        - Solid PostgreSQL: indexing, transactions and isolation levels, query plans.
        - Experience with concurrency, caching, queues and idempotent API design.
        - Automated testing at unit and integration level; CI/CD; containers.
        - Clear written communication and a habit of documenting decisions.

        Nice to have: multi-tenant SaaS, security (OWASP, authN/authZ), cost-aware cloud design.
        """;

    private static readonly string[] FirstNames =
    [
        "Ada", "Ben", "Chiara", "Dmitri", "Elif", "Farah", "Goran", "Hana", "Ivan", "Jun",
        "Kwame", "Lucia", "Mateo", "Nadia", "Oskar", "Priya", "Quentin", "Rosa", "Sven", "Tomoko",
    ];

    private static readonly string[] LastNames =
    [
        "Okafor", "Novak", "Lindqvist", "Haddad", "Moreau", "Tanaka", "Kowalski", "Silva",
        "Brennan", "Rahman", "Costa", "Weber", "Ivanova", "Mensah", "Duarte", "Kim",
    ];

    private static readonly string[] IntroAnswers =
    [
        "Hi, thanks for having me. I'm a backend engineer with about seven years of experience, mostly in C# and .NET. "
        + "For the last three years I've been on a payments team where I owned our settlement API and the PostgreSQL "
        + "schema behind it. I enjoy performance work and making systems easier to operate, and I'm looking for a role "
        + "with more ownership of architecture decisions.",

        "Hello! I've spent six years building web services, first in Java and for the last four in .NET. Right now I "
        + "lead a small team that runs our order-management platform: a handful of ASP.NET Core services, Postgres, "
        + "and a message queue in between. I like mentoring, careful API design and being close to production.",

        "Sure. I started as a full-stack developer and moved to the backend because I like data modelling and "
        + "reliability problems. Today I work on a logistics product where I built our routing API and the event "
        + "pipeline that feeds it. I'm comfortable with on-call, and I care a lot about tests and observability.",
    ];

    private static readonly string[] Answers =
    [
        "I'd start by looking at the query plan with EXPLAIN ANALYZE to see whether we're doing a sequential scan or a "
        + "bad join order. In a similar case the fix was a composite index on tenant id and created_at that matched "
        + "the filter and the sort, which took the endpoint from about 800 milliseconds to under 20. I also check "
        + "row estimates against reality, because stale statistics mislead the planner more often than people expect.",

        "For idempotency I have clients send an idempotency key with each write. The server stores the key with the "
        + "request hash and the response in the same transaction as the change itself, with a unique constraint on "
        + "the key. A retry then gets the stored response instead of creating a duplicate, and a key reused with a "
        + "different payload is rejected with a 409.",

        "A conflict I remember was with a product manager who wanted a feature shipped before we had a migration plan. "
        + "I wrote a one-page proposal with two options and their risks, and we agreed to ship behind a feature flag "
        + "with the backfill running in batches. We released a week later than hoped, with no downtime, and the PM "
        + "later used the same template for other launches.",

        "Under load I think about where time goes: connection pool waits, lock contention, allocations and external "
        + "calls. I'd add metrics for pool usage and p99 latency per endpoint, then load-test with realistic data. "
        + "Often the quickest wins are batching round-trips, keeping transactions short and caching reference data "
        + "that rarely changes.",

        "For transactions I default to read committed and raise it only where an invariant needs it. For example, "
        + "when two requests could book the same slot, I either use SELECT FOR UPDATE on the slot row or a unique "
        + "constraint, and let the database enforce the rule. With serializable isolation I make sure the code "
        + "retries on serialization failures.",

        "When an incident happens I focus first on mitigation: roll back, scale out or switch off the feature flag. "
        + "Once things are stable I write a blameless post-mortem with a timeline, the contributing factors and a few "
        + "concrete follow-ups with owners. The most valuable follow-up I drove was adding alerting on queue age, "
        + "which caught the next problem before customers noticed.",

        "I mentor by pairing and by reviewing code with explanations rather than just verdicts. With one junior "
        + "engineer we set a goal of owning a small service end to end; I reviewed her design doc, we paired on the "
        + "trickiest parts, and within a quarter she was on the on-call rotation and reviewing other people's changes.",

        "My approach to testing is a solid base of fast unit tests for domain logic, and integration tests that run "
        + "the real HTTP pipeline against a real PostgreSQL database, because mocks of the database hide exactly the "
        + "bugs that matter. I keep end-to-end tests few and focused on critical flows, and I make sure the suite runs "
        + "in CI in a few minutes.",

        "I'd split the work into a synchronous API that validates and records the request, and a background worker "
        + "that does the slow part, using an outbox table so the message is only published if the transaction "
        + "commits. The client polls or gets a webhook. That keeps the API fast and makes retries safe.",

        "Honestly, I don't have deep experience with that particular tool, but I have solved similar problems. I'd "
        + "read the documentation, build a small prototype to check my assumptions, and ask the team what has already "
        + "been tried, before committing to a design.",
    ];

    public static string CandidateName(int index) =>
        $"{FirstNames[index % FirstNames.Length]} {LastNames[(index / FirstNames.Length) % LastNames.Length]}";

    public static string CandidateEmail(int index) =>
        $"bench.candidate.{index:D5}@example.com";

    /// <summary>The answer candidate <paramref name="index"/> gives on their <paramref name="turn"/>-th answer.</summary>
    public static string Answer(int index, int turn, string kind)
    {
        if (string.Equals(kind, "intro", StringComparison.OrdinalIgnoreCase))
        {
            return IntroAnswers[index % IntroAnswers.Length];
        }

        // A different, fixed walk through the answers per candidate.
        var step = 1 + (index % 3) * 2; // 1, 3 or 5: coprime with 10, so every answer is visited
        return Answers[((index * 7) + (turn * step)) % Answers.Length];
    }
}
