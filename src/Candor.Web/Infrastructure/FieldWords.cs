using System.Text.RegularExpressions;

namespace Candor.Web.Infrastructure;

/// <summary>
/// The API's validation messages name the wire field ("The field 'scopes' must list at least one scope."): right for a
/// developer, wrong beside a labelled input. Pages show these words instead; the API keeps its own.
/// </summary>
public static partial class FieldWords
{
    public static string ForPeople(string message)
    {
        var match = ApiFieldMessage().Match(message);
        if (!match.Success)
        {
            return message;
        }
        var rest = match.Groups["rest"].Value;
        if (rest == "is required.")
        {
            return "This field is required.";
        }
        if (AtMost().Match(rest) is { Success: true } atMost)
        {
            return $"Use at most {atMost.Groups["max"].Value} characters (this has {atMost.Groups["got"].Value}).";
        }
        if (rest.StartsWith("must not contain control characters", StringComparison.Ordinal))
        {
            return "Remove the control characters (such as U+0000) pasted into this field.";
        }
        if (ListAtLeast().Match(rest) is { Success: true } list)
        {
            return $"Choose at least one {list.Groups["what"].Value}.";
        }
        if (Between().Match(rest) is { Success: true } between)
        {
            return $"Enter a number from {between.Groups["low"].Value} to {between.Groups["high"].Value}.";
        }
        return $"This {rest}";
    }

    [GeneratedRegex(@"^The field '[^']+' (?<rest>.+)$", RegexOptions.Singleline)]
    private static partial Regex ApiFieldMessage();

    [GeneratedRegex(@"^must be at most (?<max>[\d,]+) characters \(got (?<got>[\d,]+)\)\.$")]
    private static partial Regex AtMost();

    [GeneratedRegex(@"^must list at least one (?<what>[^.]+)\.$")]
    private static partial Regex ListAtLeast();

    [GeneratedRegex(@"^must be between (?<low>-?\d+) and (?<high>-?\d+)\.$")]
    private static partial Regex Between();
}
