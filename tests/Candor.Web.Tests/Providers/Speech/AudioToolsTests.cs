using System.Buffers.Binary;
using Candor.Engine.Speech;
using Candor.Web.Providers.Speech;

namespace Candor.Web.Tests.Providers.Speech;

/// <summary>ffmpeg on real recordings in every upload format, and on every kind of bad audio.</summary>
public sealed class AudioToolsTests
{
    private readonly AudioTools _tools = new(AudioToolsSettings.Default);

    [Theory]
    [InlineData("webm", "webm", "opus", "audio/webm")]
    [InlineData("ogg", "ogg", "opus", "audio/ogg")]
    [InlineData("wav", "wav", "pcm_s16le", "audio/wav")]
    [InlineData("mp3", "mp3", "mp3", "audio/mpeg")]
    [InlineData("m4a", "m4a", "aac", "audio/mp4")]
    public async Task Probes_every_supported_upload_format(string made, string container, string codec, string contentType)
    {
        var audio = await SpeechSamples.SpokenAsync(made);

        var probe = await _tools.ProbeAsync(audio);

        probe.Container.ShouldBe(container);
        probe.Codec.ShouldBe(codec);
        probe.ContentType.ShouldBe(contentType);
        // festival's clip of the script lasts about four seconds; encoders pad a few milliseconds.
        probe.Duration.TotalSeconds.ShouldBeInRange(3.0, 6.0);
        probe.MaxVolumeDb.ShouldBeGreaterThan(-30);
    }

    [Fact]
    public async Task Empty_upload_is_refused_as_empty()
    {
        var error = await Should.ThrowAsync<BadAudioException>(() => _tools.ProbeAsync(ReadOnlyMemory<byte>.Empty));
        error.Reason.ShouldBe(BadAudioReason.Empty);
        error.Code.ShouldBe("empty");
    }

    [Fact]
    public async Task A_container_without_samples_is_refused_as_empty()
    {
        // A wav header announcing audio but carrying none, as a recorder stopped at once writes it.
        var wav = await SpeechSamples.SpokenWavAsync();
        var headerOnly = wav[..44];
        BinaryPrimitives.WriteInt32LittleEndian(headerOnly.AsSpan(40, 4), 0);

        var error = await Should.ThrowAsync<BadAudioException>(() => _tools.ProbeAsync(headerOnly));
        error.Reason.ShouldBe(BadAudioReason.Empty);
    }

    [Theory]
    [InlineData("wav")]
    [InlineData("webm")]
    public async Task Silence_is_refused_as_silent(string container)
    {
        var silence = await SpeechSamples.SilenceAsync(container);

        var error = await Should.ThrowAsync<BadAudioException>(() => _tools.ProbeAsync(silence));
        error.Reason.ShouldBe(BadAudioReason.Silent);
        error.Code.ShouldBe("silent");
    }

    [Fact]
    public async Task A_damaged_recording_is_refused_as_corrupt()
    {
        // The start of a real webm followed by garbage: what a broken upload looks like.
        var webm = await SpeechSamples.SpokenAsync("webm");
        var damaged = webm[..100].Concat(Enumerable.Range(0, 5000).Select(i => (byte)(i * 37 % 251))).ToArray();

        var error = await Should.ThrowAsync<BadAudioException>(() => _tools.ProbeAsync(damaged));
        error.Reason.ShouldBe(BadAudioReason.Corrupt);
        error.Code.ShouldBe("corrupt");
    }

    [Theory]
    [InlineData("random")]
    [InlineData("pdf")]
    [InlineData("png")]
    public async Task Something_that_is_not_audio_is_refused_as_unsupported(string kind)
    {
        byte[] bytes = kind switch
        {
            "pdf" => "%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"u8.ToArray(),
            // A real (1x1) PNG: ffmpeg recognises it, and it is no audio.
            "png" => Convert.FromBase64String("iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="),
            _ => [.. Enumerable.Range(0, 4000).Select(i => (byte)(i * 7919 % 256 ^ 0x5A))],
        };

        var error = await Should.ThrowAsync<BadAudioException>(() => _tools.ProbeAsync(bytes));
        error.Reason.ShouldBe(BadAudioReason.UnsupportedFormat);
        error.Code.ShouldBe("unsupported_format");
    }

