using System.Text.Json.Serialization;
using Candor.Engine.Technical;
using Candor.Web.Features.CodeRuns;

namespace Candor.Web.Features.Rooms;

public sealed record RoomCandidateInput(string? Name, string? Email);

/// <summary><c>POST /api/v1/rooms</c>.</summary>
public sealed record CreateRoomRequest(string? Mode, string? ProblemId, string? Language, RoomCandidateInput? Candidate, Guid? InterviewId);

public sealed record CreateRoomResponse(
    Guid RoomId,
    RoomMode Mode,
    string CandidateUrl,
    string CandidateToken,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? InterviewerUrl);

/// <summary>What a member sees of the problem: statement, examples and starter code; never hidden tests or solutions.</summary>
public sealed record RoomProblemView(
    string Id,
    string Title,
    ProblemDifficulty Difficulty,
    IReadOnlyList<string> Topics,
    string Statement,
    IReadOnlyList<ProblemExample> Examples,
    IReadOnlyDictionary<string, string> StarterCode);

/// <summary><c>GET /api/v1/rooms/{roomId}</c>: the room as the caller may see it.</summary>
public sealed record RoomView(
    Guid RoomId,
    RoomMode Mode,
    string? Language,
    ProblemDifficulty Difficulty,
    string CandidateName,
    RoomRole Role,
    IReadOnlyList<string> Capabilities,
    int HintsUsed,
    int HintsLeft,
    RoomProblemView? Problem,
    [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)] RoomVoiceView? Voice = null,
    IReadOnlyList<RoomHintView>? Hints = null);

/// <summary>A hint given in the room: its level on the ladder (1 nudge, 2 approach, 3 near-solution) and its words.</summary>
public sealed record RoomHintView(int Level, string Hint);

/// <summary><c>POST /api/v1/rooms/{roomId}/runs</c>.</summary>
public sealed record RunCodeRequest(string? Code, string? Language, string? Mode);

public sealed record RunTestView(
    string Name,
    bool Passed,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Expected,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Actual);

public sealed record RunCodeResponse(RunVerdict Verdict, int Passed, int Total, IReadOnlyList<RunTestView> Tests, string Stdout, string Stderr, long DurationMs)
{
    public static RunCodeResponse From(CodeRunResult result, RunMode mode) => new(
        result.Verdict, result.Passed, result.Total,
        // Expected and actual output only ever for the visible examples (Run); hidden tests show their name and outcome.
        result.Tests.Select(t => mode == RunMode.Run ? new RunTestView(t.Name, t.Passed, t.Expected, t.Actual) : new RunTestView(t.Name, t.Passed, null, null)).ToList(),
        result.Stdout, result.Stderr, result.DurationMs);
}
