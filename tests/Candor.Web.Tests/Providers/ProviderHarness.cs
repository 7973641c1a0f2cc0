using System.Collections.Concurrent;
using Candor.Web.Providers;
using Candor.Web.Providers.Speech;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Candor.Web.Tests.Providers;

/// <summary>
/// The real provider wiring (<see cref="AiProviderServices.AddAiProviders"/> and
/// <see cref="SpeechServices.AddSpeechProviders"/>, real SDKs, real HTTP) without
/// the web app: configuration in memory, usage kept in a list, every log line captured at Trace level.
/// </summary>
public sealed class ProviderHarness : IDisposable
{
    public const string ApiKey = "sk-test-SECRET-0123456789abcdef";

    private readonly ServiceProvider _services;

    public ProviderHarness(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging(logging => logging.SetMinimumLevel(LogLevel.Trace).AddProvider(Logs));
        services.AddSingleton<IAiUsageRecorder>(Usage);
        services.AddAiProviders();
        services.AddSpeechProviders();
        _services = services.BuildServiceProvider();
    }

    /// <summary>Settings for one provider on a fake server, quick to fail and retry so tests stay fast.</summary>
    public static ProviderHarness For(string provider, FakeLlmServer server, string model, Action<Dictionary<string, string?>>? tweak = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Candor:Ai:Provider"] = provider,
            ["Candor:Ai:BaseUrl"] = provider == "anthropic" ? server.AnthropicBaseUrl : server.OpenAiBaseUrl,
            ["Candor:Ai:Model"] = model,
            ["Candor:Ai:ApiKey"] = ApiKey,
            ["Candor:Ai:TimeoutSeconds"] = "5",
            ["Candor:Ai:MaxRetries"] = "2",
            ["Candor:Ai:RetryBaseDelayMilliseconds"] = "20",
            ["Candor:Ai:InputCostPerMillionTokens"] = "2.5",
            ["Candor:Ai:OutputCostPerMillionTokens"] = "10",
        };
        tweak?.Invoke(settings);
        return new ProviderHarness(settings);
    }

    public CapturingLoggerProvider Logs { get; } = new();

    public InMemoryUsageRecorder Usage { get; } = new();

    public ChatClientFactory Factory => _services.GetRequiredService<ChatClientFactory>();

    public IServiceProvider Services => _services;

    /// <summary>The speech engines an organisation on <paramref name="plan"/> gets (accounted to <paramref name="interviewId"/>).</summary>
    public SpeechEngines Speech(Guid? organizationId = null, string plan = "essential", Guid? interviewId = null, string? slug = null) =>
        _services.GetRequiredService<SpeechProviders>().For(organizationId ?? Guid.NewGuid(), plan, slug, interviewId);

    public IChatClient Client(Guid? organizationId = null, string plan = "essential") =>
        Factory.GetClient(organizationId ?? Guid.NewGuid(), plan) ?? throw new InvalidOperationException("No provider configured.");

    public void Dispose() => _services.Dispose();
}

public sealed class InMemoryUsageRecorder : IAiUsageRecorder
{
    private readonly ConcurrentQueue<AiUsageRecord> _records = new();

    public IReadOnlyList<AiUsageRecord> Records => [.. _records];

    public Task RecordAsync(AiUsageRecord record, CancellationToken cancellationToken = default)
    {
        _records.Enqueue(record);
        return Task.CompletedTask;
    }
}

/// <summary>Keeps every formatted log message and exception text, to prove secrets never reach a log.</summary>
public sealed class CapturingLoggerProvider : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _lines = new();

    public IReadOnlyList<string> Lines => [.. _lines];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, _lines);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(string category, ConcurrentQueue<string> lines) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var structured = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(";", pairs.Select(p => $"{p.Key}={p.Value}")) : "";
            lines.Enqueue($"{logLevel} {category}: {formatter(state, exception)} | {structured} | {exception}");
        }
    }
}
