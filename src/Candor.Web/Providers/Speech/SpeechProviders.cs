using System.Collections.Concurrent;
using Candor.Engine.Speech;
using Candor.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Candor.Web.Providers.Speech;

/// <summary>
/// Hands out an organisation's speech engines. The chain per direction is: provider adapter → retries, timeout and
/// circuit (<see cref="ProviderRetry"/>) → accounting → fallback to the offline engine (pocketsphinx; festival then
/// flite), the offline engines accounted too. Adapters are built once per distinct configuration and shared; the
/// accounting wrappers are cheap and per call site, because they know the organisation and interview.
/// </summary>
public sealed class SpeechProviders(
    IOptionsMonitor<SpeechOptions> options,
    SpeechEngineBuilder builder,
    SpeechAccounting accounting,
    IServiceScopeFactory scopes,
    ILogger<SpeechProviders> logger) : ISpeechProviders
{
    public Task<SpeechEngines> ForOrganizationAsync(Guid organizationId, CancellationToken cancellationToken = default) =>
        ForInterviewAsync(organizationId, null, cancellationToken);

    public async Task<SpeechEngines> ForInterviewAsync(Guid organizationId, Guid? interviewId, CancellationToken cancellationToken = default)
    {
        string? plan = null, slug = null;
        // Without tier or organisation overrides every organisation gets the global default: no lookup per turn.
        if (options.CurrentValue.HasOverrides)
        {
            await using var scope = scopes.CreateAsyncScope();
            var organization = await scope.ServiceProvider.GetRequiredService<CandorDbContext>().Organizations.AsNoTracking()
                .Where(o => o.Id == organizationId)
                .Select(o => new { o.Plan, o.Slug })
                .FirstOrDefaultAsync(cancellationToken);
            (plan, slug) = (organization?.Plan, organization?.Slug);
        }
        return For(organizationId, plan, slug, interviewId);
    }

    /// <summary>The engines for an organisation whose plan and slug the caller already knows.</summary>
    public SpeechEngines For(Guid organizationId, string? plan, string? slug = null, Guid? interviewId = null)
    {
        var selection = options.CurrentValue.Resolve(organizationId, plan, slug);
        var scope = new SpeechCallScope(organizationId, interviewId);
        return new SpeechEngines(
            selection.SpeechToText is { } stt ? SpeechToText(stt, scope) : null,
            selection.TextToSpeech is { } tts ? TextToSpeech(tts, scope) : null,
            selection.Language,
            selection.MaxAudioBytes,
            selection.Format,
            selection.SpeechToText is { Provider: SpeechProviderNames.Offline or SpeechProviderNames.Whisper });
    }

    private ISpeechToText SpeechToText(SpeechEndpoint endpoint, SpeechCallScope scope)
    {
        var offline = new RecordedSpeechToText(builder.Pocketsphinx, PocketsphinxSpeechToText.ProviderName, PocketsphinxSpeechToText.ModelName,
            builder.OfflineEndpoint, scope, accounting);
        if (endpoint.IsOffline)
        {
            return offline;
        }
        var primary = new RecordedSpeechToText(builder.SpeechToText(endpoint), endpoint.Provider, endpoint.Model, endpoint, scope, accounting);
        return new FallbackSpeechToText(primary, offline, endpoint.Provider, logger);
    }

    private ITextToSpeech TextToSpeech(SpeechEndpoint endpoint, SpeechCallScope scope)
    {
        var offlineEndpoint = endpoint.IsOffline ? endpoint : builder.OfflineEndpoint;
        ITextToSpeech offline = new FallbackTextToSpeech(
            new RecordedTextToSpeech(builder.Festival(offlineEndpoint.Voice), FestivalTextToSpeech.ProviderName, offlineEndpoint, scope, accounting),
            new RecordedTextToSpeech(builder.Flite, FliteTextToSpeech.ProviderName, offlineEndpoint with { Voice = FliteTextToSpeech.DefaultVoice }, scope, accounting),
            FestivalTextToSpeech.ProviderName, logger);
        if (endpoint.IsOffline)
        {
            return offline;
        }
        var primary = new RecordedTextToSpeech(builder.TextToSpeech(endpoint), endpoint.Provider, endpoint, scope, accounting);
        return new FallbackTextToSpeech(primary, offline, endpoint.Provider, logger);
    }
}

