using Microsoft.Extensions.AI;

namespace Candor.Web.Providers;

/// <summary>
/// Keys an LLM role puts in <see cref="ChatOptions.AdditionalProperties"/> so each call is accounted to the
/// right role and interview in ai_usage. The adapters never send these to the provider. The engine cannot
/// reference this class (it does not depend on Candor.Web), so it uses the same literal strings.
/// </summary>
public static class AiCallContext
{
    /// <summary>The AI role making the call: "interviewer", "evaluator", "question_writer", "report_writer", "coach"…</summary>
    public const string RoleKey = "candor.role";

    /// <summary>The interview the call serves (a Guid, or its string form); omit for calls outside an interview.</summary>
    public const string InterviewIdKey = "candor.interview_id";

    public const string UnspecifiedRole = "unspecified";

    /// <summary>Returns <paramref name="options"/> (or new options) tagged with the role and interview.</summary>
    public static ChatOptions WithCallContext(this ChatOptions? options, string role, Guid? interviewId = null)
    {
        options ??= new ChatOptions();
        options.AdditionalProperties ??= [];
        options.AdditionalProperties[RoleKey] = role;
        if (interviewId is { } id)
        {
            options.AdditionalProperties[InterviewIdKey] = id;
        }
        return options;
    }

    public static string RoleOf(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(RoleKey, out var role) == true && role is string { Length: > 0 } text ? text : UnspecifiedRole;

    public static Guid? InterviewIdOf(ChatOptions? options) =>
        options?.AdditionalProperties?.TryGetValue(InterviewIdKey, out var value) != true ? null
        : value switch
        {
            Guid id => id,
            string text when Guid.TryParse(text, out var parsed) => parsed,
            _ => null,
        };
}
