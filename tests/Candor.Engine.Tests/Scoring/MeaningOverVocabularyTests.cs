using Candor.Engine.Questions;
using Candor.Engine.Scoring;
using Candor.Engine.Text;

namespace Candor.Engine.Tests.Scoring;

/// <summary>
/// semantic-v2: what a plain-words answer says counts, in stories as in explanations; bare terms, values talk and
/// denials still earn nothing, and questions adaptive difficulty passed over are not missing answers.
/// </summary>
public sealed class MeaningOverVocabularyTests
{
    private static readonly AnswerScorer Scorer = new();

    private static readonly InterviewQuestion Integrity = new(
        "q-integrity",
        "Tell me about a time you were under pressure to cut a corner or bend a rule. What did you do?",
        "integrity",
        QuestionKind.Behavioural,
        Difficulty.Medium,
        ["source and nature of the pressure", "recognised the risk or ethical issue", "raised concerns openly", "found a legitimate alternative", "outcome and consequences"],
        "Probe what it cost them to hold the line, if anything.",
        []);

    // A story in everyday words: it never says "pressure", "ethical" or "outcome", and it is full of negations that
    // describe what happened ("wouldn't arrive", "wasn't comfortable") rather than deny doing something.
    private const string PlainStory =
        "In my second year, at the end of a hard quarter, my manager asked me to mark a deal as won because the customer had said yes on the phone, " +
        "even though the signed contract wouldn't arrive until the following week. I knew that counting a sale without a signature was against our rules " +
        "and would make the numbers that went to the board look better than they were. I told my manager, one to one, that I wasn't comfortable doing it " +
        "and why, and suggested something else: I asked the customer's finance director whether they could sign electronically that same day. " +
        "They signed two days later, so the deal landed in the next quarter and I missed my bonus step, but my manager thanked me a month later when the auditors came.";

    private const string ValuesTalk =
        "Integrity has always been at the core of who I am, and I think customers can sense when someone is genuine. Pressure is part of any job, " +
        "but I believe the right thing is always the right thing. I've always tried to lead by example and to stay true to my values, and I think " +
        "that's why customers trust me. Doing the right thing might be harder in the short term, but it always pays off in the long run.";

    private const string TermList =
        "Pressure source, ethical risk, raised concerns, legitimate alternative, outcome, consequences, integrity, compliance.";

    [Fact]
    public void A_plain_words_story_is_on_topic_has_all_its_parts_and_scores_well()
    {
        var analysis = Scorer.Analyze(new EvaluationRequest(Integrity, PlainStory));

        analysis.Evaluation.RedFlags.ShouldBeEmpty();
        analysis.Star.Missing.ShouldBeEmpty();
        analysis.Evaluation.Score.ShouldBeGreaterThanOrEqualTo(65);
    }

    [Fact]
    public void Values_talk_and_a_term_list_lose_to_the_story_by_far()
    {
        var story = Scorer.Score(new EvaluationRequest(Integrity, PlainStory));
        var values = Scorer.Score(new EvaluationRequest(Integrity, ValuesTalk));
        var listed = Scorer.Score(new EvaluationRequest(Integrity, TermList));

        values.Score.ShouldBeLessThan(story.Score - 40);
        listed.Score.ShouldBeLessThan(story.Score - 40);
        listed.RedFlags.ShouldContain(f => f.Code == RedFlagCodes.KeywordStuffing);
    }

    [Theory]
    [InlineData("I would not add an index on the filtered columns here.", true)]
    [InlineData("So we never add one on a column like that.", true)]
    [InlineData("Don't index every column.", true)]
    [InlineData("The signed contract wouldn't arrive until the following week.", false)]
    [InlineData("I told my manager privately that I couldn't say that, and why.", false)]
    [InlineData("It wasn't planned until the following quarter.", false)]
    public void Only_a_denial_of_ones_own_course_of_action_is_a_negation_that_covers_nothing(string unit, bool denial)
    {
        AnswerUnitRules.IsDenial(unit).ShouldBe(denial);
    }

