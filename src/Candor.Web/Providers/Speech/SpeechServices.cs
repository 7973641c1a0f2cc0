using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Candor.Web.Providers.Speech;

public static class SpeechServices
{
    /// <summary>
    /// Speech: options ("Candor:Speech" + STT_* / TTS_* variables, validated at start-up), <see cref="AudioTools"/>,
    /// the speech providers' HttpClient, accounting, metrics and <see cref="ISpeechProviders"/>. With nothing
    /// configured every organisation gets the offline engines (pocketsphinx; festival, then flite).
    /// Needs <see cref="AiProviderServices.AddAiProviders"/> (usage recorder, circuit breakers, AI metrics).
    /// </summary>
    public static IServiceCollection AddSpeechProviders(this IServiceCollection services)
    {
        services.AddOptions<SpeechOptions>().BindConfiguration(SpeechOptions.Section).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<SpeechOptions>, FlatSpeechEnvironmentVariables>();
        services.AddSingleton<IValidateOptions<SpeechOptions>, SpeechOptionsValidator>();
        services.TryAddSingleton(TimeProvider.System);

        // The one place the speech providers' outbound HTTP is set up (WebSockets to Deepgram ride on it too).
        // Every URL here comes from the operator's configuration today; an organisation-controlled URL would need
        // the outbound SSRF guard added to this pipeline.
        services.AddHttpClient(SpeechEngineBuilder.HttpClientName, client => client.Timeout = Timeout.InfiniteTimeSpan)
            // A redirect would replay the key to wherever it points; providers never need one.
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { AllowAutoRedirect = false, PooledConnectionLifetime = TimeSpan.FromMinutes(2) })
            .RedactLoggedHeaders(_ => true);

        services.AddSingleton(sp => new AudioTools(sp.GetRequiredService<IOptions<SpeechOptions>>().Value.AudioTools));
        services.AddSingleton<SpeechMetrics>();
        services.AddSingleton<SpeechAccounting>();
        services.AddSingleton<SpeechEngineBuilder>();
        services.AddSingleton<SpeechProviders>();
        services.AddSingleton<ISpeechProviders>(sp => sp.GetRequiredService<SpeechProviders>());
        services.AddHostedService<SpeechToolsCheck>();
        return services;
    }
}

/// <summary>
/// STT_PROVIDER, STT_LANGUAGE, STT_MAX_AUDIO_SIZE_MB, TTS_PROVIDER, TTS_VOICE, TTS_AUDIO_FORMAT (and STT_/TTS_
/// BASE_URL, MODEL, API_KEY): the global default, winning over Candor:Speech:*.
/// </summary>
internal sealed class FlatSpeechEnvironmentVariables(IConfiguration configuration) : IPostConfigureOptions<SpeechOptions>
{
    public void PostConfigure(string? name, SpeechOptions options)
    {
        options.Language = Value("STT_LANGUAGE") ?? options.Language;
        options.AudioFormat = Value("TTS_AUDIO_FORMAT") ?? options.AudioFormat;
        if (Value("STT_MAX_AUDIO_SIZE_MB") is { } size)
        {
            options.MaxAudioSizeMb = double.TryParse(size, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var mb)
                ? mb
                // Caught by validation with a clear message instead of silently ignored.
                : -1;
        }
        options.SpeechToText = Apply(options.SpeechToText, "STT");
        options.TextToSpeech = Apply(options.TextToSpeech, "TTS");
        if (Value("TTS_VOICE") is { } voice)
        {
            options.TextToSpeech.Voice = voice;
        }
    }

    private SpeechEngineOptions Apply(SpeechEngineOptions? engine, string prefix)
    {
        engine ??= new SpeechEngineOptions();
        if (Value($"{prefix}_PROVIDER") is { } provider && !string.Equals(provider, engine.Provider, StringComparison.OrdinalIgnoreCase))
        {
            // Another provider than the configuration file's: its URL, model, voice and key belong to that one.
            engine.Provider = provider;
            engine.BaseUrl = engine.Model = engine.Voice = engine.ApiKey = engine.ApiKeyEnvironmentVariable = null;
        }
        engine.BaseUrl = Value($"{prefix}_BASE_URL") ?? engine.BaseUrl;
        engine.Model = Value($"{prefix}_MODEL") ?? engine.Model;
        if (Value($"{prefix}_API_KEY") is { } key)
        {
            engine.ApiKey = key;
            engine.ApiKeyEnvironmentVariable = null;
        }
        return engine;
    }

    private string? Value(string name) => configuration[name] is { Length: > 0 } value ? value.Trim() : null;
}

internal sealed class SpeechOptionsValidator : IValidateOptions<SpeechOptions>
{
    public ValidateOptionsResult Validate(string? name, SpeechOptions options)
    {
        var errors = options.Validate().ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }
}

/// <summary>
/// Warns at start-up when an offline speech tool is missing: voice interviews would fail on the first turn, and
/// the operator should hear why now (./candor installs them with apt-get).
/// </summary>
internal sealed class SpeechToolsCheck(ILogger<SpeechToolsCheck> logger) : IHostedService
{
    private static readonly string[] Tools = ["ffmpeg", PocketsphinxSpeechToText.DefaultExecutable, "text2wave", "flite"];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        var path = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        var missing = Tools.Where(tool => !path.Any(dir => File.Exists(Path.Combine(dir, tool)))).ToList();
        if (missing.Count > 0)
        {
            logger.LogWarning("Offline speech tools not found on PATH: {Missing}. Voice interviews need them (apt-get install pocketsphinx pocketsphinx-en-us festival festvox-us-slt-hts flite ffmpeg)",
                string.Join(", ", missing));
        }
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
