using System.Text.RegularExpressions;

namespace Candor.Engine.Ai.Llm;

/// <summary>
/// Wraps untrusted text (candidate answers, job descriptions) in XML-like tags for a prompt. Any opening or
/// closing form of the same tag inside the text is escaped, so the text cannot end its own fence early and
/// have the rest read as instructions.
/// </summary>
internal static partial class CandidateFence
{
    public const string AnswerTag = "candidate_answer";

    public static string Wrap(string tag, string? text) => WrapEscaped(tag, Escape(tag, text ?? string.Empty));

    /// <summary>Fences text that has already been through <see cref="Escape"/> (e.g. escaped, then clipped to a budget).</summary>
    internal static string WrapEscaped(string tag, string escaped) => $"<{tag}>\n{escaped}\n</{tag}>";

    /// <summary>Replaces the '&lt;' of every form of the tag (any case, spacing or slash) with "&amp;lt;".</summary>
    public static string Escape(string tag, string text) =>
        Regex.Replace(text, $@"<(?=\s*/?\s*{Regex.Escape(tag)})", "&lt;", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    /// <summary>Undoes <see cref="Escape"/> so a quote the model copied from fenced text can be found in the original.</summary>
    public static string Unescape(string text) => text.Replace("&lt;", "<", StringComparison.Ordinal);

    /// <summary>Whitespace runs as one space, trimmed: how quotes are compared with the answer.</summary>
    public static string NormalizeSpace(string text) => Whitespace().Replace(text, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
