using System.Diagnostics;
using Candor.Engine.Speech;
using Candor.Web.Infrastructure;
using Candor.Web.Providers.Speech;

namespace Candor.Web.Features.Audio;

/// <summary>A recording accepted for speech-to-text: its bytes, what one ffmpeg run made of it, and how long that run took.</summary>
public sealed record SpokenUpload(ISpeechToText SpeechToText, byte[] Audio, DecodedAudio Decoded, TimeSpan DecodeTime)
{
    /// <summary>
    /// The checks every spoken upload passes before anything is written, in this order: speech-to-text on (400
    /// <c>speech_to_text_off</c>, so the person types), the size limit (413 <c>audio_too_large</c>), and decoding (400
    /// <c>bad_audio</c> for an empty, silent, corrupt or unsupported recording). <paramref name="noun"/> is what the
    /// person was recording ("answer", "message"), for messages they read as they are.
    /// </summary>
    public static async Task<SpokenUpload> AcceptAsync(IFormFile file, SpeechEngines engines, AudioTools audioTools, string noun, CancellationToken cancellationToken)
    {
        if (engines.SpeechToText is not { } speechToText)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, $"Spoken {noun}s unavailable",
                $"Spoken {noun}s cannot be understood right now (speech-to-text is turned off): please type your {noun} instead.", "speech_to_text_off");
        }
        if (file.Length > engines.MaxAudioBytes)
        {
            throw new ApiProblemException(StatusCodes.Status413PayloadTooLarge, "Recording too large",
                $"The recording is {file.Length:N0} bytes; the limit is {engines.MaxAudioBytes:N0}. Record a shorter {noun}, or type it.", "audio_too_large");
        }

        byte[] audio;
        await using (var upload = file.OpenReadStream())
        {
            using var buffer = new MemoryStream((int)file.Length);
            await upload.CopyToAsync(buffer, cancellationToken);
            audio = buffer.ToArray();
        }
        var decoding = Stopwatch.GetTimestamp();
        try
        {
            var decoded = await audioTools.DecodeAsync(audio, cancellationToken);
            return new SpokenUpload(speechToText, audio, decoded, Stopwatch.GetElapsedTime(decoding));
        }
        catch (BadAudioException bad)
        {
            throw new ApiProblemException(StatusCodes.Status400BadRequest, "Unusable recording",
                $"{bad.Message} Please try again, or type your {noun}.", "bad_audio")
            {
                Extensions = { ["reason"] = bad.Code },
            };
        }
    }
}
