using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Candor.Web.Features.CodeRuns;

/// <summary>
/// Compares a program's output with the expected output: JSON values compare by value (so Python's "[0, 1]",
/// JavaScript's "[0,1]" and 2.0 vs 2 agree), anything else line by line with trailing whitespace ignored.
/// </summary>
public static class OutputComparer
{
    public static bool Matches(string expected, string actual)
    {
        var expectedText = NormalizeLines(expected);
        var actualText = NormalizeLines(actual);
        if (expectedText == actualText)
        {
            return true;
        }
        return Canonical(expectedText) is { } left && Canonical(actualText) is { } right && left == right;
    }

    private static string NormalizeLines(string text) =>
        string.Join('\n', text.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n').Select(l => l.TrimEnd())).Trim('\n');

    /// <summary>A canonical text of a JSON value, or null when the text is not JSON.</summary>
    public static string? Canonical(string text)
    {
        try
        {
            var node = JsonNode.Parse(text);
            return Write(node);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Write(JsonNode? node) => node switch
    {
        null => "null",
        JsonArray array => "[" + string.Join(',', array.Select(Write)) + "]",
        JsonObject obj => "{" + string.Join(',', obj.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Key) + ":" + Write(p.Value))) + "}",
        JsonValue value when value.GetValueKind() == JsonValueKind.Number => NumberText(value),
        _ => node.ToJsonString(),
    };

    private static string NumberText(JsonValue value)
    {
        var raw = value.ToJsonString();
        if (decimal.TryParse(raw, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            // Six decimal places: floating answers agree when they agree to a millionth.
            return Math.Round(number, 6).ToString("0.######", CultureInfo.InvariantCulture);
        }
        return double.Parse(raw, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture);
    }
}
