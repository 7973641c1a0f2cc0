using Candor.Engine.Speech;
using Candor.Web.Providers.Speech;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Candor.Web.Tests.Providers.Speech;

/// <summary>Which engines an organisation gets: the flat variables, Candor:Speech layers per tier and organisation, and start-up validation.</summary>
public sealed class SpeechSelectionTests
{
    private static SpeechSelection Resolve(Dictionary<string, string?> settings, string plan = "essential", Guid? organizationId = null, string? slug = null)
    {
        using var harness = new ProviderHarness(settings);
        return harness.Services.GetRequiredService<IOptionsMonitor<SpeechOptions>>().CurrentValue.Resolve(organizationId ?? Guid.NewGuid(), plan, slug);
    }

    [Fact]
    public void With_nothing_configured_every_organisation_gets_the_offline_engines_in_english_mp3_and_25_MB()
    {
        using var harness = new ProviderHarness([]);

        var engines = harness.Speech();

        engines.SpeechToText.ShouldNotBeNull();
        engines.TextToSpeech.ShouldNotBeNull();
        engines.Language.ShouldBe("en");
        engines.MaxAudioBytes.ShouldBe(25L * 1024 * 1024);
        engines.Format.ShouldBe(SpeechAudioFormat.Mp3);
        var selection = Resolve([]);
        selection.SpeechToText!.Provider.ShouldBe("offline");
        selection.TextToSpeech!.Provider.ShouldBe("offline");
        selection.TextToSpeech.Voice.ShouldBe("cmu_us_slt_arctic_hts");
    }

    [Fact]
    public void STT_PROVIDER_none_and_TTS_PROVIDER_none_mean_no_engine()
    {
        using var harness = new ProviderHarness(new() { ["STT_PROVIDER"] = "none", ["TTS_PROVIDER"] = "none" });

        var engines = harness.Speech();

        engines.SpeechToText.ShouldBeNull();
        engines.TextToSpeech.ShouldBeNull();
    }

    [Fact]
    public void The_flat_variables_set_the_global_default_over_the_configuration_file()
    {
        var selection = Resolve(new()
        {
            ["Candor:Speech:SpeechToText:Provider"] = "openai",
            ["Candor:Speech:SpeechToText:Model"] = "whisper-large",
            ["Candor:Speech:Language"] = "de",
            ["STT_PROVIDER"] = "deepgram",
            ["STT_LANGUAGE"] = "en-GB",
            ["STT_MAX_AUDIO_SIZE_MB"] = "10",
            ["STT_API_KEY"] = "dg-key",
            ["TTS_PROVIDER"] = "elevenlabs",
            ["TTS_VOICE"] = "EXAVITQu4vr4xnSDxMaL",
            ["TTS_AUDIO_FORMAT"] = "ogg",
        });

        selection.SpeechToText!.Provider.ShouldBe("deepgram");
        // Switching provider drops the other provider's model: Deepgram's default, not "whisper-large".
        selection.SpeechToText.Model.ShouldBe("nova-3");
        selection.SpeechToText.BaseUrl.ShouldBe(new Uri("https://api.deepgram.com"));
        selection.SpeechToText.ApiKey.ShouldBe("dg-key");
        selection.Language.ShouldBe("en-GB");
        selection.MaxAudioBytes.ShouldBe(10L * 1024 * 1024);
        selection.TextToSpeech!.Provider.ShouldBe("elevenlabs");
        selection.TextToSpeech.Voice.ShouldBe("EXAVITQu4vr4xnSDxMaL");
        selection.Format.ShouldBe(SpeechAudioFormat.Ogg);
    }

