using Candor.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Audio;

/// <summary>pending: stored, not transcribed yet; heard: transcribed with words; not_heard: speech-to-text failed or heard nothing.</summary>
public enum RecordingStatus { Pending, Heard, NotHeard }

/// <summary>
/// One recording a candidate sent for a turn. Stored (blob + this row, committed) before speech-to-text runs; a turn
/// may have several (a re-recording after "didn't catch that", or after reading what was heard), and the one whose
/// transcript became the answer is <see cref="InterviewTurn.AnswerRecordingId"/>. Recruiters play it; candidates never get it back.
/// </summary>
public sealed class VoiceRecording : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid InterviewId { get; set; }
    public Guid TurnId { get; set; }
    public required string AudioKey { get; set; }
    public required string ContentType { get; set; }
    public long SizeBytes { get; set; }
    public int DurationMs { get; set; }

    /// <summary>Send the transcript as the answer once heard (false: hold it for the candidate to confirm or correct).</summary>
    public bool SubmitWhenHeard { get; set; }

    public RecordingStatus Status { get; set; }
    public string? Transcript { get; set; }
    public double? Confidence { get; set; }
    public string? SpeechProvider { get; set; }
    public string? SpeechModel { get; set; }
    public int? SpeechToTextMs { get; set; }

    /// <summary>Why nothing was heard (the provider's error), for operators; never shown to the candidate.</summary>
    public string? Failure { get; set; }

    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? TranscribedAt { get; set; }
}

public static class AudioModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        var recording = modelBuilder.Entity<VoiceRecording>().ToTable("voice_recordings");
        recording.HasOne<Interview>().WithMany().HasForeignKey(r => r.InterviewId);
        recording.HasOne<InterviewTurn>().WithMany().HasForeignKey(r => r.TurnId);
    }
}
