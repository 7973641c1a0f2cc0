using Candor.Engine.Interviews;
using Candor.Engine.Scoring.Injection;
using Candor.Web.Tests.Infrastructure;
using Candor.Web.Tests.Providers;
using Xunit.Abstractions;

namespace Candor.Web.Tests.Simulation;

/// <summary>
/// The harness on the LLM path, over real HTTP, against the fake model: the question writer, interviewer,
/// evaluator and report writer all run on the "model" through ChatClientFactory. The fake scores by length, so
/// only structure and the rule-owned flags are checked here, not persona ordering.
/// </summary>
public sealed class FakeModelSimulationTests(ITestOutputHelper output) : IAsyncLifetime
{
    private FakeLlmServer _server = null!;
    private CandorApp _app = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeLlmServer.StartAsync();
        _server.Responder = FakeModel.Reply;
        _app = LlmRoleSets.App("openai", _server.OpenAiBaseUrl, "fake-model", "sk-test-not-a-real-key");
        await _app.InitializeAsync();
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Every_persona_runs_through_the_llm_roles_and_passes_the_structural_checks()
    {
        var simulator = new InterviewSimulator(await LlmRoleSets.ForNewOrganizationAsync(_app));
        var scope = new MatrixScope([SimulatedJobs.Backend], Personas.All, FairnessJobs: 1, [Personas.Strong], Parallelism: 4);
        var run = await SimulationMatrix.RunAsync(simulator, scope, SimulationTolerances.FakeModel);
        output.WriteLine(run.SummaryTable());

        run.Violations.ShouldBeEmpty();
        foreach (var result in run.Results)
        {
            result.Plan.Draft.Provenance.Provider.ShouldBe("openai");
            result.Plan.Questions.ShouldAllBe(q => q.Text.StartsWith("[model]", StringComparison.Ordinal));
            result.ReportProvenance.Provider.ShouldBe("openai");
            // Every move but the scripted greeting was worded by the model, and streamed.
            result.Transcript.Where(t => t.Turn.Kind != TurnKind.Intro).ShouldAllBe(t => t.Move.Provenance!.Provider == "openai" && t.Turn.Prompt.Contains("[model]"));
            // Answers left blank once injected text is removed are scored by the rules alone; everything else by the model.
            result.Transcript.Where(t => t.Evaluation is not null && !string.IsNullOrWhiteSpace(InjectionDetector.Clean(t.Turn.Answer)))
                .ShouldAllBe(t => t.EvaluationProvenance!.Provider == "openai");
        }
    }
}

/// <summary>
/// The whole matrix against a real model, when one is configured (see <see cref="RealEndpoint"/>): every check,
/// persona ordering and fairness with the configured tolerance. Without configuration it passes at once and says
/// so in its output (the project allows no skipped tests).
/// </summary>
public sealed class RealEndpointSimulationTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_configured_endpoint_passes_the_whole_matrix()
    {
        if (RealEndpoint.FromEnvironment() is not { } endpoint)
        {
            output.WriteLine("No real endpoint configured: set CANDOR_SIM_PROVIDER, CANDOR_SIM_MODEL and CANDOR_SIM_API_KEY (and CANDOR_SIM_BASE_URL if not the provider's public API) to run the simulation matrix against it.");
            return;
        }

        await using var app = LlmRoleSets.App(endpoint.Provider, endpoint.BaseUrl, endpoint.Model, endpoint.ApiKey);
        await app.InitializeAsync();
        var simulator = new InterviewSimulator(await LlmRoleSets.ForNewOrganizationAsync(app));
        // Fairness runs on the first job only: it multiplies the calls, and one job shows a bias as well as three.
        var scope = MatrixScope.Full(fairnessJobs: 1, parallelism: endpoint.Parallelism);
        var run = await SimulationMatrix.RunAsync(simulator, scope, SimulationTolerances.Llm(endpoint.Tolerance, endpoint.OrderMargin));
        output.WriteLine($"Simulation against {endpoint}:");
        output.WriteLine(run.SummaryTable());

        // A broken endpoint falls back to the offline engine silently; then this run would not test the model.
        var scored = run.Results.SelectMany(r => r.Transcript).Where(t => t.Evaluation is not null && !string.IsNullOrWhiteSpace(t.Turn.Answer)).ToList();
        scored.Count(t => t.EvaluationProvenance?.Provider != "offline").ShouldBeGreaterThan(scored.Count / 2,
            "most answers were scored by the configured model, not the offline fallback");
        run.Violations.ShouldBeEmpty();
    }
}
