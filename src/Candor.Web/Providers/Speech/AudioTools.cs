using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using Candor.Engine.Speech;

namespace Candor.Web.Providers.Speech;

/// <summary>A checked upload and the same audio as 16 kHz mono 16-bit PCM wav, ready for the offline recognisers.</summary>
public sealed record DecodedAudio(AudioProbe Probe, byte[] RecognizerWav);

/// <summary>What a recording turned out to be once decoded.</summary>
/// <param name="Container">webm, ogg, wav, mp3 or m4a.</param>
/// <param name="Codec">As ffmpeg names it: opus, vorbis, pcm_s16le, mp3, aac…</param>
/// <param name="MaxVolumeDb">Loudest sample in dBFS (0 is full scale; digital silence is about −91).</param>
public sealed record AudioProbe(string Container, string Codec, TimeSpan Duration, int SampleRate, int Channels, double MaxVolumeDb)
{
    /// <summary>The MIME type to store and serve the recording as.</summary>
    public string ContentType => Container switch
    {
        "webm" => "audio/webm",
        "ogg" => "audio/ogg",
        "wav" => "audio/wav",
        "mp3" => "audio/mpeg",
        _ => "audio/mp4",
    };
}

/// <param name="MaxDuration">Longer recordings are refused as <see cref="BadAudioReason.TooLong"/>.</param>
/// <param name="SilenceThresholdDb">A recording whose loudest sample stays below this is <see cref="BadAudioReason.Silent"/>.</param>
/// <param name="Timeout">Per tool run; conversion of the longest allowed clip takes well under a second here.</param>
public sealed record AudioToolsSettings(TimeSpan MaxDuration, double SilenceThresholdDb, TimeSpan Timeout, string FfmpegPath = "ffmpeg")
{
    public static readonly AudioToolsSettings Default = new(TimeSpan.FromMinutes(10), -50, TimeSpan.FromSeconds(60));
}

/// <summary>
/// ffmpeg for speech: checks an upload is usable audio while converting it to what pocketsphinx and Whisper need
/// (16 kHz mono 16-bit wav, one run for both) and encodes synthesised wav as mp3 or ogg. Uploads are written to a private scratch
/// folder first because m4a keeps its index at the end of the file, which a pipe cannot seek to.
/// </summary>
public sealed partial class AudioTools(AudioToolsSettings settings)
{
    /// <summary>ffmpeg's format names for the containers browsers and phones record in, and ours for them.</summary>
    private static readonly Dictionary<string, string> Containers = new(StringComparer.Ordinal)
    {
        ["matroska,webm"] = "webm",
        ["ogg"] = "ogg",
        ["wav"] = "wav",
        ["mp3"] = "mp3",
        ["mov,mp4,m4a,3gp,3g2,mj2"] = "m4a",
    };

    public AudioToolsSettings Settings => settings;

    /// <summary>
    /// Checks an upload is usable audio and returns what it is; see <see cref="DecodeAsync"/>, which this runs.
    /// </summary>
    public async Task<AudioProbe> ProbeAsync(ReadOnlyMemory<byte> audio, CancellationToken cancellationToken = default) =>
        (await DecodeAsync(audio, cancellationToken)).Probe;

