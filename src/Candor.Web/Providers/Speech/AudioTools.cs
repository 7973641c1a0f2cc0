using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using Candor.Engine.Speech;

namespace Candor.Web.Providers.Speech;

/// <summary>What a recording turned out to be once decoded.</summary>
/// <param name="Container">webm, ogg, wav, mp3 or m4a.</param>
/// <param name="Codec">As ffprobe names it: opus, vorbis, pcm_s16le, mp3, aac…</param>
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
public sealed record AudioToolsSettings(TimeSpan MaxDuration, double SilenceThresholdDb, TimeSpan Timeout, string FfmpegPath = "ffmpeg", string FfprobePath = "ffprobe")
{
    public static readonly AudioToolsSettings Default = new(TimeSpan.FromMinutes(10), -50, TimeSpan.FromSeconds(60));
}

/// <summary>
/// ffprobe/ffmpeg for speech: checks an upload is usable audio, converts it to what pocketsphinx and Whisper need
/// (16 kHz mono 16-bit wav) and encodes synthesised wav as mp3 or ogg. Uploads are written to a private scratch
/// folder first because m4a keeps its index at the end of the file, which a pipe cannot seek to.
/// </summary>
public sealed partial class AudioTools(AudioToolsSettings settings)
{
    /// <summary>ffprobe's format names for the containers browsers and phones record in, and ours for them.</summary>
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
    /// Decodes the whole recording once (ffprobe for the container, then ffmpeg's volumedetect over every sample)
    /// and returns what it is, or throws <see cref="BadAudioException"/>: empty, silent, corrupt, unsupported_format
    /// or too_long. Throws <see cref="SpeechToolException"/> when ffmpeg itself is missing or stuck.
    /// </summary>
    public async Task<AudioProbe> ProbeAsync(ReadOnlyMemory<byte> audio, CancellationToken cancellationToken = default)
    {
        if (audio.IsEmpty)
        {
            throw new BadAudioException(BadAudioReason.Empty, "The recording is empty.");
        }
        using var scratch = ScratchFolder.Create();
        var input = await scratch.WriteAsync("upload", audio, cancellationToken);

        var probe = await ExternalProcess.RunAsync(settings.FfprobePath,
            ["-v", "error", "-print_format", "json", "-show_entries", "format=format_name,duration:stream=codec_type,codec_name,sample_rate,channels", input],
            ReadOnlyMemory<byte>.Empty, settings.Timeout, cancellationToken);
        if (probe.ExitCode != 0)
        {
            throw Unreadable(audio.Span, ExternalProcess.LastLine(probe.StandardError));
        }
        var (formatName, containerDuration, stream) = ParseProbe(probe.OutputText);
        if (!Containers.TryGetValue(formatName, out var container))
        {
            throw new BadAudioException(BadAudioReason.UnsupportedFormat,
                $"Audio in '{formatName}' format is not supported; send webm/opus, ogg, wav, mp3 or m4a.");
        }
        if (stream is null)
        {
            throw new BadAudioException(BadAudioReason.UnsupportedFormat, "The file has no audio stream.");
        }
        if (containerDuration > settings.MaxDuration)
        {
            throw TooLong(containerDuration.Value);
        }

        var decode = await ExternalProcess.RunAsync(settings.FfmpegPath,
            ["-hide_banner", "-nostats", "-v", "info", "-i", input, "-map", "0:a:0", "-af", "volumedetect", "-f", "null", "-"],
            ReadOnlyMemory<byte>.Empty, settings.Timeout, cancellationToken);
        var samples = Match(SamplesPattern(), decode.StandardError);
        var maxVolume = Match(MaxVolumePattern(), decode.StandardError);
        if (decode.ExitCode != 0 && samples is null)
        {
            throw new BadAudioException(BadAudioReason.Corrupt, $"The recording could not be decoded ({ExternalProcess.LastLine(decode.StandardError)}).");
        }
        if (samples is null or 0 || stream.SampleRate <= 0 || maxVolume is null)
        {
            throw new BadAudioException(BadAudioReason.Empty, "The recording contains no sound.");
        }
        // volumedetect counts samples over all channels before any resampling; browsers' webm often has no duration.
        var duration = TimeSpan.FromSeconds(samples.Value / (stream.SampleRate * (double)Math.Max(1, stream.Channels)));
        if (duration > settings.MaxDuration)
        {
            throw TooLong(duration);
        }
        if (maxVolume < settings.SilenceThresholdDb)
        {
            throw new BadAudioException(BadAudioReason.Silent,
                $"The recording is silent (loudest {maxVolume:0.#} dB); is the microphone muted?");
        }
        return new AudioProbe(container, stream.Codec, duration, stream.SampleRate, stream.Channels, maxVolume.Value);
    }

