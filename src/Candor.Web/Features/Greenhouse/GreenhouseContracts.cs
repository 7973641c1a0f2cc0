using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Candor.Web.Features.Greenhouse;

// Wire shapes of Greenhouse's Assessment Partner API (https://developers.greenhouse.io/assessment.html).
// Greenhouse documents ids as strings but its own examples send numbers, so incoming ids accept both.

/// <summary>One entry of the list_tests answer: a Candor job offered as a test.</summary>
public sealed record GreenhouseTest(string PartnerTestId, string PartnerTestName);

public sealed record GreenhouseSendTestRequest(
    [property: JsonConverter(typeof(StringOrNumberConverter))] string? PartnerTestId,
    GreenhouseSendTestCandidate? Candidate,
    string? Url);

public sealed record GreenhouseSendTestCandidate(
    string? FirstName,
    string? LastName,
    string? ResumeUrl,
    string? PhoneNumber,
    string? Email,
    string? GreenhouseProfileUrl);

/// <summary>
/// The send_test answer. Greenhouse reads partner_interview_id; interview_url is a Candor addition
/// (the candidate's link) for customers who deliver the invitation themselves.
/// </summary>
public sealed record GreenhouseSendTestResponse(string PartnerInterviewId, string? InterviewUrl);

/// <summary>
/// The test_status answer, also the body of the "test completed" PATCH. partner_status is "complete"
/// once the report is ready; metadata is flat, with primitive values only (Greenhouse displays it as is).
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
