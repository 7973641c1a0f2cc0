using System.Text.Json;
using System.Text.Json.Serialization;

namespace Candor.Web.Data;

/// <summary>One JSON shape everywhere: snake_case names and snake_case enum strings, in the API and in jsonb columns.</summary>
public static class CandorJson
{
    public static readonly JsonSerializerOptions Options = Configure(new JsonSerializerOptions(JsonSerializerDefaults.Web));

    public static JsonSerializerOptions Configure(JsonSerializerOptions options)
    {
        options.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
        options.DictionaryKeyPolicy = null;
        options.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false));
        return options;
    }

    /// <summary>Parses a wire name (e.g. a query-string filter) back to its enum value.</summary>
    public static bool TryParseEnum<TEnum>(string? wireName, out TEnum value) where TEnum : struct, Enum
    {
        foreach (var (candidate, name) in EnumNames<TEnum>.Of)
        {
            if (name == wireName)
            {
                value = candidate;
                return true;
            }
        }
        value = default;
        return false;
    }

    /// <summary>The wire name of an enum value: its [JsonStringEnumMemberName] if any, else snake_case.</summary>
    public static string EnumName<TEnum>(TEnum value) where TEnum : struct, Enum => EnumNames<TEnum>.Of[value];

    private static class EnumNames<TEnum> where TEnum : struct, Enum
    {
        public static readonly Dictionary<TEnum, string> Of = Enum.GetValues<TEnum>().ToDictionary(v => v, v =>
            typeof(TEnum).GetField(v.ToString())?.GetCustomAttributes(typeof(JsonStringEnumMemberNameAttribute), false)
                .OfType<JsonStringEnumMemberNameAttribute>().FirstOrDefault()?.Name
            ?? JsonNamingPolicy.SnakeCaseLower.ConvertName(v.ToString()));
    }
}
