using System.IO.Pipelines;
using System.Text.Json.Nodes;
using Candor.Engine.Ai;
using Candor.Engine.Interviews;
using Candor.Engine.Speech;
using Candor.Web.Features.Audio;
using Candor.Web.Features.Sessions;
using Candor.Web.Infrastructure.Blobs;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting.Internal;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Candor.Web.Tests.Features.Voice;

/// <summary>The sentence pipeline on its own: the first sentence is spoken and announced while the reply is still being written.</summary>
public sealed class SpokenReplyTests : IDisposable
{
    private static readonly Guid Organization = Guid.NewGuid();
    private static readonly Guid Interview = Guid.NewGuid();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), $"candor-blobs-{Guid.NewGuid():N}");
    private readonly Pipe _pipe = new();
    private readonly SpeechScript _speech = new();
    private readonly LocalFolderBlobStore _blobs;
    private readonly StreamReader _client;

    public SpokenReplyTests()
    {
        _blobs = new LocalFolderBlobStore(Options.Create(new BlobOptions { Folder = _folder }), new HostingEnvironment { ContentRootPath = "/" });
        _client = new StreamReader(_pipe.Reader.AsStream());
    }

    [Fact]
    public async Task The_first_sentence_is_announced_before_the_reply_is_complete()
    {
        var turnId = Guid.CreateVersion7();
        await using var reply = Start(turnId);

        await reply.OnDeltaAsync(new InterviewerDelta("Thanks, that helps. ", null));
        await reply.OnDeltaAsync(new InterviewerDelta("Which index", null));
        var first = await NextAsync("audio");

        first["part"]!.GetValue<int>().ShouldBe(0);
        first["text"]!.GetValue<string>().ShouldBe("Thanks, that helps.");
        first["url"]!.GetValue<string>().ShouldBe($"/api/v1/sessions/tok/turns/{turnId}/audio?part=0");
        _speech.Spoken.ToArray().ShouldBe(["Thanks, that helps."], "the rest of the reply does not exist yet");
        await using (var stored = await _blobs.GetAsync(PromptAudio.PartKey(Organization, Interview, turnId, 0)))
        {
            (await stored!.ReadAllBytesAsync(CancellationToken.None)).ShouldBe(SpeechScript.AudioOf("Thanks, that helps."));
        }

        await reply.OnDeltaAsync(new InterviewerDelta(" would you add?", null));
        (await reply.FinishAsync(Turn(turnId, "Thanks, that helps. Which index would you add?"))).ShouldBeFalse();
        (await NextAsync("audio"))["text"]!.GetValue<string>().ShouldBe("Which index would you add?");
    }

    [Fact]
    public async Task A_replaced_reply_stops_speaking_and_a_lost_race_says_its_parts_are_void()
    {
        var turnId = Guid.CreateVersion7();
        await using var reply = Start(turnId);
        await reply.OnDeltaAsync(new InterviewerDelta("Good. Now", null));
        await NextAsync("audio");

        await reply.OnDeltaAsync(new InterviewerDelta(null, null, Replaced: true));
        await reply.OnDeltaAsync(new InterviewerDelta("Something else entirely. And more.", null));

        (await reply.FinishAsync(Turn(Guid.CreateVersion7(), "Something else entirely. And more."))).ShouldBeTrue();
        _speech.Spoken.ToArray().ShouldBe(["Good."]);
    }

    private SpokenReply Start(Guid turnId) =>
        new(new AnswerStream(Response()), _speech, SpeechAudioFormat.Mp3, _blobs, (Organization, Interview, "tok"), turnId, new VoiceTurnTimer(), NullLogger.Instance, CancellationToken.None);

    private HttpResponse Response()
    {
        var context = new DefaultHttpContext();
        context.Response.Body = _pipe.Writer.AsStream();
        return context.Response;
    }

    private static SessionTurn Turn(Guid id, string text) => new(id, TurnKind.Question, text, false, new SessionProgress(1, 5), "in_progress");

    /// <summary>Reads the stream until the next event called <paramref name="name"/>, and returns its data.</summary>
    private async Task<JsonNode> NextAsync(string name)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string? current = null;
        while (await _client.ReadLineAsync(timeout.Token) is { } line)
        {
            if (line.StartsWith("event: ", StringComparison.Ordinal))
            {
                current = line["event: ".Length..];
            }
            else if (line.StartsWith("data: ", StringComparison.Ordinal) && current == name)
            {
                return JsonNode.Parse(line["data: ".Length..])!;
            }
        }
        throw new InvalidOperationException($"The stream ended before an {name} event.");
    }

    public void Dispose()
    {
        _client.Dispose();
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }
}
