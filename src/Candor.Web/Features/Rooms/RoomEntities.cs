using System.Text.Json;
using Candor.Engine.Technical;
using Candor.Web.Data.Entities;
using Candor.Web.Features.ApiKeys;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Rooms;

/// <summary>Wire names: ai, peer.</summary>
public enum RoomMode { Ai, Peer }

public enum RoomRole { Candidate, Interviewer }

/// <summary>A live technical session with a code editor (issue 12).</summary>
public sealed class Room : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public RoomMode Mode { get; set; }
    public string? ProblemId { get; set; }

    /// <summary>Wire name of the language (python, javascript, …), see <see cref="RoomLanguages"/>.</summary>
    public string? Language { get; set; }
    public Guid? InterviewId { get; set; }

    /// <summary>Opened by its interview's technical stage (at most one per interview), not by <c>POST /rooms</c>.</summary>
    public bool StageRoom { get; set; }
    public required string CandidateName { get; set; }
    public required string CandidateEmail { get; set; }

    /// <summary>The current level, moved by each AI interview turn; drives the page's progress indicator.</summary>
    public ProblemDifficulty Difficulty { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Someone in a room: the candidate (by their link's token) or an interviewer (by account or API key).</summary>
public sealed class RoomMember : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid RoomId { get; set; }
    public RoomRole Role { get; set; }
    public required string DisplayName { get; set; }
    public string? Email { get; set; }
    public Guid? UserId { get; set; }

    /// <summary>SHA-256 of the member's bearer token; null for members who sign in another way.</summary>
    public string? TokenHash { get; set; }
    public List<string> Capabilities { get; set; } = [];
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>The room's candidate, known by <paramref name="token"/> (only its hash is kept).</summary>
    public static RoomMember Candidate(Room room, string token, DateTimeOffset now) => new()
    {
        Id = Guid.CreateVersion7(),
        RoomId = room.Id,
        Role = RoomRole.Candidate,
        DisplayName = room.CandidateName,
        Email = room.CandidateEmail,
        TokenHash = ApiKeySecrets.Hash(token),
        Capabilities = RoomCapabilities.ForCandidate(room.Mode),
        CreatedAt = now,
    };
}

public sealed class RoomRun : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid RoomId { get; set; }
    public Guid? MemberId { get; set; }
    public required string Mode { get; set; }
    public required string Language { get; set; }
    public required string Code { get; set; }
    public required string Verdict { get; set; }
    public int Passed { get; set; }
    public int Total { get; set; }
    public required JsonDocument Result { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Wire names: message, hint, review.</summary>
public enum RoomAiKind { Message, Hint, Review }

public sealed class RoomAiRequest : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid RoomId { get; set; }
    public Guid? MemberId { get; set; }
    public required string Caller { get; set; }
    public RoomAiKind Kind { get; set; }
    public long BackgroundJobId { get; set; }
    public required JsonDocument Request { get; set; }
    public JsonDocument? Result { get; set; }
    public string? ErrorCode { get; set; }
    public string? Error { get; set; }
    public string? Provider { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }
    public DateTimeOffset? FailedAt { get; set; }
}

/// <summary>Wire names: candidate, interviewer, ai.</summary>
public enum MessageAuthor { Candidate, Interviewer, Ai }

public sealed class RoomMessage : ITenantOwned
{
    public long Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid RoomId { get; set; }
    public Guid? MemberId { get; set; }
    public Guid? AiRequestId { get; set; }
    public MessageAuthor Author { get; set; }
    public required string Text { get; set; }
    public string? Code { get; set; }
    public string? Language { get; set; }
    public FollowUpType? FollowUpType { get; set; }
    public ProblemDifficulty? Difficulty { get; set; }
    public WeaknessCategory? ProbedWeakness { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public sealed class WeaknessSignalRow : ITenantOwned
{
    public long Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid RoomId { get; set; }
    public required string CandidateEmail { get; set; }
    public WeaknessCategory Category { get; set; }
    public WeaknessSource Source { get; set; }
    public required string Evidence { get; set; }
    public int? Line { get; set; }
    public required string Origin { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>The room's editor as last pushed (PUT /rooms/{id}/code): what a watching interviewer sees live.</summary>
public sealed class RoomLiveCode : ITenantOwned
{
    public Guid RoomId { get; set; }
    public Guid OrganizationId { get; set; }
    public required string Code { get; set; }
    public required string Language { get; set; }

    /// <summary>Raised by one on every push: the watcher's "newer than" and the response's ETag.</summary>
    public long Version { get; set; }
    public Guid? MemberId { get; set; }
    public RoomRole Role { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

public static class RoomsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        var room = modelBuilder.Entity<Room>().ToTable("rooms");
        // Declared so EF inserts a stage's interview before the room that points at it (one SaveChanges writes both).
        room.HasOne<Interview>().WithMany().HasForeignKey(r => r.InterviewId).OnDelete(DeleteBehavior.SetNull);
        var member = modelBuilder.Entity<RoomMember>().ToTable("room_members");
        member.Property(m => m.Capabilities).HasColumnType("text[]");
        member.HasOne<Room>().WithMany().HasForeignKey(m => m.RoomId);
        var run = modelBuilder.Entity<RoomRun>().ToTable("room_runs");
        run.Property(r => r.Result).HasColumnType("jsonb");
        run.HasOne<Room>().WithMany().HasForeignKey(r => r.RoomId);
        var ai = modelBuilder.Entity<RoomAiRequest>().ToTable("room_ai_requests");
        ai.Property(r => r.Request).HasColumnType("jsonb");
        ai.Property(r => r.Result).HasColumnType("jsonb");
        ai.HasOne<Room>().WithMany().HasForeignKey(r => r.RoomId);
        var message = modelBuilder.Entity<RoomMessage>().ToTable("room_messages");
        message.Property(m => m.Id).UseIdentityByDefaultColumn();
        message.HasOne<Room>().WithMany().HasForeignKey(m => m.RoomId);
        var weakness = modelBuilder.Entity<WeaknessSignalRow>().ToTable("weakness_signals");
        weakness.Property(w => w.Id).UseIdentityByDefaultColumn();
        weakness.HasOne<Room>().WithMany().HasForeignKey(w => w.RoomId);
        var live = modelBuilder.Entity<RoomLiveCode>().ToTable("room_live_code");
        live.HasKey(l => l.RoomId);
        live.HasOne<Room>().WithMany().HasForeignKey(l => l.RoomId);
    }
}
