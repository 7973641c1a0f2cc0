using System.Buffers;

namespace Candor.Web.Infrastructure;

/// <summary>
/// The one rule for text that comes in: no ASCII control characters (U+0000–U+001F and U+007F) except tab, line
/// feed and carriage return. PostgreSQL text cannot hold U+0000 at all (storing it fails the whole statement), and
/// the others are never meaningful in names, descriptions or answers, so every entry point either refuses them
/// with a field error (identifiers, names, API fields, forms) or strips them (<see cref="FreeTextAttribute"/>:
/// what a candidate pasted into an answer). U+007F is included because a %00 in a path or a form arrives as it
/// (see <see cref="NulInRequestPath"/> and <see cref="RequestText"/>).
/// </summary>
public static class StorableText
{
    private static readonly SearchValues<char> Disallowed = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Append(0x7F).Select(c => (char)c).Where(c => c is not ('\t' or '\n' or '\r'))]);

    public static bool IsStorable(ReadOnlySpan<char> text) => !text.ContainsAny(Disallowed);

    public static bool IsStorable(string? text) => text is null || IsStorable(text.AsSpan());

    /// <summary>The text without its disallowed control characters (the same instance when it has none).</summary>
    public static string? Strip(string? text)
    {
        if (text is null || IsStorable(text))
        {
            return text;
        }
        return string.Create(text.Length - Count(text), text, static (destination, source) =>
        {
            var written = 0;
            foreach (var c in source)
            {
                if (!Disallowed.Contains(c))
                {
                    destination[written++] = c;
                }
            }
        });
    }

    /// <summary>The field error for <paramref name="field"/>, worded the same wherever text is refused.</summary>
    public static string ErrorFor(string field) =>
        $"The field '{field}' must not contain control characters such as U+0000 (tab, line feed and carriage return are allowed).";

    private static int Count(string text)
    {
        var count = 0;
        foreach (var c in text)
        {
            count += Disallowed.Contains(c) ? 1 : 0;
        }
        return count;
    }
}

/// <summary>
/// Marks a request property holding free text a person typed or pasted (a candidate's answer, their code): its
/// disallowed control characters are stripped rather than refused, so a paste from a PDF or a terminal goes through.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class FreeTextAttribute : Attribute;
