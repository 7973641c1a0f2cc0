using System.Text;
using System.Text.Json.Nodes;

namespace Candor.Web.Tests.Security;

/// <summary>
/// Reads request shapes from the app's OpenAPI document and derives a fixed, bounded set of hostile values
/// from them: control characters, RTL overrides, very long strings, huge and negative numbers, wrong types,
/// malformed and oversize bodies. No randomness: the same document gives the same requests every run.
/// </summary>
public sealed class ApiFuzzCases(JsonNode document, IReadOnlyDictionary<string, string> knownValues, long maxBodyBytes)
{
    private const int MaxDepth = 4;

    /// <summary>Strings no field should choke on: control characters, invisible and bidirectional marks, and size.</summary>
    public static readonly string[] HostileStrings =
    [
        "a\u0000b", "\u0000", "\u0001\u0008\u000b\u001b\u001f\u007f", "tab\there\r\nnew line", "\u202Egnp.exe\u202C", "\u200B\uFEFF\u2028",
        "", "   ", "😀 ñ 中文", "' OR 1=1 --", "<script>alert(1)</script>", "${jndi:ldap://x}", "../../etc/passwd", new string('a', 100_000),
    ];

    /// <summary>Values that are the wrong type for most fields, and numbers at and past every integer width.</summary>
    public static readonly string[] HostileJsonValues =
    [
        "null", "true", "0", "-1", "2147483648", "-9223372036854775809", "99999999999999999999999999", "1e308", "-1e308", "1.5",
        "\"123\"", "[]", "[null]", "{}", "{\"a\":{\"b\":[1,2,{}]}}",
    ];

    /// <summary>Path segments: control characters (%00 among them), garbage ids, overlong UTF-8 and sheer length.</summary>
    public static readonly string[] HostileSegments =
    [
        "%00", "abc%00def", "%01", "%7F", "not-a-guid", "00000000-0000-0000-0000-000000000000", "-1", "99999999999999999999",
        "%E2%80%AEevil", "%C0%80", "%FF%FE", "..", "%2e%2e%2f", new string('a', 2_000),
    ];

    /// <summary>Query values: the same kinds, percent-encoded as a client would send them.</summary>
    public static readonly string[] HostileQueryValues =
    [
        "%00", "x%00y", "%01%1F", "-1", "0", "99999999999999999999", "abc", "%E2%80%AE", "%FF", "", "1e308", new string('a', 3_000),
    ];

    /// <summary>Bodies that are not the JSON the endpoint wants, whatever it wants.</summary>
    public IEnumerable<(string What, byte[] Body)> MalformedBodies()
    {
        yield return ("empty body", []);
        yield return ("truncated JSON", "{\"a\": "u8.ToArray());
        yield return ("JSON null", "null"u8.ToArray());
        yield return ("JSON array", "[]"u8.ToArray());
        yield return ("JSON string", "\"text\""u8.ToArray());
        yield return ("nested 1,000 deep", Encoding.ASCII.GetBytes(new string('[', 1_000) + new string(']', 1_000)));
        yield return ("invalid UTF-8", [(byte)'{', (byte)'"', 0xFF, 0xFE, 0xC0, 0x80, (byte)'"', (byte)':', (byte)'1', (byte)'}']);
        yield return ("raw control character in a string", Encoding.ASCII.GetBytes("{\"a\": \"x\u0001y\"}"));
        yield return ("lone surrogate escape", Encoding.ASCII.GetBytes("{\"a\": \"\\ud800\"}"));
        yield return ("NUL escape in a property name", Encoding.ASCII.GetBytes("{\"a\\u0000\": 1}"));
        yield return ("10,000 unknown properties", Encoding.ASCII.GetBytes("{" + string.Join(",", Enumerable.Range(0, 10_000).Select(i => $"\"p{i}\":{i}")) + "}"));
    }

    /// <summary>A body just over the limit: a JSON string, so only its size is wrong.</summary>
    public byte[] OversizeBody() => Encoding.ASCII.GetBytes("{\"a\": \"" + new string('a', (int)maxBodyBytes) + "\"}");

    /// <summary>A plausible body for <paramref name="schema"/>, so that a mutation of one field reaches that field's checks.</summary>
    public JsonNode? Sample(JsonNode? schema, string name = "", int depth = 0)
    {
        schema = Resolve(schema);
        if (schema is null || depth > MaxDepth)
        {
            return null;
        }
        if (knownValues.TryGetValue(name, out var known))
        {
            return JsonNode.Parse(known);
        }
        if (schema["enum"] is JsonArray values)
        {
            return values.FirstOrDefault(v => v is not null)?.DeepClone();
        }
        if ((schema["oneOf"] ?? schema["anyOf"]) is JsonArray alternatives)
        {
            return Sample(alternatives.FirstOrDefault(a => TypeOf(Resolve(a)) != "null"), name, depth);
        }
        return TypeOf(schema) switch
        {
            "object" => new JsonObject((schema["properties"]?.AsObject() ?? []).Select(p =>
                KeyValuePair.Create(p.Key, Sample(p.Value, p.Key, depth + 1)))),
            "array" => new JsonArray(Sample(schema["items"], name, depth + 1)),
            "integer" => 1,
            "number" => 1.5,
            "boolean" => true,
            _ => schema["format"]?.GetValue<string>() switch
            {
                "uuid" => Guid.NewGuid().ToString(),
                "date-time" => "2026-01-01T00:00:00Z",
                "date" => "2026-01-01",
                _ => "fuzz",
            },
        };
    }

    /// <summary>Every property path in <paramref name="body"/>: each object property, and the first item of each array.</summary>
    public static IEnumerable<string> Paths(JsonNode? body, string prefix = "")
    {
        switch (body)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    var path = prefix.Length == 0 ? key : $"{prefix}.{key}";
                    yield return path;
                    foreach (var inner in Paths(value, path))
                    {
                        yield return inner;
                    }
                }
                break;
            case JsonArray { Count: > 0 } array:
                yield return $"{prefix}[0]";
                foreach (var inner in Paths(array[0], $"{prefix}[0]"))
                {
                    yield return inner;
                }
                break;
        }
    }

    /// <summary>A copy of <paramref name="body"/> with the node at <paramref name="path"/> replaced by <paramref name="value"/>.</summary>
    public static JsonNode With(JsonNode body, string path, JsonNode? value)
    {
        var copy = body.DeepClone();
        var steps = path.Replace("[0]", ".[0]", StringComparison.Ordinal).Split('.', StringSplitOptions.RemoveEmptyEntries);
        var node = copy;
        foreach (var step in steps[..^1])
        {
            node = step == "[0]" ? node[0]! : node[step]!;
        }
        if (steps[^1] == "[0]")
        {
            node[0] = value;
        }
        else
        {
            node[steps[^1]] = value;
        }
        return copy;
    }

    private JsonNode? Resolve(JsonNode? schema)
    {
        for (var hops = 0; schema?["$ref"] is { } reference && hops < 10; hops++)
        {
            var name = reference.GetValue<string>()["#/components/schemas/".Length..];
            schema = document["components"]!["schemas"]![name];
        }
        return schema;
    }

    /// <summary>The schema's type, ignoring "null" in a type list (nullable fields list it first).</summary>
    private static string? TypeOf(JsonNode? schema) => schema?["type"] switch
    {
        JsonArray types => types.Select(t => t!.GetValue<string>()).FirstOrDefault(t => t != "null") ?? "null",
        JsonValue type => type.GetValue<string>(),
        _ => schema?["properties"] is not null ? "object" : null,
    };
}
