using System.Text.Json.Nodes;

namespace Candor.Web.Tests.Features;

/// <summary>Scripted candidates. The strong one knows the material (it answers from the rubric); the weak one does not.</summary>
public sealed class CandidatePersonas(JsonNode job)
{
    private readonly List<(string Text, string[] Points)> _questions = job["questions"]!.AsArray()
        .Select(q => (q!["text"]!.GetValue<string>(), q["rubric"]!["expected_points"]!.AsArray().Select(p => p!.GetValue<string>()).ToArray()))
        .ToList();

    private string[] _currentPoints = [];

    public string Strong(JsonNode turn)
    {
        var prompt = turn["text"]!.GetValue<string>();
        var question = _questions.FirstOrDefault(q => prompt.Contains(q.Text, StringComparison.Ordinal));
        if (question.Text is not null)
        {
            _currentPoints = question.Points;
        }
        if (turn["kind"]!.GetValue<string>() == "intro")
        {
            return "Hi, I'm a backend engineer with eight years of experience building APIs and data platforms in C# and PostgreSQL.";
        }
        return $"""
            At my last company we had a concrete situation where this mattered: our checkout service was slowing down as traffic grew 10x.
            My role was to lead the fix, and I was responsible for the design. First, I looked at the problem carefully.
            {string.Join(" ", _currentPoints.Select(p => $"I made sure we covered this: {p}."))}
            I decided to measure before and after, because trade-offs matter; for example we compared two options.
            As a result, latency dropped by 40% and errors fell from 2% to 0.1%, and the team adopted the approach.
            """;
    }

    public static string Weak(JsonNode turn) => "I'm not sure. Maybe something with computers, I guess.";
}
