using Candor.Engine.Ai;
using Candor.Engine.Ai.Llm;
using Candor.Engine.Scoring;
using Microsoft.Extensions.AI;

namespace Candor.Engine.Tests.Ai;

public class LlmAnswerEvaluatorTests
{
    private static readonly EvaluationRequest Strong = new(Fixtures.SlowQuery, Fixtures.StrongSlowQuery);

    private static LlmAnswerEvaluator Evaluator(ScriptedChatClient client, LlmOptions? options = null) => new(client, options ?? LlmFixtures.Options);

    [Fact]
    public async Task Scores_come_from_the_model_with_the_offline_weights_and_llm_provenance()
    {
        var client = new ScriptedChatClient().Reply(LlmFixtures.Evaluation(90, 80, 70, 60, evidence: ["run EXPLAIN ANALYZE on the query"], covered: [1, 2, 5]));

        var (evaluation, provenance) = await Evaluator(client).EvaluateAsync(Strong);

        provenance.ShouldBe(new Provenance("fake-provider", "fake-model-1", "evaluator.v1"));
        evaluation.Criteria.Select(c => (c.Criterion, c.Score)).ShouldBe([("relevance", 90), ("depth", 80), ("structure", 70), ("communication", 60)]);
        var w = AnswerScorer.WeightsFor(Fixtures.SlowQuery.Kind);
        evaluation.Score.ShouldBe((int)Math.Round((w.Relevance * 90) + (w.Depth * 80) + (w.Structure * 70) + (w.Communication * 60), MidpointRounding.AwayFromZero));
        evaluation.Criteria[0].Evidence.ShouldBe(["run EXPLAIN ANALYZE on the query"]);
        evaluation.CoveredPoints.ShouldBe([Fixtures.SlowQuery.ExpectedPoints[0], Fixtures.SlowQuery.ExpectedPoints[1], Fixtures.SlowQuery.ExpectedPoints[4]]);
        evaluation.MissedPoints.Count.ShouldBe(2);
        evaluation.RedFlags.ShouldBeEmpty();
        client.Requests.Count.ShouldBe(1);
        client.RequestOptions[0]!.Temperature.ShouldBe(0f);
        client.RequestOptions[0]!.ResponseFormat.ShouldBeOfType<ChatResponseFormatJson>().Schema.ShouldNotBeNull();
    }

    [Fact]
    public async Task Malformed_json_is_repaired_by_one_retry_that_quotes_the_error()
    {
        var client = new ScriptedChatClient()
            .Reply("Sure! {\"criteria\": {\"relevance\": ")
            .Reply("```json\n" + LlmFixtures.Evaluation(70, 70, 70, 70) + "\n```");

        var (evaluation, provenance) = await Evaluator(client).EvaluateAsync(Strong);

        provenance.Provider.ShouldBe("fake-provider");
        evaluation.Score.ShouldBe(70);
        client.Requests.Count.ShouldBe(2);
        client.Requests[1][^1].Text.ShouldContain("rejected");
        client.Requests[1][^2].Role.ShouldBe(ChatRole.Assistant);
    }

    [Fact]
    public async Task Schema_violations_twice_fall_back_to_the_rules()
    {
        var missingDepth = "{\"criteria\": {\"relevance\": {\"score\": 50, \"rationale\": \"x\", \"evidence\": []}}, \"covered_points\": [], \"feedback\": \"x\", \"red_flags\": []}";
        var client = new ScriptedChatClient().Reply(missingDepth).Reply(LlmFixtures.Evaluation(50, 50, 50, 50, covered: [9]));

        var (evaluation, provenance) = await Evaluator(client).EvaluateAsync(Strong);

        provenance.ShouldBe(Provenance.Offline);
        evaluation.ShouldBeEquivalentTo(new AnswerScorer().Score(Strong));
        client.Requests.Count.ShouldBe(2);
        client.Requests[1][^1].Text!.ShouldContain("criteria.depth.score");
    }

    [Fact]
    public async Task Evidence_that_is_not_in_the_answer_is_retried_then_falls_back()
    {
        var invented = LlmFixtures.Evaluation(95, 95, 95, 95, evidence: ["I have ten years of Oracle tuning experience"]);
        var client = new ScriptedChatClient().Reply(invented).Reply(invented);

        var (_, provenance) = await Evaluator(client).EvaluateAsync(Strong);

        provenance.ShouldBe(Provenance.Offline);
        client.Requests.Count.ShouldBe(2);
        client.Requests[1][^1].Text!.ShouldContain("does not appear verbatim");
    }

