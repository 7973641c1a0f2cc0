using System.Text.Json.Serialization;

namespace Candor.Bench;

// Wire shapes of the public API (snake_case JSON). Only the fields the bench needs are read;
// unknown fields are ignored.

internal sealed record CreateJobRequest(string Title, string Description, int QuestionCount, ToolsRequest? Tools = null);

/// <summary>The job's candidate tools; the voice bench asks for spoken answers sent without confirmation.</summary>
internal sealed record ToolsRequest(string Mode, bool CodeEditor, bool Whiteboard, bool ConfirmTranscript);

internal sealed record JobResponse(string Id, string? Title);

internal sealed record CandidateInfo(string Name, string Email);

internal sealed record ScheduleRequest(string JobId, CandidateInfo Candidate);

internal sealed record ScheduleResponse(string InterviewId, string InterviewUrl, string? ExpiresAt);

internal sealed record AnswerRequest(string TurnId, string Text);

internal sealed record TurnResponse(string TurnId, string Kind, string Text, bool Done);

internal sealed record CreateEndpointRequest(string Url, string[] EventTypes, string Description);

internal sealed record EndpointResponse(string Id, string Secret);

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(CreateJobRequest))]
[JsonSerializable(typeof(JobResponse))]
[JsonSerializable(typeof(ScheduleRequest))]
[JsonSerializable(typeof(ScheduleResponse))]
[JsonSerializable(typeof(AnswerRequest))]
[JsonSerializable(typeof(TurnResponse))]
[JsonSerializable(typeof(BenchReport))]
[JsonSerializable(typeof(CreateEndpointRequest))]
[JsonSerializable(typeof(EndpointResponse))]
[JsonSerializable(typeof(WebhookBenchReport))]
internal sealed partial class BenchJson : JsonSerializerContext;

internal sealed record BenchReport(
    string Url,
    int Candidates,
    int Concurrency,
    int Scheduled,
    double DurationSeconds,
    int InterviewsCompleted,
    int InterviewsFailed,
    int InterviewsCapped,
    long AnsweredTurns,
    double TurnsPerSecond,
    double AnswerP50Ms,
    double AnswerP95Ms,
    double AnswerP99Ms,
    double AnswerMaxMs,
    double StartP50Ms,
    double StartP95Ms,
    long ErrorsTotal,
    Dictionary<string, long> Errors);

internal sealed record WebhookBenchReport(
    string Url,
    int Events,
    int Concurrency,
    int Scheduled,
    int Delivered,
    int Duplicates,
    double DurationSeconds,
    double DeliveriesPerSecond,
    double LatencyP50Ms,
    double LatencyP95Ms,
    double LatencyP99Ms,
    double LatencyMaxMs,
    double ScheduleP50Ms,
    long ErrorsTotal,
    Dictionary<string, long> Errors);
