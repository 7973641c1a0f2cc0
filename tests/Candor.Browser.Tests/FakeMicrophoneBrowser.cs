using Candor.Engine.Speech;
using Candor.Web.Providers.Speech;
using Candor.Web.Tests.Providers.Speech;
using Microsoft.Playwright;
using static System.FormattableString;

namespace Candor.Browser.Tests;

/// <summary>
/// Chromium whose fake microphone plays festival speaking <see cref="Script"/>, padded with silence before and after
/// (the file loops, so the silence lets a voice detector end each answer), as 48 kHz mono 16-bit WAV.
/// </summary>
public sealed class FakeMicrophoneBrowser : IAsyncDisposable
{
    private readonly ScratchFolder _scratch;
    private readonly IPlaywright _playwright;

    private FakeMicrophoneBrowser(ScratchFolder scratch, IPlaywright playwright, IBrowser browser, string script, double leadingSilenceSeconds, double speechSeconds)
    {
        _scratch = scratch;
        _playwright = playwright;
        Browser = browser;
        Script = script;
        LeadingSilenceSeconds = leadingSilenceSeconds;
        SpeechSeconds = speechSeconds;
    }

    public IBrowser Browser { get; }

    public string Script { get; }

    public double LeadingSilenceSeconds { get; }

    /// <summary>How long the spoken part of the recording lasts, without the silence around it.</summary>
    public double SpeechSeconds { get; }

    public static async Task<FakeMicrophoneBrowser> LaunchAsync(string script, double leadingSilenceSeconds = 0.5, double trailingSilenceSeconds = 6)
    {
        var scratch = ScratchFolder.Create();
        var tools = new AudioTools(AudioToolsSettings.Default);
        var spoken = await SpeechSamples.ReadAllAsync(await new FestivalTextToSpeech(tools).SynthesizeAsync(new SpeechRequest(script, SpeechAudioFormat.Wav)));
        var festival = await scratch.WriteAsync("festival.wav", spoken, CancellationToken.None);
        var microphone = scratch.File("microphone.wav");
        var result = await ExternalProcess.RunAsync("sox",
            [festival, "-r", "48000", "-c", "1", "-b", "16", microphone, "pad", Invariant($"{leadingSilenceSeconds}"), Invariant($"{trailingSilenceSeconds}")],
            ReadOnlyMemory<byte>.Empty, TimeSpan.FromSeconds(60), CancellationToken.None);
        result.EnsureSuccess("sox");
        // 48000 samples of 2 bytes a second after sox's 44-byte header.
        var speechSeconds = (new FileInfo(microphone).Length - 44) / 96_000.0 - leadingSilenceSeconds - trailingSilenceSeconds;
        speechSeconds.ShouldBeGreaterThan(1, "festival spoke the script");

        var playwright = await Playwright.CreateAsync();
        var browser = await playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = BrowserSite.ChromiumPath,
            Headless = true,
            Args =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--use-fake-ui-for-media-stream", "--use-fake-device-for-media-stream", $"--use-file-for-fake-audio-capture={microphone}",
            ],
        });
        return new FakeMicrophoneBrowser(scratch, playwright, browser, script, leadingSilenceSeconds, speechSeconds);
    }

    public async ValueTask DisposeAsync()
    {
        await Browser.CloseAsync();
        _playwright.Dispose();
        _scratch.Dispose();
    }
}

/// <summary>A test class whose Chromium has a fake microphone speaking <paramref name="script"/> (launched per class instance).</summary>
public abstract class FakeMicrophoneTests(string script) : IAsyncLifetime
{
    private FakeMicrophoneBrowser? _microphone;

    protected FakeMicrophoneBrowser Microphone => _microphone ?? throw new InvalidOperationException("The browser starts in InitializeAsync.");

    public async Task InitializeAsync() => _microphone = await FakeMicrophoneBrowser.LaunchAsync(script);

    public async Task DisposeAsync()
    {
        if (_microphone is not null)
        {
            await _microphone.DisposeAsync();
        }
    }
}