    [Fact]
    public async Task Evidence_is_matched_after_whitespace_normalisation_and_a_good_retry_is_used()
    {
        var client = new ScriptedChatClient()
            .Reply(LlmFixtures.Evaluation(80, 80, 80, 80, evidence: ["made up quote"]))
            .Reply(LlmFixtures.Evaluation(80, 80, 80, 80, evidence: ["run   EXPLAIN ANALYZE\non the query"]));

        var (evaluation, provenance) = await Evaluator(client).EvaluateAsync(Strong);

        provenance.PromptVersion.ShouldBe("evaluator.v1");
        Fixtures.StrongSlowQuery.ShouldContain(evaluation.Criteria[0].Evidence[0]);
    }

    [Theory]
    [InlineData(150, 100)]
    [InlineData(-20, 0)]
    [InlineData(100.4, 100)]
    public async Task Scores_are_clamped(double given, int expected)
    {
        var client = new ScriptedChatClient().Reply(LlmFixtures.Evaluation(given, given, given, given));

        var (evaluation, _) = await Evaluator(client).EvaluateAsync(Strong);

        evaluation.Criteria.ShouldAllBe(c => c.Score == expected);
        evaluation.Score.ShouldBe(expected);
    }

    public static TheoryData<Exception> ProviderFailures =>
    [
        new HttpRequestException("503 Service Unavailable"),
        new TaskCanceledException("The request timed out."),
        new TimeoutException(),
        new InvalidOperationException("unexpected"),
    ];

    [Theory]
    [MemberData(nameof(ProviderFailures))]
    public async Task Provider_errors_and_timeouts_fall_back_to_the_rules(Exception failure)
    {
        var client = new ScriptedChatClient().Throw(failure);

        var (evaluation, provenance) = await Evaluator(client).EvaluateAsync(Strong);

        provenance.ShouldBe(Provenance.Offline);
        evaluation.ShouldBeEquivalentTo(new AnswerScorer().Score(Strong));
    }

    [Fact]
    public async Task The_callers_own_cancellation_is_not_swallowed()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var client = new ScriptedChatClient().Throw(new OperationCanceledException(cts.Token));

        await Should.ThrowAsync<OperationCanceledException>(() => Evaluator(client).EvaluateAsync(Strong, cts.Token));
    }

    [Fact]
    public async Task Several_samples_are_averaged_per_criterion()
    {
        var client = new ScriptedChatClient()
            .Reply(LlmFixtures.Evaluation(60, 70, 80, 90, covered: [1]))
            .Reply(LlmFixtures.Evaluation(81, 70, 80, 90, covered: [1, 2]))
            .Reply(LlmFixtures.Evaluation(60, 40, 80, 90, covered: [1, 2, 3]));

        var (evaluation, _) = await Evaluator(client, LlmFixtures.Options with { EvaluatorSamples = 3 }).EvaluateAsync(Strong);

        evaluation.Criteria.Select(c => c.Score).ShouldBe([67, 60, 80, 90]);
        evaluation.CoveredPoints.ShouldBe([Fixtures.SlowQuery.ExpectedPoints[0], Fixtures.SlowQuery.ExpectedPoints[1]]);
        client.Requests.Count.ShouldBe(3);
        client.PromptOf(0).ShouldBe(client.PromptOf(2));
    }

    [Fact]
    public async Task Blank_answers_are_scored_by_the_rules_without_a_model_call()
    {
        var client = new ScriptedChatClient();

        var (evaluation, provenance) = await Evaluator(client).EvaluateAsync(new EvaluationRequest(Fixtures.SlowQuery, "I don't know."));

        provenance.ShouldBe(Provenance.Offline);
        evaluation.Score.ShouldBe(0);
        client.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task Model_red_flags_are_merged_with_the_rules_flags()
    {
        var hostile = "Shut up. " + Fixtures.AverageSlowQuery;
        var client = new ScriptedChatClient().Reply(LlmFixtures.Evaluation(20, 20, 20, 20,
            flags: [new { code = "off_topic", evidence = (string?)null }, new { code = "hostile_language", evidence = "Shut up." }]));

        var (evaluation, _) = await Evaluator(client).EvaluateAsync(new EvaluationRequest(Fixtures.SlowQuery, hostile));

        evaluation.RedFlags.Select(f => f.Code).ShouldBe([RedFlagCodes.HostileLanguage, RedFlagCodes.OffTopic], ignoreOrder: true);
        evaluation.RedFlags.ShouldAllBe(f => f.QuestionKey == Fixtures.SlowQuery.Key);
    }

    [Fact]
    public async Task Unknown_red_flag_codes_are_rejected()
    {
        var bad = LlmFixtures.Evaluation(50, 50, 50, 50, flags: [new { code = "too_old", evidence = (string?)null }]);
        var client = new ScriptedChatClient().Reply(bad).Reply(bad);

        var (_, provenance) = await Evaluator(client).EvaluateAsync(Strong);

        provenance.ShouldBe(Provenance.Offline);
        client.Requests[1][^1].Text!.ShouldContain("too_old");
    }
}
