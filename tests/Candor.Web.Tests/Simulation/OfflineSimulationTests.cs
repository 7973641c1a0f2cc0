using Candor.Engine.Interviews;
using Candor.Engine.Scoring;
using Candor.Engine.Scoring.Injection;
using Candor.Web.Providers;
using Xunit.Abstractions;

namespace Candor.Web.Tests.Simulation;

/// <summary>
/// The whole persona × job matrix on the offline engine, in-process: every behaviour check, persona ordering
/// with a 10-point margin, exact fairness across identities, and injection that never pays. Run with
/// <c>--logger "console;verbosity=detailed"</c> to see the summary table.
/// </summary>
public sealed class OfflineSimulationTests(ITestOutputHelper output)
{
    private readonly InterviewSimulator _simulator = new(AiRoles.Offline);

    [Fact]
    public async Task Every_persona_on_every_job_passes_every_check()
    {
        var run = await SimulationMatrix.RunAsync(_simulator, MatrixScope.Full(), SimulationTolerances.Offline);
        output.WriteLine(run.SummaryTable());

        run.Violations.ShouldBeEmpty();
        run.Results.Count.ShouldBe(SimulatedJobs.All.Count * (Personas.All.Count + (2 * CandidateIdentity.FairnessVariants.Count)));
    }

    [Fact]
    public async Task The_checks_see_what_each_persona_does()
    {
        // Guards the harness itself: if a persona stopped behaving as scripted, the matrix could pass vacuously.
        var plan = await _simulator.PlanAsync(SimulatedJobs.Backend);
        var weak = await _simulator.RunAsync(plan, Personas.Weak);
        weak.FollowUps.ShouldContain(t => t.Turn.Reason == FollowUpReason.TooShort);
        var strong = await _simulator.RunAsync(plan, Personas.Strong);
        strong.FollowUps.ShouldNotContain(t => t.Turn.Reason == FollowUpReason.TooShort || t.Turn.Reason == FollowUpReason.Vague);
        strong.Report.RedFlags.ShouldBeEmpty();
        var injecting = await _simulator.RunAsync(plan, Personas.Injecting);
        injecting.Transcript.Where(t => t.Turn.QuestionKey is not null).ShouldAllBe(t => InjectionDetector.Contains(t.Turn.Answer));
        var hostile = await _simulator.RunAsync(plan, Personas.Hostile);
        var byScoreAlone = ReportBuilder.Recommend(hostile.Report.Overall, _simulator.Settings.Thresholds, []);
        byScoreAlone.ShouldNotBe(Recommendation.NoHire, "the hostile persona has enough content for its downgrade to show");
        hostile.Report.Recommendation.ShouldBe(byScoreAlone + 1);
        var silent = await _simulator.RunAsync(plan, Personas.Silent);
        silent.Report.Overall.ShouldBe(0);
    }

    [Fact]
    public async Task A_leaking_or_echoing_interviewer_is_caught()
    {
        var plan = await _simulator.PlanAsync(SimulatedJobs.Backend);
        var real = await _simulator.RunAsync(plan, Personas.Hostile);
        real.FollowUps.ShouldNotBeEmpty();
        var rubrics = plan.Questions.ToDictionary(q => q.Key, q => string.Join("; ", q.ExpectedPoints));
        var abuse = real.Transcript.SelectMany(t => HostileLanguageDetector.FindSentences(t.Turn.Answer)).First().Text;

        // The same transcript as a bad interviewer would have spoken it: reading the rubric out, repeating abuse.
        var doctored = real with
        {
            Transcript = [.. real.Transcript.Select(t => t.Turn.Kind switch
            {
                TurnKind.FollowUp => t with { Turn = t.Turn with { Prompt = $"Did you think about {rubrics[t.Turn.QuestionKey!]}?" } },
                TurnKind.Closing => t with { Turn = t.Turn with { Prompt = $"You said \"{abuse}\". Goodbye." } },
                _ => t,
            })],
        };

        BehaviourChecks.NoRubricLeak(doctored).ShouldNotBeEmpty();
        BehaviourChecks.NoEcho(doctored).ShouldNotBeEmpty();
        BehaviourChecks.NoRubricLeak(real).ShouldBeEmpty();
        BehaviourChecks.NoEcho(real).ShouldBeEmpty();
    }

    [Fact]
    public async Task A_tight_turn_budget_still_closes_in_time()
    {
        var simulator = new InterviewSimulator(AiRoles.Offline, new SimulationSettings { Policy = new InterviewPolicyOptions { MaxTurns = 9 } });
        var plan = await simulator.PlanAsync(SimulatedJobs.Sales);
        foreach (var persona in Personas.All)
        {
            var result = await simulator.RunAsync(plan, persona);
            BehaviourChecks.Budget(result, simulator.Settings.Policy).ShouldBeEmpty();
            result.Transcript[^1].Move.CloseReason.ShouldBe(CloseReason.TurnBudget);
        }
    }
}