    [Fact]
    public void A_sentence_that_describes_a_negative_situation_still_covers_its_point()
    {
        var question = Integrity with { ExpectedPoints = ["the feature promised to the customer was not on the roadmap"] };

        var said = Scorer.Analyze(new EvaluationRequest(question,
            "The feature the customer wanted had not been planned by the product team, and it wasn't on the roadmap for this year."));
        var denied = Scorer.Analyze(new EvaluationRequest(question with { ExpectedPoints = ["adds an index on the filtered columns"] },
            "I would not add an index on the filtered columns here, I would leave the table as it is and look elsewhere."));

        said.Coverage.Single().Covered.ShouldBeTrue();
        denied.Coverage.Single().Covered.ShouldBeFalse();
    }

    [Fact]
    public void A_point_made_across_two_sentences_is_matched_by_the_pair_but_a_list_never_joins_a_pair()
    {
        var units = AnswerUnits.From(SentenceSplitter.Split(
            "I knew it wasn't planned until next quarter. Telling the customer otherwise would wreck their trust. Key terms: trust; roadmap; renewal; ethics."));

        units.TermLists.ShouldHaveSingleItem();
        units.Units.ShouldContain(u => u.Text.Contains("next quarter. Telling the customer", StringComparison.Ordinal));
        units.Units.ShouldNotContain(u => u.Text.Contains("Key terms", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("Near the end of a quarter, our head of sales asked me to tell a customer a feature would be ready next month.", StarPart.Situation)]
    [InlineData("A manager once asked me to promise a customer a feature that wasn't on the roadmap.", StarPart.Situation)]
    [InlineData("I knew from our product team that it wasn't planned.", StarPart.Task)]
    [InlineData("I told them privately that I wasn't comfortable, and why.", StarPart.Action)]
    [InlineData("They renewed two weeks later than sales wanted, at the full price.", StarPart.Result)]
    public void Natural_story_sentences_are_recognised_as_their_part(string sentence, StarPart part)
    {
        StarDetector.Analyze(sentence).Has(part).ShouldBeTrue();
    }

    [Fact]
    public void Saying_how_one_goes_about_it_is_not_rambling_but_talk_about_values_is()
    {
        StarDetector.SaysWhatTheyDo(SentenceSplitter.Split("Then I look for clues: sites about to run out of user licences. I'd split the drop by team.")).ShouldBeTrue();
        StarDetector.SaysWhatTheyDo(SentenceSplitter.Split(ValuesTalk)).ShouldBeFalse();
    }

    private static InterviewQuestion Q(string key, Difficulty difficulty) =>
        new(key, $"Question {key}?", "x", QuestionKind.Technical, difficulty, ["point a"], "", []);

    private static AnswerEvaluation Eval(int score) =>
        new(score, [.. Criteria.All.Select(c => new CriterionScore(c, score, "r", []))], [], [], [], "f");

    [Fact]
    public void Questions_adaptive_difficulty_passed_over_are_not_missing_answers()
    {
        // Asked 1, 3 and 5; 2 and 4 (hard) were passed over on the way; 6–8 were never reached by this candidate either,
        // but they came after the last question asked, so they stay planned.
        QuestionOutcome[] passedOver =
        [
            new(Q("1", Difficulty.Easy), true, Eval(60)),
            new(Q("2", Difficulty.Hard), false, null),
            new(Q("3", Difficulty.Easy), true, Eval(60)),
            new(Q("4", Difficulty.Hard), false, null),
            new(Q("5", Difficulty.Easy), true, Eval(60)),
        ];
        QuestionOutcome[] endedEarly =
        [
            new(Q("1", Difficulty.Easy), true, Eval(60)),
            new(Q("2", Difficulty.Easy), true, Eval(60)),
            new(Q("3", Difficulty.Easy), false, null),
            new(Q("4", Difficulty.Easy), false, null),
            new(Q("5", Difficulty.Easy), false, null),
        ];

        ReportBuilder.PassedOver(passedOver).ShouldBe(2);
        ReportBuilder.PassedOver(endedEarly).ShouldBe(0);
        var report = new ReportBuilder().Build(new ReportRequest(passedOver, new RecommendationThresholds(), []));
        report.Recommendation.ShouldBe(Recommendation.LeanNo);
        report.RedFlags.ShouldNotContain(f => f.Code == RedFlagCodes.IncompleteInterview);
        report.Summary.ShouldContain("3 of 3 planned");
        var early = new ReportBuilder().Build(new ReportRequest(endedEarly, new RecommendationThresholds(), []));
        early.Recommendation.ShouldBe(Recommendation.InsufficientEvidence);
    }
}
