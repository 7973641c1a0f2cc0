using Candor.Web.Features.CodeRuns;
using Candor.Engine.Technical;
using Candor.Web.Data;
using Candor.Web.Features.Rooms;

namespace Candor.Web.Features.CandidateResults;

/// <summary>The words the results page and the PDF use for a technical room's report (the codes stay in the API).</summary>
public static class TechnicalText
{
    public static string Heading(RoomReport room) => $"Technical exercise: {room.Problem?.Title ?? "no problem set"}";

    public static string Mode(RoomMode mode) => mode == RoomMode.Ai ? "AI interviewer" : "Peer interview";

    public static string Language(string? language) => language is null ? "—"
        : LanguageNames.TryParse(language) is { } known ? LanguageNames.Display(known) : language;

    public static string RunMode(string mode) => mode == "submit" ? "Submit" : "Run";

    public static string Verdict(string verdict) => verdict == "ok" ? "OK" : ResultsText.Humanize(verdict);

    public static string Difficulty(ProblemDifficulty difficulty) => ResultsText.Humanize(CandorJson.EnumName(difficulty));

    public static string Difficulty(ProblemDifficulty? difficulty) => difficulty is { } known ? Difficulty(known) : "unknown difficulty";

    public static string Weakness(WeaknessCategory category) => ResultsText.Humanize(CandorJson.EnumName(category));

    public static string Source(WeaknessSource source) => source switch
    {
        WeaknessSource.Review => "code review",
        WeaknessSource.Run => "a run",
        _ => "the conversation",
    };

    public static string HintLevel(int level) => level switch
    {
        1 => "Level 1 (a nudge)",
        2 => "Level 2 (the approach)",
        3 => "Level 3 (a near-solution)",
        _ => $"Level {level}",
    };

    /// <summary>What moved the difficulty: the room's start, or an AI turn (with the kind of reply it gave).</summary>
    public static string Step(FollowUpType? type) => type switch
    {
        null => "Start",
        FollowUpType.Question => "AI turn: asked about the code",
        FollowUpType.Evaluation => "AI turn: evaluated the code",
        FollowUpType.Hint => "AI turn: gave a hint",
        FollowUpType.Encouragement => "AI turn: encouraged the candidate",
        _ => "AI turn",
    };

    public static string Tests(RoomReportRun run) => $"{run.Passed} of {run.Total}";

    public static string Duration(long? ms) => ms is { } value ? $"{value} ms" : "—";

    public static string Severity(SuggestionSeverity severity) => ResultsText.Humanize(CandorJson.EnumName(severity));

    public static string Suggestion(ReviewSuggestion suggestion) => $"Line {suggestion.Line} ({Severity(suggestion.Severity).ToLowerInvariant()}): {suggestion.Message}";

    public static string Evidence(RoomWeaknessEvidence evidence) =>
        $"{evidence.Evidence}{(evidence.Line is { } line ? $" (line {line})" : "")}, from {Source(evidence.Source)}";
}
