using System.Threading.Channels;
using Candor.Engine.Ai;
using Candor.Engine.Speech;
using Candor.Web.Features.Audio;
using Candor.Web.Infrastructure.Blobs;

namespace Candor.Web.Features.Sessions;

/// <summary>One sentence of the interviewer's reply, spoken and ready: the <c>audio</c> event of an answer stream.</summary>
public sealed record AudioPartEvent(Guid TurnId, int Part, string Url, string Text, string ContentType);

/// <summary>
/// Speaks a streamed reply sentence by sentence: each sentence the <see cref="SentenceChunker"/> completes goes to
/// text-to-speech at once (beside the interviewer, which keeps writing), is kept in the blob store as part N of the
/// reply's turn, and is announced as an <c>audio</c> event, so the first sentence plays before the reply is complete.
/// Text-to-speech failing is not the interview failing: that sentence and the rest get no audio, the words still show.
/// A replaced reply (the provider failed mid-way) voids the parts: nothing more is spoken, and the client falls
/// back to the whole turn's audio.
/// </summary>
public sealed class SpokenReply : IAsyncDisposable
{
    private readonly AnswerStream _stream;
    private readonly ITextToSpeech _textToSpeech;
    private readonly SpeechAudioFormat _format;
    private readonly IBlobStore _blobs;
    private readonly (Guid OrganizationId, Guid InterviewId, string Token) _interview;
    private readonly VoiceTurnTimer _timer;
    private readonly ILogger _logger;
    private readonly CancellationToken _cancellationToken;
    private readonly SentenceChunker _chunker = new();
    private readonly Channel<string> _sentences = Channel.CreateUnbounded<string>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task _speaking;
    private volatile bool _void;
    private int _announced;

    public SpokenReply(
        AnswerStream stream, ITextToSpeech textToSpeech, SpeechAudioFormat format, IBlobStore blobs,
        (Guid OrganizationId, Guid InterviewId, string Token) interview, Guid turnId, VoiceTurnTimer timer, ILogger logger, CancellationToken cancellationToken)
    {
        (_stream, _textToSpeech, _format, _blobs, _interview, TurnId, _timer, _logger, _cancellationToken) =
            (stream, textToSpeech, format, blobs, interview, turnId, timer, logger, cancellationToken);
        _speaking = Task.Run(SpeakAsync, CancellationToken.None);
    }

    /// <summary>The id the reply's turn was given before it existed; the parts' URLs name it.</summary>
    public Guid TurnId { get; }

    public static string PartUrl(string token, Guid turnId, int part) => $"/api/v1/sessions/{token}/turns/{turnId:D}/audio?part={part}";

    /// <summary>Streams the piece of text to the client and queues every sentence it completes for speaking.</summary>
    public async Task OnDeltaAsync(InterviewerDelta delta)
    {
        await _stream.OnDeltaAsync(delta);
        if (delta.Replaced)
        {
            _void = true;
            return;
        }
        if (!_void && !string.IsNullOrEmpty(delta.Text))
        {
            foreach (var sentence in _chunker.Push(delta.Text))
            {
                _sentences.Writer.TryWrite(sentence);
            }
        }
    }

    /// <summary>
    /// The reply is stored as <paramref name="turn"/>: speaks what is left and waits until every part is announced.
    /// True when parts were announced for a turn that is not <paramref name="turn"/> (a concurrent request won), which
    /// the stream then replaces.
    /// </summary>
    public async Task<bool> FinishAsync(SessionTurn turn)
    {
        if (turn.TurnId != TurnId)
        {
            _void = true;
        }
        if (!_void)
        {
            foreach (var sentence in _chunker.Flush())
            {
                _sentences.Writer.TryWrite(sentence);
            }
        }
        _sentences.Writer.TryComplete();
        await _speaking;
        return turn.TurnId != TurnId && Volatile.Read(ref _announced) > 0;
    }

    /// <summary>Stops speaking (the answer failed, or the reply is done) and waits for the worker to finish.</summary>
    public async ValueTask DisposeAsync()
    {
        _void = true;
        _sentences.Writer.TryComplete();
        await _speaking;
    }

    private async Task SpeakAsync()
    {
        var failed = false;
        var part = 0;
        await foreach (var sentence in _sentences.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (failed || _void || _cancellationToken.IsCancellationRequested)
            {
                continue; // Drain: the writer must never block, and later sentences would leave a gap in the speech.
            }
            try
            {
                var spoken = await PromptAudio.SynthesizeAsync(_textToSpeech, sentence, _format, _logger, _cancellationToken);
                if (spoken is not { } audio)
                {
                    failed = true;
                    continue;
                }
                var key = PromptAudio.PartKey(_interview.OrganizationId, _interview.InterviewId, TurnId, part);
                await _blobs.PutAsync(key, new MemoryStream(audio.Audio, writable: false), audio.ContentType, _cancellationToken);
                if (_void)
                {
                    continue;
                }
                _timer.FirstAudioByte();
                await _stream.AudioAsync(new AudioPartEvent(TurnId, part, PartUrl(_interview.Token, TurnId, part), sentence, audio.ContentType));
                Interlocked.Increment(ref _announced);
                part++;
            }
            catch (Exception ex) when (!_cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning(ex, "Could not speak a sentence of the reply; the rest is shown as text only");
                failed = true;
            }
            catch (OperationCanceledException)
            {
                failed = true; // The candidate went away.
            }
        }
    }
}
