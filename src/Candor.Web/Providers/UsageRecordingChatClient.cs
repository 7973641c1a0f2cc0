using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace Candor.Web.Providers;

/// <summary>
/// The outermost layer: one ai_usage row and one set of metrics per logical call (retries included),
/// with latency, tokens, estimated cost and outcome. Created per organisation over a shared resilient
/// client, so it never disposes what it wraps. Accounting failures are logged, never thrown at the caller.
/// </summary>
public sealed class UsageRecordingChatClient(
    IChatClient inner, AiEndpoint endpoint, Guid organizationId, IAiUsageRecorder recorder, AiMetrics metrics, TimeProvider clock, ILogger logger)
    : DelegatingChatClient(inner)
{
    public Guid OrganizationId => organizationId;

    public AiEndpoint Endpoint => endpoint;

    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var started = clock.GetTimestamp();
        ChatResponse response;
        try
        {
            response = await base.GetResponseAsync(messages, options, cancellationToken);
        }
        catch (Exception ex)
        {
            await RecordAsync(options, null, null, started, ex);
            throw;
        }
        await RecordAsync(options, response.ModelId, response.Usage, started, null);
        return response;
    }

    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var started = clock.GetTimestamp();
        UsageDetails? usage = null;
        string? model = null;
        Exception? error = null;
        var stream = base.GetStreamingResponseAsync(messages, options, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                try
                {
                    if (!await stream.MoveNextAsync())
                    {
                        break;
                    }
                }
                catch (Exception ex)
                {
                    error = ex;
                    throw;
                }
                var update = stream.Current;
                model ??= update.ModelId;
                foreach (var content in update.Contents.OfType<UsageContent>())
                {
                    (usage ??= new UsageDetails()).Add(content.Details);
                }
                yield return update;
            }
        }
        finally
        {
            await stream.DisposeAsync();
            // Also reached when the caller stops reading early; whatever was used so far is still billed.
            await RecordAsync(options, model, usage, started, error);
        }
    }

    [SuppressMessage("Usage", "CA2215", Justification = "The inner chain ends in the adapter shared by every organisation on this endpoint; ChatClientFactory owns and disposes it.")]
    protected override void Dispose(bool disposing)
    {
    }

    private async Task RecordAsync(ChatOptions? options, string? responseModel, UsageDetails? usage, long started, Exception? error)
    {
        var input = (int)Math.Min(usage?.InputTokenCount ?? 0, int.MaxValue);
        var output = (int)Math.Min(usage?.OutputTokenCount ?? 0, int.MaxValue);
        var (outcome, summary) = error switch
        {
            null => ("success", null),
            AiProviderException provider => (provider.Outcome, provider.Summary),
            OperationCanceledException => ("cancelled", "the caller stopped waiting"),
            _ => ("error", error.GetType().Name),
        };
        var record = new AiUsageRecord(
            organizationId,
            AiCallContext.InterviewIdOf(options),
            endpoint.ProviderName,
            string.IsNullOrEmpty(responseModel) ? endpoint.Model : responseModel,
            AiCallContext.RoleOf(options),
            input,
            output,
            (int)Math.Min(clock.GetElapsedTime(started).TotalMilliseconds, int.MaxValue),
            endpoint.EstimateCost(input, output),
            error is null,
            // The organisation reads this (GET /interviews/{id}/ai-usage): a status line in our words, never the
            // provider's body, which behind an organisation's own base URL could be anything. Operators get the detail in the log.
            error is null ? null : $"{outcome}: {summary}");

        metrics.Record(record, outcome);
        try
        {
            // Not the caller's token: a call that was cancelled or failed was still (partly) billed.
            await recorder.RecordAsync(record, CancellationToken.None);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Could not record AI usage for organisation {OrganizationId} ({Provider} {Model})",
                organizationId, record.Provider, record.Model);
        }
    }
}
