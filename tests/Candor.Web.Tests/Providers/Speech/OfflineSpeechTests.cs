using Candor.Engine.Speech;
using Candor.Web.Providers.Speech;

namespace Candor.Web.Tests.Providers.Speech;

/// <summary>The offline engines for real: festival and flite speak, pocketsphinx hears.</summary>
public sealed class OfflineSpeechTests
{
    private readonly AudioTools _tools = new(AudioToolsSettings.Default);

    [Theory]
    [InlineData("wav")]
    [InlineData("webm")]
    public async Task Festival_speaks_a_known_sentence_and_pocketsphinx_hears_it_within_30_percent_word_error(string container)
    {
        var audio = await SpeechSamples.SpokenAsync(container);

        var transcript = await new PocketsphinxSpeechToText(_tools).TranscribeAsync(new SpeechToTextRequest(audio, "audio/" + container));

        SpeechSamples.WordErrorRate(SpeechSamples.Script, transcript.Text).ShouldBeLessThanOrEqualTo(0.30, transcript.Text);
        transcript.Provenance.ShouldBe(new SpeechProvenance("pocketsphinx", "en-us"));
        transcript.AudioDuration.TotalSeconds.ShouldBeInRange(3.0, 6.0);
        transcript.Confidence.ShouldBeInRange(0.3, 1.0);
        transcript.Words.Count.ShouldBeGreaterThan(8);
        transcript.Words.ShouldAllBe(w => !w.Word.StartsWith('<') && !w.Word.Contains('('));
        transcript.Words.Select(w => w.Start).ShouldBeInOrder(SortDirection.Ascending);
    }

    [Fact]
    public async Task Pocketsphinx_hears_nothing_in_silence()
    {
        var transcript = await new PocketsphinxSpeechToText(_tools).TranscribeAsync(new SpeechToTextRequest(await SpeechSamples.SilenceAsync(), "audio/wav"));

        transcript.IsEmpty.ShouldBeTrue();
        transcript.Confidence.ShouldBe(0);
    }

    [Theory]
    [InlineData(SpeechAudioFormat.Mp3, "mp3")]
    [InlineData(SpeechAudioFormat.Ogg, "ogg")]
    public async Task Festival_and_flite_speak_in_the_format_asked(SpeechAudioFormat format, string container)
    {
        foreach (ITextToSpeech engine in new ITextToSpeech[] { new FestivalTextToSpeech(_tools), new FliteTextToSpeech(_tools) })
        {
            var audio = await engine.SynthesizeAsync(new SpeechRequest("Can you hear this?", format));
            var bytes = await SpeechSamples.ReadAllAsync(audio);

            audio.Format.ShouldBe(format);
            (await _tools.ProbeAsync(bytes)).Container.ShouldBe(container);
            audio.Duration!.Value.TotalSeconds.ShouldBeInRange(0.5, 4);
        }
    }

    [Fact]
    public async Task Flite_is_understood_too()
    {
        var audio = await new FliteTextToSpeech(_tools).SynthesizeAsync(new SpeechRequest(SpeechSamples.Script, SpeechAudioFormat.Wav));

        var transcript = await new PocketsphinxSpeechToText(_tools).TranscribeAsync(new SpeechToTextRequest(await SpeechSamples.ReadAllAsync(audio), "audio/wav"));

        SpeechSamples.WordErrorRate(SpeechSamples.Script, transcript.Text).ShouldBeLessThanOrEqualTo(0.40, transcript.Text);
    }

    [Fact]
    public async Task Text_that_looks_like_a_command_or_scheme_is_only_spoken()
    {
        // Candidate- or AI-written text never reaches a shell or festival's Scheme evaluator.
        var marker = Path.Combine(Path.GetTempPath(), $"candor-pwned-{Guid.NewGuid():N}");
        var hostile = $"$(touch {marker}) `touch {marker}` (system \"touch {marker}\") -o {marker} ; touch {marker}";

        foreach (ITextToSpeech engine in new ITextToSpeech[] { new FestivalTextToSpeech(_tools), new FliteTextToSpeech(_tools) })
        {
            var audio = await engine.SynthesizeAsync(new SpeechRequest(hostile, SpeechAudioFormat.Wav));
            (await SpeechSamples.ReadAllAsync(audio)).Length.ShouldBeGreaterThan(1000);
        }
        File.Exists(marker).ShouldBeFalse();
    }

    [Fact]
    public async Task A_voice_name_that_is_not_a_plain_name_is_refused_before_festival_runs()
    {
        await Should.ThrowAsync<ArgumentException>(() =>
            new FestivalTextToSpeech(_tools).SynthesizeAsync(new SpeechRequest("Hello.", SpeechAudioFormat.Wav, "x) (system \"id\")")));
    }

    [Fact]
    public void Parses_pocketsphinx_timed_output()
    {
        var transcript = PocketsphinxSpeechToText.Parse("""
            i would add an index
            <s> 0.070 0.170 0.999600
            i 0.180 0.270 0.825949
            would 0.280 0.410 0.990841
            <sil> 0.410 0.500 0.5
            add(2) 0.520 0.550 0.5
            an 0.560 0.640 0.7
            [NOISE] 0.640 0.650 0.1
            index 0.650 1.180 0.9
            </s> 1.190 1.240 1.0
            """, TimeSpan.FromSeconds(1.3));

        transcript.Text.ShouldBe("i would add an index");
        transcript.Words.Select(w => w.Word).ShouldBe(["i", "would", "add", "an", "index"]);
        transcript.Confidence.ShouldBe((0.825949 + 0.990841 + 0.5 + 0.7 + 0.9) / 5, 0.0001);
        transcript.Words[2].Start.ShouldBe(TimeSpan.FromSeconds(0.52));
    }
}
