using System.Diagnostics;
using System.Diagnostics.Metrics;
using Candor.Web.Data;
using Candor.Web.Data.Entities;

namespace Candor.Web.Providers;

/// <summary>
/// One finished provider call, as <see cref="UsageRecordingChatClient"/> (LLM) or the speech engines measured it.
/// Speech calls carry the seconds of audio heard or spoken and, for text-to-speech, the voice.
/// </summary>
public sealed record AiUsageRecord(
    Guid OrganizationId,
    Guid? InterviewId,
    string Provider,
    string Model,
    string Role,
    int InputTokens,
    int OutputTokens,
    int LatencyMs,
    decimal CostUsd,
    bool Succeeded,
    string? Error,
    double? AudioSeconds = null,
    string? Voice = null);

/// <summary>Where call accounting goes: ai_usage in production, a list in tests that need no database.</summary>
public interface IAiUsageRecorder
{
    Task RecordAsync(AiUsageRecord record, CancellationToken cancellationToken = default);
}

/// <summary>
/// Writes ai_usage rows through a fresh DbContext scope of the call's organisation, because calls come from
/// requests and background jobs alike and must not ride on (or save) the caller's unit of work.
/// </summary>
public sealed class DbAiUsageRecorder(IServiceScopeFactory scopes, TimeProvider clock) : IAiUsageRecorder
{
    public async Task RecordAsync(AiUsageRecord record, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(record.OrganizationId);
        var db = scope.ServiceProvider.GetRequiredService<CandorDbContext>();
        db.AiUsages.Add(new AiUsage
        {
            OrganizationId = record.OrganizationId,
            InterviewId = record.InterviewId,
            Provider = record.Provider,
            Model = record.Model,
            Role = record.Role,
            InputTokens = record.InputTokens,
            OutputTokens = record.OutputTokens,
            LatencyMs = record.LatencyMs,
            CostUsd = record.CostUsd,
            Succeeded = record.Succeeded,
            Error = record.Error,
            AudioSeconds = record.AudioSeconds is { } seconds ? decimal.Round((decimal)seconds, 3) : null,
            Voice = record.Voice,
            CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync(cancellationToken);
    }
}

/// <summary>The "Candor.Ai" meter: calls, tokens, cost and latency, tagged provider, model, role and outcome.</summary>
public sealed class AiMetrics
{
    public const string MeterName = "Candor.Ai";

    private readonly Counter<long> _calls;
    private readonly Counter<long> _inputTokens;
    private readonly Counter<long> _outputTokens;
    private readonly Counter<double> _cost;
    private readonly Histogram<double> _latency;

    public AiMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(MeterName);
        _calls = meter.CreateCounter<long>("candor.ai.calls", "{call}", "LLM calls, retries included in one call");
        _inputTokens = meter.CreateCounter<long>("candor.ai.tokens.input", "{token}", "Input (prompt) tokens");
        _outputTokens = meter.CreateCounter<long>("candor.ai.tokens.output", "{token}", "Output (completion) tokens");
        _cost = meter.CreateCounter<double>("candor.ai.cost_usd", "USD", "Estimated cost from the configured prices");
        _latency = meter.CreateHistogram<double>("candor.ai.latency", "ms", "Wall time of a call, retries and waits included");
    }

    public void Record(AiUsageRecord record, string outcome)
    {
        var tags = new TagList
        {
            { "provider", record.Provider },
            { "model", record.Model },
            { "role", record.Role },
            { "outcome", outcome },
        };
        _calls.Add(1, tags);
        _inputTokens.Add(record.InputTokens, tags);
        _outputTokens.Add(record.OutputTokens, tags);
        _cost.Add((double)record.CostUsd, tags);
        _latency.Record(record.LatencyMs, tags);
    }
}
