using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Candor.Web.Features.Greenhouse;

// Wire shapes of Greenhouse's Assessment Partner API (https://developers.greenhouse.io/assessment.html).
// Greenhouse documents ids as strings but its own examples send numbers, so incoming ids accept both.

/// <summary>One entry of the list_tests answer: a Candor job offered as a test.</summary>
public sealed record GreenhouseTest(string PartnerTestId, string PartnerTestName);

/// <summary>The send_test request. sent_by (the e-mail of the Greenhouse user who sent the test) arrived in September 2024.</summary>
public sealed record GreenhouseSendTestRequest(
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? PartnerTestId,
    GreenhouseSendTestCandidate? Candidate,
    string? SentBy,
    string? Url);

/// <summary>send_test's candidate. Greenhouse documents preferred_name as required; older senders may still leave it out.</summary>
public sealed record GreenhouseSendTestCandidate(
    string? FirstName,
    string? LastName,
    string? PreferredName,
    string? ResumeUrl,
    string? PhoneNumber,
    string? Email,
    string? GreenhouseProfileUrl);

/// <summary>
/// The send_test answer: "a single object that contains a single key". The candidate's link goes to the
/// candidate by e-mail only; it never travels back to Greenhouse.
/// </summary>
public sealed record GreenhouseSendTestResponse(string PartnerInterviewId);

/// <summary>
/// The test_status answer. partner_status is "complete" once the result is final (a report, or a test
/// that expired or was cancelled); metadata is flat, with primitive values only (Greenhouse displays it as is).
/// </summary>
public sealed record GreenhouseTestStatusResponse(
    string PartnerStatus,
    string? PartnerProfileUrl,
    int? PartnerScore,
    IReadOnlyDictionary<string, object?> Metadata);

/// <summary>What Greenhouse posts to response_error when one of our answers failed its validation.</summary>
public sealed record GreenhouseResponseError(
    string? ApiCall,
    IReadOnlyList<string>? Errors,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? PartnerTestId,
    string? PartnerTestName,
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? PartnerInterviewId,
    string? CandidateEmail);

/// <summary>Reads a JSON string or number as a string; anything else is malformed.</summary>
public sealed class StringOrNumberConverter : JsonConverter<string?>
{
    public override bool HandleNull => true;

    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => reader.TryGetInt64(out var whole)
            ? whole.ToString(CultureInfo.InvariantCulture)
            : reader.GetDecimal().ToString(CultureInfo.InvariantCulture),
        _ => throw new JsonException("Expected a string or a number."),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            writer.WriteStringValue(value);
        }
    }
}
