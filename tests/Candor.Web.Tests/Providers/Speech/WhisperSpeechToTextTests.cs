using Candor.Engine.Speech;
using Candor.Web.Providers.Speech;

namespace Candor.Web.Tests.Providers.Speech;

/// <summary>
/// Whisper.net's real loading and inference path on a generated random-weight ggml file (no real model can be had
/// here). It proves the file is found, loaded by the native runtime, fed 16 kHz audio and read back as a
/// transcript, and that a broken model falls back to pocketsphinx; it cannot prove recognition quality.
/// </summary>
public sealed class WhisperSpeechToTextTests : IDisposable
{
    private readonly ScratchFolder _folder = ScratchFolder.Create();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task A_ggml_model_file_is_loaded_and_run_by_Whisper_net()
    {
        var model = TinyWhisperModel.Write(_folder.Path);
        using var whisper = new WhisperSpeechToText(model, new AudioTools(AudioToolsSettings.Default), threads: 1);

        var transcript = await whisper.TranscribeAsync(new SpeechToTextRequest(await SpeechSamples.SpokenAsync("webm"), "audio/webm"));

        transcript.Provenance.ShouldBe(new SpeechProvenance("whisper", "ggml-tiny-random.bin"));
        transcript.AudioDuration.TotalSeconds.ShouldBeInRange(3.0, 6.0);
        transcript.Confidence.ShouldBeInRange(0, 1);
    }

    [Fact]
    public async Task Configured_with_a_model_path_whisper_is_the_default_recogniser_and_is_accounted()
    {
        var model = TinyWhisperModel.Write(_folder.Path);
        using var harness = new ProviderHarness(new() { ["Candor:Speech:WhisperModelPath"] = model });

        var transcript = await harness.Speech().SpeechToText!.TranscribeAsync(new SpeechToTextRequest(await SpeechSamples.SpokenAsync("wav"), "audio/wav"));

        transcript.Provenance.Provider.ShouldBe("whisper");
        var row = harness.Usage.Records.ShouldHaveSingleItem();
        row.Provider.ShouldBe("whisper");
        row.Model.ShouldBe("ggml-tiny-random.bin");
        row.Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task A_file_that_is_not_a_ggml_model_falls_back_to_pocketsphinx()
    {
        var broken = Path.Combine(_folder.Path, "ggml-base.en.bin");
        await File.WriteAllBytesAsync(broken, "this is not a model"u8.ToArray());
        using var harness = new ProviderHarness(new() { ["Candor:Speech:WhisperModelPath"] = broken });

        var transcript = await harness.Speech().SpeechToText!.TranscribeAsync(new SpeechToTextRequest(await SpeechSamples.SpokenAsync("wav"), "audio/wav"));

        transcript.Provenance.Provider.ShouldBe("pocketsphinx");
        SpeechSamples.WordErrorRate(SpeechSamples.Script, transcript.Text).ShouldBeLessThanOrEqualTo(0.30);
        harness.Usage.Records.Select(r => (r.Provider, r.Succeeded)).ShouldBe([("whisper", false), ("pocketsphinx", true)]);
        harness.Usage.Records[0].Error.ShouldNotBeNull().ShouldContain("could not load the model");
    }
}
