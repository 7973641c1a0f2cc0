using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Rooms;
using Candor.Web.Providers.Speech;
using Candor.Web.Tests.Features.Voice;
using Candor.Web.Tests.Infrastructure;
using Candor.Web.Tests.Providers.Speech;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Features.Rooms;

/// <summary>The rooms app with a private blob folder and scripted speech for the organisations a test scripts (the rest get the real offline engines).</summary>
public sealed class VoiceRoomsApp : RoomsApp
{
    public VoiceRoomsApp() => With("Candor:Blobs:Folder", BlobFolder);

    public string BlobFolder { get; } = Path.Combine(Path.GetTempPath(), $"candor-blobs-{Guid.NewGuid():N}");

    public ScriptedSpeech Speech => (ScriptedSpeech)Services.GetRequiredService<ISpeechProviders>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.AddSingleton<ISpeechProviders>(provider => new ScriptedSpeech(provider.GetRequiredService<SpeechProviders>())));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(BlobFolder))
        {
            Directory.Delete(BlobFolder, recursive: true);
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>
/// Voice in AI rooms: a voice interview's room speaks its replies (offline festival by default; a failed or absent
/// text-to-speech leaves audio_url out) and hears spoken messages (multipart, checked like spoken answers; a failed
/// speech-to-text fails the job at once). The reply audio is the room's alone.
/// </summary>
public sealed class RoomVoiceTests(VoiceRoomsApp app) : IClassFixture<VoiceRoomsApp>
{
    private const string Code = "def two_sum(nums, target):\n    seen = {}\n    for index, value in enumerate(nums):\n        if target - value in seen:\n            return [seen[target - value], index]\n        seen[value] = index\n    return []\n";

    /// <summary>A room opened for a voice interview (mode "text" for a typed one).</summary>
    private async Task<(Tenant Tenant, Guid RoomId, HttpClient Candidate)> VoiceRoomAsync(bool scripted = true, string mode = "voice")
    {
        var tenant = await app.CreateTenantAsync("Voice Rooms");
        if (scripted)
        {
            app.Speech.For(tenant.OrganizationId);
        }
        var driver = new InterviewDriver(app, tenant);
        var job = await driver.CreateJobAsync();
        var jobId = job["id"]!.GetValue<string>();
        await (await tenant.Client.PutJson($"/api/v1/jobs/{jobId}/settings", new { stage_type = "technical", tools = new { mode } })).Json();
        var interview = await driver.ScheduleAsync(Guid.Parse(jobId));
        var (roomId, _, candidate, _) = await app.CreateRoomAsync(tenant, interviewId: interview.InterviewId);
        return (tenant, roomId, candidate);
    }

    private static async Task<JsonNode> MessageAsync(HttpClient candidate, Guid roomId, string text = "I keep a map of the numbers I have seen.")
    {
        var accepted = await (await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/message", new { text, code = Code, language = "python" })).Json(HttpStatusCode.Accepted);
        var polled = await RoomsApp.PollAsync(candidate, $"/api/v1/rooms/{roomId}/ai/message/{accepted["job_id"]}");
        polled["job_id"] = accepted["job_id"]!.GetValue<string>();
        return polled;
    }

    private static async Task<HttpResponseMessage> PostSpokenAsync(HttpClient client, Guid roomId, byte[]? audio, string contentType = "audio/wav")
    {
        var form = new MultipartFormDataContent();
        if (audio is not null)
        {
            var file = new ByteArrayContent(audio);
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            form.Add(file, "audio", "message.wav");
        }
        form.Add(new StringContent(Code), "code");
        form.Add(new StringContent("python"), "language");
        return await client.PostAsync($"/api/v1/rooms/{roomId}/ai/message", form);
    }

    private static async Task<JsonNode> SpokenAsync(HttpClient candidate, Guid roomId, byte[] audio)
    {
        var accepted = await (await PostSpokenAsync(candidate, roomId, audio)).Json(HttpStatusCode.Accepted);
        return await RoomsApp.PollAsync(candidate, $"/api/v1/rooms/{roomId}/ai/message/{accepted["job_id"]}");
    }

    [Fact]
    public async Task A_voice_rooms_reply_is_spoken_by_the_offline_engine_and_its_audio_is_the_rooms_alone()
    {
        var (tenant, roomId, candidate) = await VoiceRoomAsync(scripted: false);
        (await candidate.GetJson($"/api/v1/rooms/{roomId}"))["voice"]!.ToJsonString().ShouldBe("{\"hears\":true,\"speaks\":true}");

        var polled = await MessageAsync(candidate, roomId);

        polled["status"]!.GetValue<string>().ShouldBe("completed", polled.ToJsonString());
        var audioUrl = polled["result"]!["audio_url"]!.GetValue<string>();
        audioUrl.ShouldStartWith($"/api/v1/rooms/{roomId}/ai/message/");
        polled["result"]!["heard"].ShouldBeNull("a typed message has nothing heard");
        var audio = await candidate.GetAsync(audioUrl);
        audio.StatusCode.ShouldBe(HttpStatusCode.OK);
        audio.Content.Headers.ContentType!.MediaType!.ShouldStartWith("audio/");
        (await audio.Content.ReadAsByteArrayAsync()).Length.ShouldBeGreaterThan(1000);
        var usage = await app.WithDbAsync(tenant.OrganizationId, db => db.AiUsages.AsNoTracking().Where(u => u.Role == SpeechAccounting.TextToSpeechRole).ToListAsync());
        usage.ShouldNotBeEmpty("the synthesis is recorded like every speech call");

        // Another room's candidate (same organisation) and no credentials: the audio route does not exist for them.
        var (_, _, other, _) = await app.CreateRoomAsync(tenant, email: "grace@example.com");
        (await other.GetAsync(audioUrl)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await app.CreateClient().GetAsync(audioUrl)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        // Another organisation's key: 404 (the tenant sweep skips this route's owner check: its room is typed).
        var stranger = await app.CreateTenantAsync("Strangers");
        (await stranger.Client.GetAsync(audioUrl)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_failed_or_absent_text_to_speech_leaves_audio_url_out_and_the_reply_still_arrives()
    {
        var (tenant, roomId, candidate) = await VoiceRoomAsync();
        var script = app.Speech.For(tenant.OrganizationId);
        script.SpeakingFails = new InvalidOperationException("the voice engine crashed");

        var failed = await MessageAsync(candidate, roomId);
        failed["status"]!.GetValue<string>().ShouldBe("completed", failed.ToJsonString());
        failed["result"]!["reply"]!.GetValue<string>().ShouldNotBeNullOrWhiteSpace();
        failed["result"]!["audio_url"].ShouldBeNull();
        (await candidate.GetAsync(RoomVoice.AudioUrl(roomId, Guid.Parse(failed["job_id"]!.GetValue<string>())))).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        script.SpeakingFails = null;
        script.TextToSpeechOff = true;
        var none = await MessageAsync(candidate, roomId, "Then I return the pair of indices.");
        none["result"]!["audio_url"].ShouldBeNull();

        script.TextToSpeechOff = false;
        var spoken = await MessageAsync(candidate, roomId, "What about an empty list? I return an empty list.");
        var url = spoken["result"]!["audio_url"]!.GetValue<string>();
        var bytes = await (await candidate.GetAsync(url)).Content.ReadAsByteArrayAsync();
        bytes.ShouldBe(SpeechScript.AudioOf(spoken["result"]!["reply"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_typed_room_does_not_speak()
    {
        var (_, roomId, candidate) = await VoiceRoomAsync(mode: "text");
        (await candidate.GetJson($"/api/v1/rooms/{roomId}"))["voice"].ShouldBeNull();
        var polled = await MessageAsync(candidate, roomId);
        polled["result"]!["audio_url"].ShouldBeNull();
        var refused = await (await PostSpokenAsync(candidate, roomId, await SpeechSamples.SpokenWavAsync())).Problem(HttpStatusCode.BadRequest);
        refused["code"]!.GetValue<string>().ShouldBe("voice_not_enabled");
    }

    [Fact]
    public async Task A_spoken_message_is_transcribed_by_the_job_and_what_was_heard_joins_the_conversation()
    {
        var (tenant, roomId, candidate) = await VoiceRoomAsync();
        var script = app.Speech.For(tenant.OrganizationId);
        script.Heard = "I store each number in a dictionary and look up the complement before adding it.";
        var wav = await SpeechSamples.SpokenWavAsync();

        var polled = await SpokenAsync(candidate, roomId, wav);

        polled["status"]!.GetValue<string>().ShouldBe("completed", polled.ToJsonString());
        polled["result"]!["heard"]!.GetValue<string>().ShouldBe(script.Heard);
        polled["result"]!["audio_url"].ShouldNotBeNull();
        script.Transcribed.Last().Audio.ToArray().ShouldBe(wav);
        var messages = (await candidate.GetJson($"/api/v1/rooms/{roomId}/ai/messages"))["items"]!.AsArray();
        messages[0]!["author"]!.GetValue<string>().ShouldBe("candidate");
        messages[0]!["text"]!.GetValue<string>().ShouldBe(script.Heard);
        messages[0]!["code"]!.GetValue<string>().ShouldBe(Code);
        messages[1]!["author"]!.GetValue<string>().ShouldBe("ai");
    }

    [Fact]
    public async Task A_spoken_message_is_heard_by_the_offline_recogniser()
    {
        var (_, roomId, candidate) = await VoiceRoomAsync(scripted: false);
        var polled = await SpokenAsync(candidate, roomId, await SpeechSamples.SpokenAsync("webm"));
        polled["status"]!.GetValue<string>().ShouldBe("completed", polled.ToJsonString());
        var heard = polled["result"]!["heard"]!.GetValue<string>();
        SpeechSamples.WordErrorRate(SpeechSamples.Script, heard).ShouldBeLessThan(0.6, heard);
    }

    [Fact]
    public async Task A_failed_speech_to_text_fails_the_job_at_once_and_nothing_heard_fails_it_too()
    {
        var (tenant, roomId, candidate) = await VoiceRoomAsync();
        var script = app.Speech.For(tenant.OrganizationId);
        var wav = await SpeechSamples.SpokenWavAsync();
        script.HearingFails = new HttpRequestException("recogniser unreachable");

        var accepted = await (await PostSpokenAsync(candidate, roomId, wav)).Json(HttpStatusCode.Accepted);
        var polled = await RoomsApp.PollAsync(candidate, $"/api/v1/rooms/{roomId}/ai/message/{accepted["job_id"]}");
        polled["status"]!.GetValue<string>().ShouldBe("failed", polled.ToJsonString());
        polled["error"]!["code"]!.GetValue<string>().ShouldBe("speech_to_text_failed");
        polled["error"]!["message"]!.GetValue<string>().ShouldNotContain("unreachable");
        var job = await app.WithDbAsync(tenant.OrganizationId, async db =>
        {
            var backgroundJobId = await db.Set<RoomAiRequest>().Where(r => r.Id == Guid.Parse(accepted["job_id"]!.GetValue<string>())).Select(r => r.BackgroundJobId).SingleAsync();
            return await db.BackgroundJobs.AsNoTracking().SingleAsync(j => j.Id == backgroundJobId);
        });
        (job.Status, job.Attempts).ShouldBe((BackgroundJobStatus.Dead, 1));

        script.HearingFails = null;
        script.Heard = "";
        var silent = await SpokenAsync(candidate, roomId, wav);
        silent["error"]!["code"]!.GetValue<string>().ShouldBe("not_heard");
        (await candidate.GetJson($"/api/v1/rooms/{roomId}/ai/messages"))["items"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Malformed_or_missing_audio_is_400_and_queues_nothing()
    {
        var (tenant, roomId, candidate) = await VoiceRoomAsync();
        var garbage = await (await PostSpokenAsync(candidate, roomId, "this is not audio at all, just text pretending"u8.ToArray())).Problem(HttpStatusCode.BadRequest);
        garbage["code"]!.GetValue<string>().ShouldBe("bad_audio");
        var silence = await (await PostSpokenAsync(candidate, roomId, await SpeechSamples.SilenceAsync())).Problem(HttpStatusCode.BadRequest);
        silence["code"]!.GetValue<string>().ShouldBe("bad_audio");
        var missing = await (await PostSpokenAsync(candidate, roomId, null)).Problem(HttpStatusCode.BadRequest);
        missing["errors"]!["audio"].ShouldNotBeNull();

        app.Speech.For(tenant.OrganizationId).MaxAudioBytes = 1000;
        (await PostSpokenAsync(candidate, roomId, await SpeechSamples.SpokenWavAsync())).StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await app.WithDbAsync(tenant.OrganizationId, db => db.Set<RoomAiRequest>().CountAsync())).ShouldBe(0);
    }
}
