using Candor.Engine.Speech;
using Candor.Web.Providers.Speech;

namespace Candor.Web.Tests.Providers.Speech;

/// <summary>
/// Real recordings for the speech tests, made once per run with the offline tools the app itself uses: festival
/// speaks a known script, ffmpeg turns it into what browsers and phones upload (webm/opus, ogg, mp3, m4a).
/// </summary>
public static class SpeechSamples
{
    public const string Script = "I would add an index on the customer id column to speed up the query.";

    private static readonly AudioTools Tools = new(AudioToolsSettings.Default);
    private static readonly SemaphoreSlim Gate = new(1, 1);
    private static byte[]? _spoken;

    /// <summary>The script spoken by festival's slt voice, as a 16-bit wav.</summary>
    public static async Task<byte[]> SpokenWavAsync()
    {
        await Gate.WaitAsync();
        try
        {
            if (_spoken is null)
            {
                var audio = await new FestivalTextToSpeech(Tools).SynthesizeAsync(new SpeechRequest(Script, SpeechAudioFormat.Wav));
                _spoken = await ReadAllAsync(audio);
            }
            return _spoken;
        }
        finally
        {
            Gate.Release();
        }
    }

    /// <summary>The spoken script in another container, as a browser (webm/opus) or a phone (m4a) would send it.</summary>
    public static async Task<byte[]> SpokenAsync(string container) => await ConvertAsync(await SpokenWavAsync(), container);

    /// <summary>Two seconds of digital silence, as a muted microphone records it.</summary>
    public static Task<byte[]> SilenceAsync(string container = "wav") =>
        FfmpegAsync(["-f", "lavfi", "-i", "anullsrc=r=48000:cl=mono", "-t", "2"], container);

    public static async Task<byte[]> ConvertAsync(byte[] wav, string container)
    {
        using var scratch = ScratchFolder.Create();
        var input = await scratch.WriteAsync("in.wav", wav, CancellationToken.None);
        return await FfmpegAsync(["-i", input], container);
    }

    public static async Task<byte[]> ReadAllAsync(SpeechAudio audio)
    {
        using var buffer = new MemoryStream();
        await foreach (var chunk in audio.Chunks)
        {
            buffer.Write(chunk.Span);
        }
        return buffer.ToArray();
    }

    /// <summary>Word error rate: word-level edit distance over the reference's length, case and punctuation ignored.</summary>
    public static double WordErrorRate(string reference, string hypothesis)
    {
        static string[] Words(string text) => new string([.. text.ToLowerInvariant().Select(c => char.IsLetterOrDigit(c) || c == '\'' ? c : ' ')])
            .Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var expected = Words(reference);
        var heard = Words(hypothesis);
        var distance = new int[expected.Length + 1, heard.Length + 1];
        for (var i = 0; i <= expected.Length; i++)
        {
            distance[i, 0] = i;
        }
        for (var j = 0; j <= heard.Length; j++)
        {
            distance[0, j] = j;
        }
        for (var i = 1; i <= expected.Length; i++)
        {
            for (var j = 1; j <= heard.Length; j++)
            {
                var substitution = distance[i - 1, j - 1] + (expected[i - 1] == heard[j - 1] ? 0 : 1);
                distance[i, j] = Math.Min(substitution, Math.Min(distance[i - 1, j] + 1, distance[i, j - 1] + 1));
            }
        }
        return expected.Length == 0 ? heard.Length : distance[expected.Length, heard.Length] / (double)expected.Length;
    }

    private static async Task<byte[]> FfmpegAsync(string[] input, string container)
    {
        string[] codec = container switch
        {
            "webm" => ["-c:a", "libopus", "-b:a", "32k", "-f", "webm"],
            "ogg" => ["-c:a", "libopus", "-f", "ogg"],
            "mp3" => ["-c:a", "libmp3lame", "-f", "mp3"],
            "m4a" => ["-c:a", "aac", "-f", "mp4"],
            _ => ["-c:a", "pcm_s16le", "-f", "wav"],
        };
        using var scratch = ScratchFolder.Create();
        var output = scratch.File("out." + container);
        var result = await ExternalProcess.RunAsync("ffmpeg", ["-hide_banner", "-v", "error", .. input, .. codec, output],
            ReadOnlyMemory<byte>.Empty, TimeSpan.FromSeconds(60), CancellationToken.None);
        result.EnsureSuccess("ffmpeg");
        return await File.ReadAllBytesAsync(output);
    }
}