    [Fact]
    public void Tiers_and_organisations_override_the_default_like_the_llm_layers()
    {
        var acme = Guid.NewGuid();
        var settings = new Dictionary<string, string?>
        {
            ["STT_PROVIDER"] = "offline",
            ["Candor:Speech:Tiers:enterprise:SpeechToText:Provider"] = "openai",
            ["Candor:Speech:Tiers:enterprise:SpeechToText:ApiKey"] = "platform-key",
            ["Candor:Speech:Tiers:enterprise:TextToSpeech:Provider"] = "openai",
            ["Candor:Speech:Organizations:acme:TextToSpeech:Voice"] = "shimmer",
            ["Candor:Speech:Organizations:acme:AudioFormat"] = "ogg",
            [$"Candor:Speech:Organizations:{acme}:SpeechToText:Provider"] = "none",
        };

        Resolve(settings, "essential").SpeechToText!.Provider.ShouldBe("offline");
        var enterprise = Resolve(settings, "enterprise");
        enterprise.SpeechToText!.Provider.ShouldBe("openai");
        enterprise.SpeechToText.ApiKey.ShouldBe("platform-key");
        enterprise.TextToSpeech!.Voice.ShouldBe("alloy");
        var bySlug = Resolve(settings, "enterprise", slug: "acme");
        bySlug.TextToSpeech!.Voice.ShouldBe("shimmer");
        bySlug.TextToSpeech.Model.ShouldBe("tts-1");
        bySlug.Format.ShouldBe(SpeechAudioFormat.Ogg);
        Resolve(settings, "enterprise", acme).SpeechToText.ShouldBeNull();
    }

    [Fact]
    public void A_whisper_model_path_makes_whisper_the_default_recogniser()
    {
        var model = Path.GetTempFileName();
        try
        {
            var selection = Resolve(new() { ["Candor:Speech:WhisperModelPath"] = model });

            selection.SpeechToText!.Provider.ShouldBe("whisper");
            selection.SpeechToText.Model.ShouldBe(Path.GetFileName(model));
            Resolve(new() { ["Candor:Speech:WhisperModelPath"] = model, ["STT_PROVIDER"] = "offline" }).SpeechToText!.Provider.ShouldBe("offline");
        }
        finally
        {
            File.Delete(model);
        }
    }

    [Theory]
    [InlineData("STT_PROVIDER", "watson", "unknown provider 'watson'")]
    [InlineData("TTS_PROVIDER", "whisper", "unknown provider 'whisper'")]
    [InlineData("TTS_AUDIO_FORMAT", "flac", "use mp3 or ogg")]
    [InlineData("STT_LANGUAGE", "english please", "BCP-47")]
    [InlineData("STT_MAX_AUDIO_SIZE_MB", "lots", "STT_MAX_AUDIO_SIZE_MB")]
    [InlineData("STT_PROVIDER", "whisper", "WhisperModelPath")]
    [InlineData("Candor:Speech:WhisperModelPath", "/nonexistent/ggml-base.en.bin", "no file at")]
    [InlineData("Candor:Speech:Tiers:enterprise:SpeechToText:Provider", "openai;Candor:Speech:Tiers:enterprise:SpeechToText:BaseUrl=ftp://example.com", "absolute http(s) URL")]
    [InlineData("Candor:Speech:TextToSpeech:Provider", "elevenlabs;Candor:Speech:TextToSpeech:Voice=Rachel", "voice id")]
    public void Configuration_mistakes_stop_the_app_at_start_up_with_a_clear_message(string key, string value, string message)
    {
        var settings = new Dictionary<string, string?>();
        foreach (var pair in $"{key}={value}".Split(';'))
        {
            var at = pair.IndexOf('=');
            settings[pair[..at]] = pair[(at + 1)..];
        }
        using var harness = new ProviderHarness(settings);

        var error = Should.Throw<OptionsValidationException>(() => harness.Services.GetRequiredService<IOptionsMonitor<SpeechOptions>>().CurrentValue);

        error.Message.ShouldContain(message);
    }

    [Fact]
    public async Task The_app_refuses_to_start_with_a_bad_speech_setting()
    {
        await using var app = new Infrastructure.CandorApp().With("TTS_PROVIDER", "espeak");

        var error = await Should.ThrowAsync<OptionsValidationException>(app.InitializeAsync);

        error.Message.ShouldContain("espeak");
    }
}
