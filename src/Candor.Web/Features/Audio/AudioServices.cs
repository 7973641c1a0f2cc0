using Candor.Web.Features.Sessions;
using Candor.Web.Infrastructure.Blobs;

namespace Candor.Web.Features.Audio;

public static class AudioServices
{
    /// <summary>Voice interviews' server side: the blob store, signed audio links, the interviewer's audio, spoken answers.</summary>
    public static IServiceCollection AddVoice(this IServiceCollection services)
    {
        services.AddBlobStore();
        services.AddOptions<VoiceOptions>().BindConfiguration(VoiceOptions.Section);
        services.AddSingleton<AudioUrls>();
        services.AddSingleton<VoiceMetrics>();
        services.AddScoped<PromptAudio>();
        services.AddScoped<TurnAudioLinks>();
        services.AddScoped<AnswerReplies>();
        services.AddScoped<SpokenAnswers>();
        return services;
    }
}
