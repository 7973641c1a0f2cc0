using Candor.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.CandidateResults;

/// <summary>A reviewer's score for one criterion of one scored turn. Append-only: the latest per (turn, criterion) wins.</summary>
public sealed class ScoreOverride : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid InterviewId { get; set; }
    public Guid TurnId { get; set; }
    public string? QuestionKey { get; set; }
    public required string Criterion { get; set; }
    public int AiScore { get; set; }
    public int HumanScore { get; set; }
    public required string Note { get; set; }
    public Guid UserId { get; set; }
    public required string UserName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum ReviewDecisionKind { Advance, Reject, Hold }

/// <summary>A reviewer's hiring decision. Append-only: the latest is the interview's decision, earlier ones are history.</summary>
public sealed class ReviewDecision : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid InterviewId { get; set; }
    public ReviewDecisionKind Decision { get; set; }
    public string Note { get; set; } = "";
    public Guid UserId { get; set; }
    public required string UserName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>A read-only link to one interview's report. Only the token's SHA-256 is stored.</summary>
public sealed class ReportShare : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid InterviewId { get; set; }
    public required string TokenHash { get; set; }
    public Guid CreatedBy { get; set; }
    public required string CreatedByName { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsActiveAt(DateTimeOffset now) => RevokedAt is null && now < ExpiresAt;
}

public static class ResultsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<ScoreOverride>().ToTable("score_overrides").HasOne<Interview>().WithMany().HasForeignKey(o => o.InterviewId);
        modelBuilder.Entity<ReviewDecision>().ToTable("review_decisions").HasOne<Interview>().WithMany().HasForeignKey(d => d.InterviewId);
        var share = modelBuilder.Entity<ReportShare>().ToTable("report_shares");
        share.HasOne<Interview>().WithMany().HasForeignKey(s => s.InterviewId);
    }
}
