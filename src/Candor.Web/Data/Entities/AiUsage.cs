namespace Candor.Web.Data.Entities;

/// <summary>One provider call (LLM or speech) as billed: tokens or audio seconds, estimated cost, latency and outcome (table ai_usage).</summary>
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

    /// <summary>Speech calls: seconds of audio transcribed or synthesised (when the engine knows).</summary>
    public decimal? AudioSeconds { get; set; }

    /// <summary>Text-to-speech calls: the voice spoken in.</summary>
    public string? Voice { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}