    [Fact]
    public async Task A_recording_longer_than_the_limit_is_refused_as_too_long()
    {
        var tools = new AudioTools(AudioToolsSettings.Default with { MaxDuration = TimeSpan.FromSeconds(2) });

        var error = await Should.ThrowAsync<BadAudioException>(async () => await tools.ProbeAsync(await SpeechSamples.SpokenAsync("webm")));
        error.Reason.ShouldBe(BadAudioReason.TooLong);
        error.Code.ShouldBe("too_long");
    }

    [Fact]
    public async Task Converts_a_browser_recording_to_16_kHz_mono_16_bit_wav()
    {
        var wav = await _tools.ToRecognizerWavAsync(await SpeechSamples.SpokenAsync("webm"));

        wav.AsSpan(0, 4).SequenceEqual("RIFF"u8).ShouldBeTrue();
        BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(20, 2)).ShouldBe((short)1); // PCM
        BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(22, 2)).ShouldBe((short)1); // mono
        BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24, 4)).ShouldBe(16000);
        BinaryPrimitives.ReadInt16LittleEndian(wav.AsSpan(34, 2)).ShouldBe((short)16);
        AudioTools.WavDuration(wav)!.Value.TotalSeconds.ShouldBeInRange(3.0, 6.0);
    }

    [Fact]
    public async Task One_decode_checks_a_browser_recording_and_yields_the_recognizer_wav()
    {
        var decoded = await _tools.DecodeAsync(await SpeechSamples.SpokenAsync("webm"));

        decoded.Probe.Container.ShouldBe("webm");
        AudioTools.IsRecognizerWav(decoded.RecognizerWav).ShouldBeTrue();
        AudioTools.WavDuration(decoded.RecognizerWav)!.Value.TotalSeconds.ShouldBe(decoded.Probe.Duration.TotalSeconds, 0.01);
    }

    [Fact]
    public async Task Audio_already_decoded_for_the_recognizer_is_not_converted_again()
    {
        var decoded = await _tools.DecodeAsync(await SpeechSamples.SpokenAsync("webm"));
        // No ffmpeg at all: the wav must come back from its header alone.
        var tools = new AudioTools(AudioToolsSettings.Default with { FfmpegPath = "/nonexistent/ffmpeg" });

        var wav = await tools.ToRecognizerWavAsync(decoded.RecognizerWav);

        wav.ShouldBe(decoded.RecognizerWav);
        await Should.ThrowAsync<SpeechToolException>(async () => await tools.ToRecognizerWavAsync(await SpeechSamples.SpokenWavAsync()));
    }

    [Fact]
    public async Task Conversion_of_garbage_is_a_bad_audio_error_not_a_crash()
    {
        var error = await Should.ThrowAsync<BadAudioException>(() => _tools.ToRecognizerWavAsync("not audio at all"u8.ToArray()));
        error.Reason.ShouldBe(BadAudioReason.UnsupportedFormat);
    }

    [Theory]
    [InlineData(SpeechAudioFormat.Mp3, "mp3", "mp3")]
    [InlineData(SpeechAudioFormat.Ogg, "ogg", "opus")]
    public async Task Encodes_synthesised_wav_as_mp3_or_ogg(SpeechAudioFormat format, string container, string codec)
    {
        var encoded = await _tools.EncodeAsync(await SpeechSamples.SpokenWavAsync(), format);

        var probe = await _tools.ProbeAsync(encoded);
        probe.Container.ShouldBe(container);
        probe.Codec.ShouldBe(codec);
    }

    [Fact]
    public async Task A_stuck_tool_is_killed_at_its_timeout()
    {
        // sleep stands in for a hung ffmpeg: the run must end at the deadline, not when the tool pleases.
        var error = await Should.ThrowAsync<SpeechToolException>(() =>
            ExternalProcess.RunAsync("sleep", ["30"], ReadOnlyMemory<byte>.Empty, TimeSpan.FromMilliseconds(300), CancellationToken.None));
        error.Message.ShouldContain("did not finish");
    }

    [Fact]
    public async Task A_missing_tool_says_it_is_not_installed()
    {
        var tools = new AudioTools(AudioToolsSettings.Default with { FfmpegPath = "/nonexistent/ffmpeg" });

        var error = await Should.ThrowAsync<SpeechToolException>(async () => await tools.ProbeAsync(await SpeechSamples.SpokenWavAsync()));
        error.Message.ShouldContain("installed");
    }
}
