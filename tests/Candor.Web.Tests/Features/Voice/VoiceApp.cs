using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Candor.Web.Providers.Speech;
using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Features.Voice;

/// <summary>The app with a private blob folder and scripted speech per organisation (<see cref="ScriptedSpeech"/>).</summary>
public sealed class VoiceApp : AccountsApp
{
    private bool _ownsBlobs = true;

    public VoiceApp() => With("Candor:Blobs:Folder", BlobFolder);

    /// <summary>A restarted node: the same database and blob folder as <paramref name="before"/> (which no longer removes the folder).</summary>
    public static VoiceApp RestartOf(VoiceApp before)
    {
        var after = new VoiceApp { ConnectionString = before.ConnectionString, BlobFolder = before.BlobFolder };
        after.With("Candor:Blobs:Folder", after.BlobFolder);
        before._ownsBlobs = false;
        return after;
    }

    public string BlobFolder { get; private init; } = Path.Combine(Path.GetTempPath(), $"candor-blobs-{Guid.NewGuid():N}");

    public ScriptedSpeech Speech => (ScriptedSpeech)Services.GetRequiredService<ISpeechProviders>();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.ConfigureTestServices(services =>
            services.AddSingleton<ISpeechProviders>(provider => new ScriptedSpeech(provider.GetRequiredService<SpeechProviders>())));
    }

    /// <summary>An organisation with scripted speech and an API key.</summary>
    public async Task<(Tenant Tenant, SpeechScript Speech)> VoiceTenantAsync()
    {
        var tenant = await CreateTenantAsync("Voice Org");
        return (tenant, Speech.For(tenant.OrganizationId));
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_ownsBlobs && Directory.Exists(BlobFolder))
        {
            Directory.Delete(BlobFolder, recursive: true);
        }
        GC.SuppressFinalize(this);
    }
}

/// <summary>Voice interviews through the public API: a voice job, a started interview, spoken answers as multipart uploads.</summary>
public static class VoiceDriver
{
    /// <summary>Schedules and starts a voice interview; returns it and its first (intro) turn.</summary>
    public static async Task<(Scheduled Interview, JsonNode Intro)> StartVoiceInterviewAsync(this CandorApp app, Tenant tenant, bool confirmTranscript = false, string mode = "voice")
    {
        var driver = new InterviewDriver(app, tenant);
        var job = await driver.CreateJobAsync();
        var jobId = job["id"]!.GetValue<string>();
        await (await tenant.Client.PutJson($"/api/v1/jobs/{jobId}/settings",
            new { stage_type = "technical", tools = new { mode, confirm_transcript = confirmTranscript } })).Json();
        var interview = await driver.ScheduleAsync(Guid.Parse(jobId));
        return (interview, await driver.StartAsync(interview.Token));
    }

    public static async Task<HttpResponseMessage> PostSpokenAsync(
        this HttpClient client, string token, string? turnId, byte[]? audio, string contentType = "audio/wav", bool? submit = null, bool stream = false,
        string fileName = "answer.wav", CancellationToken cancellationToken = default)
    {
        var form = new MultipartFormDataContent();
        if (turnId is not null)
        {
            form.Add(new StringContent(turnId), "turn_id");
        }
        if (audio is not null)
        {
            var file = new ByteArrayContent(audio);
            file.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
            form.Add(file, "audio", fileName);
        }
        if (submit is not null)
        {
            form.Add(new StringContent(submit.Value ? "true" : "false"), "submit");
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/sessions/{token}/answers") { Content = form };
        if (stream)
        {
            request.Headers.Accept.ParseAdd("text/event-stream");
        }
        return await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    public static string TurnId(this JsonNode turn) => turn["turn_id"]!.GetValue<string>();

    /// <summary>The path and query of an absolute URL the app issued (its public base is http://candor.test).</summary>
    public static string Local(string url) => new Uri(url).PathAndQuery;

    public static async Task<byte[]> BytesAsync(this HttpResponseMessage response, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var bytes = await response.Content.ReadAsByteArrayAsync();
        response.StatusCode.ShouldBe(expected, System.Text.Encoding.UTF8.GetString(bytes.Take(400).ToArray()));
        return bytes;
    }
}
