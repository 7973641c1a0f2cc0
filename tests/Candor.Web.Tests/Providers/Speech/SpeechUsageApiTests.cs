using Candor.Engine.Speech;
using Candor.Web.Providers.Speech;
using Candor.Web.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Providers.Speech;

/// <summary>Speech calls land in ai_usage (migration 0016) and in GET /api/v1/interviews/{id}/ai-usage, like LLM calls.</summary>
public sealed class SpeechUsageApiTests : IAsyncLifetime
{
    private readonly CandorApp _app = new();

    public Task InitializeAsync() => _app.InitializeAsync();

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task Offline_speech_calls_of_an_interview_are_listed_with_audio_seconds_and_voice()
    {
        var tenant = await _app.CreateTenantAsync();
        var interview = await new InterviewDriver(_app, tenant).ScheduleNewAsync();
        var engines = await _app.Services.GetRequiredService<ISpeechProviders>().ForInterviewAsync(tenant.OrganizationId, interview.InterviewId);

        var transcript = await engines.SpeechToText!.TranscribeAsync(new SpeechToTextRequest(await SpeechSamples.SpokenAsync("webm"), "audio/webm"));
        var audio = await engines.TextToSpeech!.SynthesizeAsync(new SpeechRequest("Thank you. What would you measure first?", engines.Format));
        await SpeechSamples.ReadAllAsync(audio);

        transcript.IsEmpty.ShouldBeFalse();
        var usage = await (await tenant.Client.GetAsync($"/api/v1/interviews/{interview.InterviewId}/ai-usage")).Json();
        var calls = usage["calls"]!.AsArray().Where(c => c!["role"]!.GetValue<string>() is "speech_to_text" or "text_to_speech").ToList();
        calls.Count.ShouldBe(2);
        calls[0]!["role"]!.GetValue<string>().ShouldBe("speech_to_text");
        calls[0]!["provider"]!.GetValue<string>().ShouldBe("pocketsphinx");
        calls[0]!["model"]!.GetValue<string>().ShouldBe("en-us");
        calls[0]!["audio_seconds"]!.GetValue<decimal>().ShouldBeInRange(3m, 6m);
        calls[0]!["succeeded"]!.GetValue<bool>().ShouldBeTrue();
        calls[1]!["role"]!.GetValue<string>().ShouldBe("text_to_speech");
        calls[1]!["provider"]!.GetValue<string>().ShouldBe("festival");
        calls[1]!["voice"]!.GetValue<string>().ShouldBe("cmu_us_slt_arctic_hts");
        calls[1]!["audio_seconds"]!.GetValue<decimal>().ShouldBeGreaterThan(1m);
        calls[1]!["cost_usd"]!.GetValue<decimal>().ShouldBe(0m);
    }
}
