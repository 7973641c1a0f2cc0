using Candor.Engine.Ai;
using Candor.Engine.Ai.Llm;
using Candor.Engine.Ai.Offline;
using Candor.Web.Features.Settings;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Options;

namespace Candor.Web.Providers;

/// <summary>The four AI roles as one organisation gets them: on its configured LLM, or offline.</summary>
public sealed record AiRoleSet(IQuestionWriter QuestionWriter, IInterviewer Interviewer, IAnswerEvaluator Evaluator, IReportWriter ReportWriter);

/// <summary>
/// Picks each organisation's AI roles from configuration (global default, tier, organisation). With no
/// provider the offline engine runs everything; with one, the LLM roles run and fall back to the offline
/// engine on any provider failure. Every call is tagged with its role and interview for accounting.
/// </summary>
public sealed class AiRoles(ChatClientFactory clients, IOptionsMonitor<AiProviderOptions> options, AiSettingsPresence? storedSettings = null)
{
    public static readonly AiRoleSet Offline = new(new OfflineQuestionWriter(), new OfflineInterviewer(), new OfflineAnswerEvaluator(), new OfflineReportWriter());

    public async Task<AiRoleSet> ForAsync(Guid organizationId, Guid? interviewId, CancellationToken cancellationToken)
    {
        // The common case (nothing configured, no organisation with its own provider) needs no lookup on every turn.
        var anyProvider = options.CurrentValue.AnyProviderConfigured
            || (storedSettings is not null && await storedSettings.AnyProviderAsync(cancellationToken));
        if (!anyProvider || await clients.GetClientAsync(organizationId, cancellationToken) is not { } client)
        {
            return Offline;
        }

        var metadata = client.GetService<ChatClientMetadata>();
        var settings = options.CurrentValue;
        var llm = new LlmOptions(metadata?.ProviderName ?? "llm", metadata?.DefaultModelId ?? "unknown")
        {
            Temperature = settings.InterviewerTemperature ?? 0.3f,
            EvaluatorSamples = settings.EvaluatorSamples ?? 1,
            MaxPromptTokens = settings.MaxPromptTokens ?? 6000,
        };
        IChatClient For(string role) => new CallContextChatClient(client, role, interviewId);
        return new AiRoleSet(
            new LlmQuestionWriter(For("question_writer"), llm),
            new LlmInterviewer(For("interviewer"), llm),
            new LlmAnswerEvaluator(For("evaluator"), llm),
            new LlmReportWriter(For("report_writer"), llm));
    }

    /// <summary>Stamps every call with the role and interview it serves, for usage accounting.</summary>
    private sealed class CallContextChatClient(IChatClient inner, string role, Guid? interviewId) : DelegatingChatClient(inner)
    {
        public override Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            base.GetResponseAsync(messages, options.WithCallContext(role, interviewId), cancellationToken);

        public override IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            base.GetStreamingResponseAsync(messages, options.WithCallContext(role, interviewId), cancellationToken);
    }
}
