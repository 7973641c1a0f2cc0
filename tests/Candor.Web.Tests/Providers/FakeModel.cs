using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Candor.Web.Tests.Providers;

/// <summary>
/// A stand-in LLM for whole-interview tests: it reads each request the way a model would (which role, what
/// answer) and replies in that role's real structured format, so every role runs on the "LLM" end to end.
/// Its words are recognisable ("[model]") so tests can tell its output from the offline engine's.
/// </summary>
public static partial class FakeModel
{
    public const string LeadIn = "[model] Thank you, let us continue.";
    public const string FollowUp = "[model] Could you walk me through one concrete example of that?";
    public const string Closing = "[model] Thank you for your time today. The hiring team will review the interview and be in touch.";

    public static FakeReply? Reply(JsonNode request)
    {
        // OpenAI carries the system prompt as a message, Anthropic in "system"; read both like a model would.
        var prompt = Text(request["system"]) + "\n" + string.Join("\n", request["messages"]!.AsArray().Select(m => Text(m!["content"])));
        return Role(prompt) switch
        {
            "plan" => Json(Plan()),
            "evaluation" => Json(Evaluation(prompt)),
            "report" => Json(new JsonObject
            {
                ["strengths"] = new JsonArray("[model] Explains trade-offs with concrete numbers."),
                ["weaknesses"] = new JsonArray("[model] Could go deeper on failure modes."),
                ["summary"] = "[model] A solid interview with specific, measured answers.",
            }),
            _ when prompt.Contains("ask ONE short follow-up question", StringComparison.Ordinal) => new FakeReply(FollowUp),
            _ when prompt.Contains("close the interview warmly", StringComparison.Ordinal) => new FakeReply(Closing),
            _ => new FakeReply(LeadIn),
        };
    }

    /// <summary>Message content is a string or a list of parts ({type: "text", text}) depending on the provider.</summary>
    private static string Text(JsonNode? content) => content switch
    {
        null => "",
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Join("\n", parts.Select(p => p?["text"]?.GetValue<string>() ?? "")),
        _ => "",
    };

    private static string Role(string prompt) =>
        prompt.Contains("hiring-process designer", StringComparison.Ordinal) ? "plan"
        : prompt.Contains("rigorous, fair interview evaluator", StringComparison.Ordinal) ? "evaluation"
        : prompt.Contains("narrative part of a recruiter's interview report", StringComparison.Ordinal) ? "report"
        : "wording";

    private static FakeReply Json(JsonNode node) => new(node.ToJsonString(), InputTokens: 400, OutputTokens: 120);

    private static JsonObject Plan() => new()
    {
        ["questions"] = new JsonArray([.. Enumerable.Range(1, 10).Select(i => (JsonNode)new JsonObject
        {
            ["text"] = $"[model] Question {i}: how would you design part {i} of a reliable order API?",
            ["competency"] = i % 3 == 0 ? "ownership" : "api_design",
            ["kind"] = i % 3 == 0 ? "behavioural" : "technical",
            ["difficulty"] = i <= 3 ? "easy" : i <= 7 ? "medium" : "hard",
            ["expected_points"] = new JsonArray("idempotency keys for retries", "database transactions", "measure latency before and after"),
            ["follow_up_guide"] = "Ask how they would verify it works.",
            ["scenario_type"] = null,
            ["skills"] = new JsonArray(),
        })]),
    };

    /// <summary>Scores by length and quotes the answer's first words verbatim, as a grounded evaluator must.</summary>
    private static JsonObject Evaluation(string prompt)
    {
        // The system prompt mentions the tags too; the candidate's answer is the last fenced block.
        var answer = AnswerFence().Matches(prompt).LastOrDefault()?.Groups[1].Value.Trim() ?? "";
        var words = answer.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var quote = string.Join(' ', words.Take(6));
        var score = words.Length >= 30 ? 85 : 35;
        JsonObject Criterion() => new() { ["score"] = score, ["rationale"] = "[model] judged on substance.", ["evidence"] = quote.Length > 0 ? new JsonArray(quote) : new JsonArray() };
        return new JsonObject
        {
            ["criteria"] = new JsonObject { ["relevance"] = Criterion(), ["depth"] = Criterion(), ["structure"] = Criterion(), ["communication"] = Criterion() },
            ["covered_points"] = words.Length >= 30 ? new JsonArray(1, 2) : new JsonArray(),
            ["feedback"] = "[model] feedback.",
            ["red_flags"] = new JsonArray(),
        };
    }

    [GeneratedRegex(@"<candidate_answer>(.*?)</candidate_answer>", RegexOptions.Singleline)]
    private static partial Regex AnswerFence();
}