    /// <summary>
    /// Decodes the whole recording in one ffmpeg run, straight to 16 kHz mono 16-bit PCM (what pocketsphinx and Whisper
    /// read): ffmpeg's own report of the input names the container and codec, and the decoded samples give the duration
    /// and the loudest sample without a second pass. Throws <see cref="BadAudioException"/>: empty, silent, corrupt,
    /// unsupported_format or too_long; <see cref="SpeechToolException"/> when ffmpeg itself is missing or stuck.
    /// One process instead of ffprobe + a volumedetect pass + a conversion pass: each start of ffmpeg costs tens of
    /// milliseconds here, which was most of Candor's own time per voice turn.
    /// </summary>
    public async Task<DecodedAudio> DecodeAsync(ReadOnlyMemory<byte> audio, CancellationToken cancellationToken = default)
    {
        if (audio.IsEmpty)
        {
            throw new BadAudioException(BadAudioReason.Empty, "The recording is empty.");
        }
        using var scratch = ScratchFolder.Create();
        var input = await scratch.WriteAsync("upload", audio, cancellationToken);
        // -t stops decoding a little past the limit: an over-long upload costs no more than the longest allowed one.
        var limit = (settings.MaxDuration + TimeSpan.FromSeconds(1)).TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture);
        var decode = await ExternalProcess.RunAsync(settings.FfmpegPath,
            ["-hide_banner", "-nostats", "-nostdin", "-v", "info", "-i", input, "-map", "0:a:0", "-t", limit,
             "-ar", RecognizerSampleRate.ToString(CultureInfo.InvariantCulture), "-ac", "1", "-c:a", "pcm_s16le", "-f", "s16le", "pipe:1"],
            ReadOnlyMemory<byte>.Empty, settings.Timeout, cancellationToken);

