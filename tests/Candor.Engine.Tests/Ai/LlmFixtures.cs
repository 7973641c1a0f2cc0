using System.Text.Json;
using Candor.Engine.Ai.Llm;

namespace Candor.Engine.Tests.Ai;

internal static class LlmFixtures
{
    public static readonly LlmOptions Options = new("fake-provider", "fake-model-1");

    /// <summary>An evaluator reply in the schema's shape.</summary>
    public static string Evaluation(
        double relevance, double depth, double structure, double communication,
        string[]? evidence = null, int[]? covered = null, string feedback = "Covers the main points.", object[]? flags = null) =>
        JsonSerializer.Serialize(new
        {
            criteria = new
            {
                relevance = Criterion(relevance, evidence),
                depth = Criterion(depth, evidence),
                structure = Criterion(structure, []),
                communication = Criterion(communication, []),
            },
            covered_points = covered ?? [1, 2],
            feedback,
            red_flags = flags ?? [],
        });

    private static object Criterion(double score, string[]? evidence) =>
        new { score, rationale = "Reasoned from the answer.", evidence = evidence ?? [] };
}