/// <summary>Builds (once per configuration) and caches the shared engines the per-organisation chains wrap.</summary>
public sealed class SpeechEngineBuilder(
    AudioTools tools,
    IOptionsMonitor<SpeechOptions> options,
    IHttpClientFactory httpClients,
    CircuitBreakerRegistry breakers,
    TimeProvider clock,
    ILoggerFactory loggers) : IDisposable
{
    /// <summary>The IHttpClientFactory named client every speech provider adapter uses (redirects off, no client timeout).</summary>
    public const string HttpClientName = "candor-speech";

    private readonly ConcurrentDictionary<SpeechEndpoint, Lazy<ISpeechToText>> _recognizers = new();
    private readonly ConcurrentDictionary<SpeechEndpoint, Lazy<ITextToSpeech>> _voices = new();
    private readonly ConcurrentDictionary<string, FestivalTextToSpeech> _festivalVoices = new(StringComparer.Ordinal);

    public AudioTools Tools => tools;

    public PocketsphinxSpeechToText Pocketsphinx => field ??= new PocketsphinxSpeechToText(Tools);

    public FliteTextToSpeech Flite => field ??= new FliteTextToSpeech(Tools);

    /// <summary>The settings the offline engines are accounted with when they stand in for a provider.</summary>
    public SpeechEndpoint OfflineEndpoint { get; } = new(SpeechProviderNames.Offline, null, PocketsphinxSpeechToText.ModelName,
        FestivalTextToSpeech.DefaultVoice, null, false, new(TimeSpan.FromSeconds(60), 0, TimeSpan.Zero, TimeSpan.Zero, 1, TimeSpan.Zero), 0m, 0m);

    public FestivalTextToSpeech Festival(string? voice) =>
        _festivalVoices.GetOrAdd(voice ?? FestivalTextToSpeech.DefaultVoice, v => new FestivalTextToSpeech(Tools, v));

    public ISpeechToText SpeechToText(SpeechEndpoint endpoint) =>
        _recognizers.GetOrAdd(endpoint, e => new Lazy<ISpeechToText>(() => BuildSpeechToText(e))).Value;

    public ITextToSpeech TextToSpeech(SpeechEndpoint endpoint) =>
        _voices.GetOrAdd(endpoint, e => new Lazy<ITextToSpeech>(() => BuildTextToSpeech(e))).Value;

    private ISpeechToText BuildSpeechToText(SpeechEndpoint endpoint) => endpoint.Provider switch
    {
        SpeechProviderNames.Whisper => new WhisperSpeechToText(options.CurrentValue.WhisperModelPath!, tools,
            options.CurrentValue.WhisperThreads ?? Math.Max(1, Environment.ProcessorCount / 2)),
        SpeechProviderNames.OpenAi => new ResilientSpeechToText(new OpenAiSpeechToText(Http(), endpoint, clock), Retry(endpoint, SpeechToTextCircuit)),
        SpeechProviderNames.Deepgram when endpoint.Streaming =>
            new ResilientSpeechToText(new DeepgramLiveSpeechToText(Http(), endpoint, clock), Retry(endpoint, SpeechToTextCircuit)),
        SpeechProviderNames.Deepgram => new ResilientSpeechToText(new DeepgramSpeechToText(Http(), endpoint, clock), Retry(endpoint, SpeechToTextCircuit)),
        _ => throw new InvalidOperationException($"Unknown speech-to-text provider '{endpoint.Provider}'."),
    };

    private ITextToSpeech BuildTextToSpeech(SpeechEndpoint endpoint) => new ResilientTextToSpeech(endpoint.Provider switch
    {
        SpeechProviderNames.OpenAi => new OpenAiTextToSpeech(Http(), endpoint, clock),
        SpeechProviderNames.Deepgram => new DeepgramTextToSpeech(Http(), endpoint, clock),
        SpeechProviderNames.ElevenLabs => new ElevenLabsTextToSpeech(Http(), endpoint, tools, clock),
        _ => throw new InvalidOperationException($"Unknown text-to-speech provider '{endpoint.Provider}'."),
    }, Retry(endpoint, TextToSpeechCircuit));

    private const string SpeechToTextCircuit = "speech-to-text";
    private const string TextToSpeechCircuit = "text-to-speech";

    public void Dispose()
    {
        foreach (var recognizer in _recognizers.Values.Where(r => r.IsValueCreated))
        {
            (recognizer.Value as IDisposable)?.Dispose();
        }
        _recognizers.Clear();
    }

    private ProviderRetry Retry(SpeechEndpoint endpoint, string direction) => new(
        endpoint.Provider, endpoint.Model, endpoint.Resilience,
        breakers.For(endpoint.CircuitKey(direction), endpoint.Resilience.FailuresBeforeOpen, endpoint.Resilience.OpenDuration),
        clock, loggers.CreateLogger<ProviderRetry>());

    private HttpClient Http() => httpClients.CreateClient(HttpClientName);
}
