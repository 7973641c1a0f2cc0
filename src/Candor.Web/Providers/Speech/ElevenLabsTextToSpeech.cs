using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using Candor.Engine.Speech;

namespace Candor.Web.Providers.Speech;

/// <summary>
/// ElevenLabs streaming text-to-speech: <c>POST {base}/v1/text-to-speech/{voice_id}/stream?output_format=mp3_44100_128</c>
/// with <c>{"text", "model_id"}</c> and the <c>xi-api-key</c> header; mp3 arrives as it is synthesised. ElevenLabs has no
/// Ogg output, so for ogg its mp3 is transcoded with ffmpeg once complete (the first byte then waits for the last).
/// </summary>
internal sealed class ElevenLabsTextToSpeech(HttpClient http, SpeechEndpoint endpoint, AudioTools tools, TimeProvider clock) : ITextToSpeech
{
    private const string Provider = "elevenlabs";

    public async Task<SpeechAudio> SynthesizeAsync(SpeechRequest request, CancellationToken cancellationToken = default)
    {
        var voice = request.Voice ?? endpoint.Voice!;
        var url = new Uri($"{endpoint.BaseUrl!.ToString().TrimEnd('/')}/v1/text-to-speech/{Uri.EscapeDataString(voice)}/stream?output_format=mp3_44100_128");
        HttpResponseMessage response;
        using (var message = new HttpRequestMessage(HttpMethod.Post, url) { Content = JsonContent.Create(new { text = request.Text, model_id = endpoint.Model }) })
        {
            if (endpoint.ApiKey is { } key)
            {
                message.Headers.TryAddWithoutValidation("xi-api-key", key);
            }
            response = await SpeechHttp.SendAsync(http, message, Provider, endpoint.ApiKey, clock, cancellationToken);
        }
        SpeechHttp.EnsureAudio(response, Provider);
        var mp3 = SpeechHttp.StreamBodyAsync(response, Provider, endpoint.Resilience.Timeout, CancellationToken.None);
        var chunks = request.Format == SpeechAudioFormat.Mp3 ? mp3 : TranscodeAsync(mp3, request.Format, CancellationToken.None);
        return new SpeechAudio(request.Format, chunks, new SpeechProvenance(Provider, voice));
    }

    private async IAsyncEnumerable<ReadOnlyMemory<byte>> TranscodeAsync(IAsyncEnumerable<ReadOnlyMemory<byte>> mp3, SpeechAudioFormat format,
        [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var whole = new MemoryStream();
        await foreach (var chunk in mp3.WithCancellation(cancellationToken))
        {
            whole.Write(chunk.Span);
        }
        yield return await tools.EncodeAsync(whole.ToArray(), format, cancellationToken);
    }
}
