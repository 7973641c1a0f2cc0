using System.Collections.Concurrent;

namespace Candor.Engine.Ai.Llm;

/// <summary>A system prompt and its version, e.g. "evaluator.v1", recorded with everything produced from it.</summary>
public sealed record Prompt(string Version, string Text);

/// <summary>
/// The versioned system prompts, embedded from <c>Ai/Llm/Prompts/&lt;role&gt;.&lt;version&gt;.md</c>. A changed
/// prompt gets a new file and version rather than an edit, so stored scores stay traceable to their prompt.
/// </summary>
public static class PromptLibrary
{
    public static Prompt QuestionWriter => Get("question_writer.v1");

    public static Prompt Interviewer => Get("interviewer.v1");

    public static Prompt Evaluator => Get("evaluator.v1");

    public static Prompt ReportWriter => Get("report_writer.v1");

    private static readonly ConcurrentDictionary<string, Prompt> Cache = new(StringComparer.Ordinal);

    /// <summary>The prompt with the given version, e.g. "interviewer.v1".</summary>
    public static Prompt Get(string version) => Cache.GetOrAdd(version, Load);

    private static Prompt Load(string version)
    {
        var assembly = typeof(PromptLibrary).Assembly;
        var name = $"Candor.Engine.Ai.Llm.Prompts.{version}.md";
        using var stream = assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"Prompt '{version}' is not embedded (looked for resource '{name}').");
        using var reader = new StreamReader(stream);
        return new Prompt(version, reader.ReadToEnd().Trim());
    }
}
