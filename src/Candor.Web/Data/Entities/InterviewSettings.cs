namespace Candor.Web.Data.Entities;

/// <summary>The kind of interview stage. Technical means "technical, with AI assistance allowed".</summary>
public enum StageType { Behavioural, Technical, Conversational }

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
