namespace Candor.Web.Data.Entities;

/// <summary>The kind of interview stage. Technical means "technical, with AI assistance allowed".</summary>
public enum StageType { Behavioural, Technical, Conversational }

/// <summary>How the candidate talks to the interviewer. Voice is announced but not built yet: voice interviews run as text.</summary>
public enum ConversationMode { Text, Voice }

/// <summary>What the candidate has on screen besides the answer box; stored as jsonb in the API's JSON shape.</summary>
public sealed record InterviewTools(ConversationMode Mode, bool CodeEditor, bool Whiteboard)
{
    public static readonly InterviewTools Default = new(ConversationMode.Text, CodeEditor: false, Whiteboard: false);
}
