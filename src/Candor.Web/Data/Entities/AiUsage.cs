namespace Candor.Web.Data.Entities;

/// <summary>One LLM call as billed: tokens, estimated cost, latency and outcome (table ai_usage).</summary>
public sealed class AiUsage : ITenantOwned
{
    public long Id { get; set; }
    public Guid OrganizationId { get; set; }
    public Guid? InterviewId { get; set; }
    public required string Provider { get; set; }
    public required string Model { get; set; }
    public required string Role { get; set; }
    public int InputTokens { get; set; }
    public int OutputTokens { get; set; }
    public int LatencyMs { get; set; }
    public decimal CostUsd { get; set; }
    public bool Succeeded { get; set; }
    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
