namespace Candor.Web.Tests.Providers.Speech;

public static class CloudSpeechHarness
{
    /// <summary>One provider per direction on the fake, quick to retry and time out so tests stay fast.</summary>
    public static ProviderHarness For(FakeSpeechServer server, string? stt, string? tts, Action<Dictionary<string, string?>>? tweak = null)
    {
        var settings = new Dictionary<string, string?>();
        void Engine(string section, string? provider)
        {
            if (provider is null)
            {
                return;
            }
            settings[$"Candor:Speech:{section}:Provider"] = provider;
            settings[$"Candor:Speech:{section}:BaseUrl"] = provider == "openai" ? server.OpenAiBaseUrl : server.BaseUrl;
            settings[$"Candor:Speech:{section}:ApiKey"] = ProviderHarness.ApiKey;
            settings[$"Candor:Speech:{section}:TimeoutSeconds"] = "3";
            settings[$"Candor:Speech:{section}:MaxRetries"] = "2";
            settings[$"Candor:Speech:{section}:RetryBaseDelayMilliseconds"] = "20";
            settings[$"Candor:Speech:{section}:CostPerMinute"] = "0.006";
            settings[$"Candor:Speech:{section}:CostPerMillionCharacters"] = "15";
        }
        Engine("SpeechToText", stt);
        Engine("TextToSpeech", tts);
        tweak?.Invoke(settings);
        return new ProviderHarness(settings);
    }
}
