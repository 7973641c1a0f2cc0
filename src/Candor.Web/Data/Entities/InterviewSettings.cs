using Candor.Engine.Questions;

namespace Candor.Web.Data.Entities;

/// <summary>
/// The kind of interview stage. Wire names: <c>behavioural</c>, <c>technical_ai_assisted</c> (the candidate codes in a
/// room the stage opens itself, with AI hints, code review and follow-ups), <c>ai_conversational</c> (a spoken
/// conversation with the AI interviewer). The old names <c>technical</c> and <c>conversational</c> are still accepted
/// on input (see <see cref="StageTypes.TryParse"/>) and were migrated in the database by 0026.
/// </summary>
public enum StageType { Behavioural, TechnicalAiAssisted, AiConversational }

/// <summary>What each stage type means: its label for people, which role families it suits, and the tools it brings.</summary>
public static class StageTypes
{
    /// <summary>Names integrators sent before the stage types were renamed; they keep working.</summary>
    private static readonly Dictionary<string, StageType> Aliases = new(StringComparer.Ordinal)
    {
        ["technical"] = StageType.TechnicalAiAssisted,
        ["conversational"] = StageType.AiConversational,
    };

    /// <summary>A wire name or one of its old aliases.</summary>
    public static bool TryParse(string? value, out StageType stage) =>
        CandorJson.TryParseEnum(value, out stage) || Aliases.TryGetValue(value ?? "", out stage);

    public static string Label(StageType stage) => stage switch
    {
        StageType.TechnicalAiAssisted => "Technical, AI-assisted (coding room with hints and code review)",
        StageType.AiConversational => "AI conversational (an open conversation, no coding room)",
        _ => "Behavioural",
    };

    /// <summary>
    /// The stage a new job gets when its request names none: engineering and data roles code; product and design talk it
    /// through; everything people-facing (sales, customer success, marketing, recruiting, support…, which the analyser
    /// files under their family or <see cref="RoleFamily.General"/>) gets a behavioural interview. No sales job codes.
    /// </summary>
    public static StageType DefaultFor(RoleFamily family) => family switch
    {
        RoleFamily.Backend or RoleFamily.Frontend or RoleFamily.Data or RoleFamily.DevOps or RoleFamily.Mobile or RoleFamily.MachineLearning
            => StageType.TechnicalAiAssisted,
        RoleFamily.ProductManagement or RoleFamily.Design => StageType.AiConversational,
        _ => StageType.Behavioural,
    };

    /// <summary>
    /// The candidate's tools a stage brings when the request names none: the code editor for a technical stage, voice for a
    /// conversational one (typing stays possible), plain text otherwise. The candidate's page shows exactly these panels.
    /// </summary>
    public static InterviewTools DefaultTools(StageType stage) => stage switch
    {
        StageType.TechnicalAiAssisted => InterviewTools.Default with { CodeEditor = true },
        StageType.AiConversational => InterviewTools.Default with { Mode = ConversationMode.Voice },
        _ => InterviewTools.Default,
    };
}

/// <summary>How the candidate talks to the interviewer: typing, or speaking (typing stays possible) with the interviewer's words spoken too.</summary>
public enum ConversationMode { Text, Voice }

/// <summary>What the candidate has on screen besides the answer box; stored as jsonb in the API's JSON shape.</summary>
/// <param name="ConfirmTranscript">
/// Voice: the candidate sees what was heard and can correct it or record again before it is sent. On unless turned
/// off (settings stored before it existed read as on).
/// </param>
public sealed record InterviewTools(ConversationMode Mode, bool CodeEditor, bool Whiteboard, bool ConfirmTranscript = true)
{
    public static readonly InterviewTools Default = new(ConversationMode.Text, CodeEditor: false, Whiteboard: false);

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsVoice => Mode == ConversationMode.Voice;
}
