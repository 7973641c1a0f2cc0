using Candor.Engine.Questions;
using Candor.Engine.Scoring;

namespace Candor.Engine.Tests.Scoring;

/// <summary>The semantic evaluator judges meaning: paraphrases count, negations and term lists do not.</summary>
public sealed class SemanticScoringTests
{
    private static readonly AnswerScorer Scorer = new();

    private static readonly InterviewQuestion Index = new(
        "q-index",
        "What does a database index do, and why not index every column?",
        "databases",
        QuestionKind.Technical,
        Difficulty.Easy,
        [
            "B-tree lookup avoids a full table scan",
            "speeds reads on filtered or sorted columns",
            "slows inserts, updates and deletes",
            "extra storage and memory",
            "low-selectivity columns gain little",
        ],
        "Ask how they would find which indexes are never used.",
        ["SQL", "PostgreSQL"]);

    private const string PlainWords =
        "It works like the index at the back of a book. Instead of reading every row to find the ones you want, the database keeps " +
        "the values of that column in a sorted tree and jumps straight to the matching rows, so looking up one order out of millions " +
        "takes a few reads instead of reading the whole table. It also helps when you sort by that column. The catch is that every " +
        "time you add, change or remove a row, each of those sorted copies has to be updated as well, so every extra one makes writing " +
        "slower. They also take room on disk and in memory. And for a column with only a few different values, like yes or no, it " +
        "barely helps: if half the rows match, the database is better off just reading everything.";

    private const string TermList =
        "Key points: B-tree lookup; full table scan avoidance; filtered sorted columns reads; inserts updates deletes overhead; " +
        "storage memory cost; low-selectivity columns.";

    [Fact]
    public void Points_made_in_everyday_words_are_covered()
    {
        var evaluation = Scorer.Score(new EvaluationRequest(Index, PlainWords));

        evaluation.CoveredPoints.ShouldContain("slows inserts, updates and deletes");
        evaluation.CoveredPoints.Count.ShouldBeGreaterThanOrEqualTo(3);
        evaluation.RedFlags.ShouldBeEmpty();
    }

    [Fact]
    public void A_bare_list_of_the_rubric_terms_covers_nothing_is_flagged_and_loses_to_the_plain_words_answer()
    {
        var listed = Scorer.Score(new EvaluationRequest(Index, TermList));
        var plain = Scorer.Score(new EvaluationRequest(Index, PlainWords));

        listed.CoveredPoints.ShouldBeEmpty();
        listed.RedFlags.ShouldContain(f => f.Code == RedFlagCodes.KeywordStuffing && f.Evidence == TermList);
        plain.Score.ShouldBeGreaterThan(listed.Score + 40);
    }

    [Fact]
    public void A_negated_sentence_does_not_cover_the_point_it_denies()
    {
        var question = Index with { ExpectedPoints = ["adds an index on the filtered columns"] };

        var denied = Scorer.Analyze(new EvaluationRequest(question, "I would not add an index on the filtered columns here, I would leave the table as it is and look elsewhere."));
        var said = Scorer.Analyze(new EvaluationRequest(question, "I would add an index on the filtered columns here, and then measure the query again to confirm it helped."));

        denied.Coverage.Single().Covered.ShouldBeFalse();
        said.Coverage.Single().Covered.ShouldBeTrue();
    }

    [Fact]
    public void A_clause_after_because_still_counts_when_the_first_clause_is_negated()
    {
        var evaluation = Scorer.Score(new EvaluationRequest(Index,
            "You don't put one on every column because each index has to be updated on every insert, update and delete, so writes get slower."));

        evaluation.CoveredPoints.ShouldContain("slows inserts, updates and deletes");
    }

    [Fact]
    public void Upbeat_talk_that_never_reaches_a_point_is_flagged_as_rambling_and_earns_almost_nothing()
    {
        const string rambling =
            "Honestly, for me it's all about mindset and energy, and I bring that energy to every single project I touch. " +
            "I'm a big believer in working hard and working smart, and in always keeping the user at the centre of everything. " +
            "At the end of the day it's about results, and I'm someone who just loves to win and loves to help the team win too.";

        var evaluation = Scorer.Score(new EvaluationRequest(Index, rambling));

        evaluation.RedFlags.ShouldContain(f => f.Code == RedFlagCodes.Rambling);
        evaluation.Score.ShouldBeLessThanOrEqualTo(10);
    }

    [Fact]
    public void Named_tools_come_from_the_skills_taxonomy_not_from_capital_letters()
    {
        var specifics = AnswerSignals.FindSpecifics(Candor.Engine.Text.SentenceSplitter.Split(
            "She said on Friday that the UPDATE was slow. We moved the Evaluation table to PostgreSQL and cached it in Redis."));

        specifics.NamedThings.ShouldBe(["PostgreSQL", "Redis"], ignoreOrder: true);
    }

    [Fact]
    public void A_story_told_to_a_tell_me_about_a_time_question_is_on_topic()
    {
        var evaluation = Scorer.Score(new EvaluationRequest(Fixtures.Conflict, Fixtures.StarConflict));

        evaluation.RedFlags.ShouldNotContain(f => f.Code == RedFlagCodes.OffTopic);
        evaluation.Criteria.Single(c => c.Criterion == Criteria.Relevance).Score.ShouldBeGreaterThanOrEqualTo(50);
    }

    [Fact]
    public void The_same_answer_scores_the_same_every_time()
    {
        var first = new AnswerScorer().Score(new EvaluationRequest(Index, PlainWords + " "));
        var second = new AnswerScorer().Score(new EvaluationRequest(Index, PlainWords + "  "));

        second.ShouldBeEquivalentTo(first);
    }
}