    /// <summary>Any supported recording → 16 kHz mono signed 16-bit PCM wav, what pocketsphinx and Whisper read.</summary>
    public async Task<byte[]> ToRecognizerWavAsync(ReadOnlyMemory<byte> audio, CancellationToken cancellationToken = default)
    {
        if (audio.IsEmpty)
        {
            throw new BadAudioException(BadAudioReason.Empty, "The recording is empty.");
        }
        using var scratch = ScratchFolder.Create();
        var input = await scratch.WriteAsync("upload", audio, cancellationToken);
        var output = scratch.File("recognizer.wav");
        var result = await ExternalProcess.RunAsync(settings.FfmpegPath,
            ["-hide_banner", "-nostats", "-v", "error", "-i", input, "-map", "0:a:0", "-ar", "16000", "-ac", "1", "-c:a", "pcm_s16le", "-f", "wav", output],
            ReadOnlyMemory<byte>.Empty, settings.Timeout, cancellationToken);
        if (result.ExitCode != 0 || !File.Exists(output))
        {
            throw Unreadable(audio.Span, ExternalProcess.LastLine(result.StandardError));
        }
        return await File.ReadAllBytesAsync(output, cancellationToken);
    }

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

    private sealed record ProbedStream(string Codec, int SampleRate, int Channels);

    private static (string FormatName, TimeSpan? Duration, ProbedStream? Audio) ParseProbe(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var format = root.TryGetProperty("format", out var f) ? f : default;
        var formatName = format.ValueKind == JsonValueKind.Object && format.TryGetProperty("format_name", out var name) ? name.GetString() ?? "" : "";
        TimeSpan? duration = format.ValueKind == JsonValueKind.Object && format.TryGetProperty("duration", out var d)
            && double.TryParse(d.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? TimeSpan.FromSeconds(seconds) : null;
        ProbedStream? audio = null;
        if (root.TryGetProperty("streams", out var streams))
        {
            foreach (var stream in streams.EnumerateArray())
            {
                if (stream.TryGetProperty("codec_type", out var type) && type.GetString() == "audio")
                {
                    var rate = stream.TryGetProperty("sample_rate", out var r) && int.TryParse(r.GetString(), CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
                    var channels = stream.TryGetProperty("channels", out var c) && c.TryGetInt32(out var count) ? count : 1;
                    audio = new ProbedStream(stream.TryGetProperty("codec_name", out var codec) ? codec.GetString() ?? "unknown" : "unknown", rate, channels);
                    break;
                }
            }
        }
        return (formatName, duration, audio);
    }

    private static double? Match(Regex pattern, string text) => pattern.Match(text) switch
    {
        { Success: false } => null,
        { Groups: var groups } when groups[1].Value == "-inf" => double.NegativeInfinity,
        { Groups: var groups } => double.TryParse(groups[1].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null,
    };

    [GeneratedRegex(@"n_samples: (\d+)")]
    private static partial Regex SamplesPattern();

    [GeneratedRegex(@"max_volume: (-?[\d.]+|-inf) dB")]
    private static partial Regex MaxVolumePattern();
}
