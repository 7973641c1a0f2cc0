namespace Candor.Engine.Scoring;

/// <summary>Stable red-flag codes (snake_case, stored and shown in reports).</summary>
public static class RedFlagCodes
{
    public const string EmptyAnswer = "empty_answer";
    public const string EvasiveAnswer = "evasive_answer";
    public const string PromptInjection = "prompt_injection";
    public const string HostileLanguage = "hostile_language";
    public const string OffTopic = "off_topic";
    /// <summary>A bare list of terms in place of an explanation; lists earn no credit.</summary>
    public const string KeywordStuffing = "keyword_stuffing";

    /// <summary>Long talk that never reaches a point the question is about; it earns nothing for its length.</summary>
    public const string Rambling = "rambling";

    public const string IncompleteInterview = "incomplete_interview";

    /// <summary>Not the candidate's fault: speech recognition was unsure of a spoken answer, so it was not scored.</summary>
    public const string LowSpeechConfidence = "low_speech_confidence";
}
