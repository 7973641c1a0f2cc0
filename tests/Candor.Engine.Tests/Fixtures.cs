using Candor.Engine.Questions;

namespace Candor.Engine.Tests;

/// <summary>Hand-written questions and answers; the real bank lives elsewhere and may change.</summary>
internal static class Fixtures
{
    public static readonly InterviewQuestion SlowQuery = new(
        "q-db",
        "A query that used to take 50 ms now takes 5 seconds in production. How would you find and fix the cause?",
        "databases",
        QuestionKind.Technical,
        Difficulty.Medium,
        [
            "Read the execution plan with EXPLAIN ANALYZE",
            "Add or fix an index on the filtered columns",
            "Check for stale statistics after data growth",
            "Look for lock contention or blocking transactions",
            "Verify the fix by measuring before and after",
        ],
        "What would you look at once you had the plan in front of you?",
        ["PostgreSQL", "SQL"]);

    public const string StrongSlowQuery =
        "First I would reproduce it and run EXPLAIN ANALYZE on the query to read the execution plan, because guessing wastes time. " +
        "In our case at my last job the plan showed a sequential scan on a 40 million row table, so we added a composite index on the filtered columns and the scan became an index scan. " +
        "I would also check whether statistics are stale after the data growth and run ANALYZE, since the planner picks bad plans with old estimates. " +
        "If the plan looks fine, I look for lock contention in pg_stat_activity, for example a long transaction blocking writers. " +
        "Finally I verify the fix by measuring latency before and after; we went from 5 seconds back to 40 ms at p95.";

    public const string AverageSlowQuery =
        "I would look at the query plan to see what the database is doing and whether it is scanning the whole table. " +
        "Probably an index is missing on the columns in the where clause, so I would add an index and test it again.";

    public const string WeakSlowQuery =
        "I would probably restart the server and see if it gets better, and maybe ask the team if anything changed recently in the code.";

    public static readonly InterviewQuestion Conflict = new(
        "q-conflict",
        "Tell me about a time you disagreed with a teammate about a technical decision. What happened?",
        "collaboration",
        QuestionKind.Behavioural,
        Difficulty.Medium,
        [
            "Describes a concrete disagreement and its context",
            "Listened to the other view and sought data",
            "Reached a decision and committed to it",
            "Reflects on what they learned",
        ],
        "What did you do to understand their point of view?",
        []);

    public const string StarConflict =
        "At my last job we had a disagreement about whether to move our reporting service to a message queue. " +
        "My role was tech lead, and I was responsible for the final design. " +
        "I set up a meeting, listened to my colleague's concerns, and I proposed we measure both options with real data over a week. " +
        "As a result we chose the queue, reduced report latency by 30%, and I learned to bring data before opinions.";

    public const string ConflictWithoutResult =
        "At my last job we had a disagreement about whether to move our reporting service to a message queue. " +
        "My role was tech lead, and I was responsible for the final design. " +
        "I set up a meeting, listened to my colleague's concerns, and I proposed we measure both options with real data over a week.";

    public static readonly InterviewQuestion ApiDesign = new(
        "q-api",
        "How would you design a public API for creating orders?",
        "api_design",
        QuestionKind.Scenario,
        Difficulty.Hard,
        [
            "Idempotency keys so retries do not create duplicate orders",
            "Versioning strategy for breaking changes",
            "Pagination for listing endpoints",
            "Rate limiting per client",
        ],
        "How would the API behave if the same request arrived twice?",
        ["REST"],
        ScenarioType: "api_design");

    public static readonly InterviewQuestion Priorities = new(
        "q-prio",
        "What would you do if two stakeholders asked for conflicting features in the same sprint?",
        "prioritization",
        QuestionKind.Situational,
        Difficulty.Easy,
        [
            "Clarify the business goal behind each request",
            "Use impact and effort to rank the options",
            "Escalate transparently to the product owner when needed",
        ],
        "Clarify the business goal behind each request.",
        []);
}