        var formatName = InputFormatPattern().Match(decode.StandardError) is { Success: true } format ? format.Groups[1].Value : null;
        if (formatName is null)
        {
            throw Unreadable(audio.Span, ExternalProcess.LastLine(decode.StandardError));
        }
        if (!Containers.TryGetValue(formatName, out var container))
        {
            throw new BadAudioException(BadAudioReason.UnsupportedFormat,
                $"Audio in '{formatName}' format is not supported; send webm/opus, ogg, wav, mp3 or m4a.");
        }
        var stream = AudioStreamPattern().Match(decode.StandardError);
        if (!stream.Success)
        {
            throw new BadAudioException(BadAudioReason.UnsupportedFormat, "The file has no audio stream.");
        }
        var pcm = decode.StandardOutput;
        if (decode.ExitCode != 0 && pcm.Length == 0)
        {
            throw new BadAudioException(BadAudioReason.Corrupt, $"The recording could not be decoded ({ExternalProcess.LastLine(decode.StandardError)}).");
        }
        var samples = pcm.Length / 2;
        if (samples == 0)
        {
            throw new BadAudioException(BadAudioReason.Empty, "The recording contains no sound.");
        }
        var duration = TimeSpan.FromSeconds(samples / (double)RecognizerSampleRate);
        if (duration > settings.MaxDuration)
        {
            throw TooLong(duration);
        }
        var maxVolume = PeakDb(pcm);
        if (maxVolume < settings.SilenceThresholdDb)
        {
            throw new BadAudioException(BadAudioReason.Silent,
                $"The recording is silent (loudest {maxVolume:0.#} dB); is the microphone muted?");
        }
        var probe = new AudioProbe(container, stream.Groups["codec"].Value, duration,
            int.Parse(stream.Groups["rate"].Value, CultureInfo.InvariantCulture), Channels(stream.Groups["layout"].Value), maxVolume);
        return new DecodedAudio(probe, WrapPcm(pcm, RecognizerSampleRate));
    }

    /// <summary>What pocketsphinx and Whisper read: 16 kHz mono signed 16-bit PCM.</summary>
    public const int RecognizerSampleRate = 16000;

    /// <summary>Any supported recording → 16 kHz mono signed 16-bit PCM wav, what pocketsphinx and Whisper read.</summary>
    public async Task<byte[]> ToRecognizerWavAsync(ReadOnlyMemory<byte> audio, CancellationToken cancellationToken = default)
    {
        if (audio.IsEmpty)
        {
            throw new BadAudioException(BadAudioReason.Empty, "The recording is empty.");
        }
        if (IsRecognizerWav(audio.Span))
        {
            return audio.ToArray(); // Already what the recogniser reads (decoded before it was stored): no tool run.
        }
        using var scratch = ScratchFolder.Create();
        var input = await scratch.WriteAsync("upload", audio, cancellationToken);
        var output = scratch.File("recognizer.wav");
        var result = await ExternalProcess.RunAsync(settings.FfmpegPath,
            ["-hide_banner", "-nostats", "-nostdin", "-v", "error", "-i", input, "-map", "0:a:0", "-ar", "16000", "-ac", "1", "-c:a", "pcm_s16le", "-f", "wav", output],
            ReadOnlyMemory<byte>.Empty, settings.Timeout, cancellationToken);
        if (result.ExitCode != 0 || !File.Exists(output))
        {
            throw Unreadable(audio.Span, ExternalProcess.LastLine(result.StandardError));
        }
        return await File.ReadAllBytesAsync(output, cancellationToken);
    }

    /// <summary>True for a PCM wav that is already 16 kHz, mono, 16-bit: read from its header, in process.</summary>
    public static bool IsRecognizerWav(ReadOnlySpan<byte> wav) =>
        ReadWavFormat(wav) is { FormatTag: 1, Channels: 1, SampleRate: RecognizerSampleRate, BitsPerSample: 16 };

    /// <summary>Raw little-endian 16-bit mono samples with a canonical 44-byte wav header in front.</summary>
    public static byte[] WrapPcm(ReadOnlySpan<byte> pcm, int sampleRate)
    {
        var wav = new byte[44 + pcm.Length];
        var span = wav.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + pcm.Length);
        "WAVEfmt "u8.CopyTo(span[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 2);
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], pcm.Length);
        pcm.CopyTo(span[44..]);
        return wav;
    }

    /// <summary>The loudest 16-bit sample in dBFS (0 is full scale; digital silence is −∞).</summary>
    internal static double PeakDb(ReadOnlySpan<byte> pcm)
    {
        var peak = 0;
        for (var i = 0; i + 1 < pcm.Length; i += 2)
        {
            var sample = Math.Abs((int)BinaryPrimitives.ReadInt16LittleEndian(pcm[i..]));
            if (sample > peak)
            {
                peak = sample;
            }
        }
        return peak == 0 ? double.NegativeInfinity : 20 * Math.Log10(peak / 32768.0);
    }

    private static int Channels(string layout) => layout switch
    {
        "mono" => 1,
        "stereo" => 2,
        _ when layout.Split(' ')[0] is var count && int.TryParse(count, CultureInfo.InvariantCulture, out var n) => n,
        _ when layout.Split('.') is [var front, var lfe] && int.TryParse(front, CultureInfo.InvariantCulture, out var f)
            && int.TryParse(lfe.Split('(')[0], CultureInfo.InvariantCulture, out var l) => f + l,
        _ => 0,
    };

    /// <summary>
    /// Synthesised audio (wav, or a provider's mp3) → the format the interviewer's audio is served in: mp3
    /// (libmp3lame), ogg (Opus, which every current browser plays; Debian's ffmpeg has libopus) or 16-bit wav.
    /// </summary>
    public async Task<byte[]> EncodeAsync(ReadOnlyMemory<byte> audio, SpeechAudioFormat format, CancellationToken cancellationToken = default)
    {
        if (format == SpeechAudioFormat.Wav && audio.Length >= 4 && audio.Span[..4].SequenceEqual("RIFF"u8))
        {
            return audio.ToArray();
        }
        string[] codec = format switch
        {
            SpeechAudioFormat.Mp3 => ["-c:a", "libmp3lame", "-q:a", "4", "-f", "mp3"],
            SpeechAudioFormat.Ogg => ["-c:a", "libopus", "-b:a", "32k", "-f", "ogg"],
            _ => ["-c:a", "pcm_s16le", "-f", "wav"],
        };
        var result = await ExternalProcess.RunAsync(settings.FfmpegPath,
            ["-hide_banner", "-nostats", "-v", "error", "-i", "pipe:0", .. codec, "pipe:1"],
            audio, settings.Timeout, cancellationToken);
        result.EnsureSuccess("ffmpeg");
        if (result.StandardOutput.Length == 0)
        {
            throw new SpeechToolException("ffmpeg", $"produced no {format.Extension()} output");
        }
        return result.StandardOutput;
    }

    /// <summary>Duration of a PCM wav from its header, without a tool run (festival and flite write plain PCM).</summary>
    public static TimeSpan? WavDuration(ReadOnlySpan<byte> wav)
    {
        if (wav.Length < 44 || !wav[..4].SequenceEqual("RIFF"u8) || !wav.Slice(8, 4).SequenceEqual("WAVE"u8))
        {
            return null;
        }
        var position = 12;
        var byteRate = 0;
        while (position + 8 <= wav.Length)
        {
            var id = wav.Slice(position, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(wav.Slice(position + 4, 4));
            if (id.SequenceEqual("fmt "u8) && position + 16 <= wav.Length)
            {
                byteRate = BinaryPrimitives.ReadInt32LittleEndian(wav.Slice(position + 16, 4));
            }
            else if (id.SequenceEqual("data"u8) && byteRate > 0)
            {
                // A wav written to a pipe has no size yet (0 or -1): count what is there.
                var dataBytes = size <= 0 || position + 8 + size > wav.Length ? wav.Length - position - 8 : size;
                return TimeSpan.FromSeconds(dataBytes / (double)byteRate);
            }
            if (size < 0)
            {
                return null;
            }
            position += 8 + size + (size & 1);
        }
        return null;
    }

    /// <summary>
    /// ffmpeg could not read the file: corrupt when it starts like a container we accept (the recording broke),
    /// unsupported when it does not (someone sent a PDF, a PNG or random bytes).
    /// </summary>
    private static BadAudioException Unreadable(ReadOnlySpan<byte> audio, string detail) =>
        LooksLikeSupportedContainer(audio)
            ? new BadAudioException(BadAudioReason.Corrupt, $"The recording is damaged and could not be decoded ({detail}).")
            : new BadAudioException(BadAudioReason.UnsupportedFormat, "This is not audio in a supported format; send webm/opus, ogg, wav, mp3 or m4a.");

    internal static bool LooksLikeSupportedContainer(ReadOnlySpan<byte> head) =>
        (head.Length >= 12 && head[..4].SequenceEqual("RIFF"u8) && head.Slice(8, 4).SequenceEqual("WAVE"u8))
        || (head.Length >= 4 && head[..4].SequenceEqual("OggS"u8))
        || (head.Length >= 4 && head[..4].SequenceEqual((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3])) // EBML: webm/matroska
        || (head.Length >= 3 && head[..3].SequenceEqual("ID3"u8))
        || (head.Length >= 2 && head[0] == 0xFF && (head[1] & 0xE0) == 0xE0) // MPEG audio frame sync
        || (head.Length >= 8 && head.Slice(4, 4).SequenceEqual("ftyp"u8)); // mp4/m4a

    private BadAudioException TooLong(TimeSpan duration) =>
        new(BadAudioReason.TooLong, $"The recording lasts {duration.TotalSeconds:0} s; the limit is {settings.MaxDuration.TotalSeconds:0} s.");

    private sealed record WavFormat(int FormatTag, int Channels, int SampleRate, int BitsPerSample);

    private static WavFormat? ReadWavFormat(ReadOnlySpan<byte> wav)
    {
        if (wav.Length < 36 || !wav[..4].SequenceEqual("RIFF"u8) || !wav.Slice(8, 4).SequenceEqual("WAVE"u8)
            || !wav.Slice(12, 4).SequenceEqual("fmt "u8))
        {
            return null;
        }
        return new WavFormat(BinaryPrimitives.ReadInt16LittleEndian(wav[20..]), BinaryPrimitives.ReadInt16LittleEndian(wav[22..]),
            BinaryPrimitives.ReadInt32LittleEndian(wav[24..]), BinaryPrimitives.ReadInt16LittleEndian(wav[34..]));
    }

    // ffmpeg's report of its input: "Input #0, matroska,webm, from '…':" and "  Stream #0:0: Audio: opus, 48000 Hz, mono, fltp".
    [GeneratedRegex(@"^Input #0, (.+?), from '", RegexOptions.Multiline)]
    private static partial Regex InputFormatPattern();

    [GeneratedRegex(@"^\s*Stream #0:\d+\S*: Audio: (?<codec>\w+)[^,\n]*, (?<rate>\d+) Hz, (?<layout>[^,\n]+)", RegexOptions.Multiline)]
    private static partial Regex AudioStreamPattern();
}
