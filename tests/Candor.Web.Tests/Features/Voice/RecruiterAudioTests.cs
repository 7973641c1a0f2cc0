using System.Net;
using System.Text.Json.Nodes;
using System.Web;
using Candor.Web.Features.Accounts;
using Candor.Web.Features.Audio;
using Candor.Web.Features.CandidateResults;
using Candor.Web.Features.Webhooks;
using Candor.Web.Infrastructure;
using Candor.Web.Infrastructure.Blobs;
using Candor.Web.Tests.Infrastructure;
using Candor.Web.Tests.Providers.Speech;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Candor.Web.Tests.Features.Voice;

/// <summary>Recruiters play both sides of a voice interview through short-lived signed links that are useless to anyone else.</summary>
public sealed class RecruiterAudioTests(VoiceApp app) : IClassFixture<VoiceApp>
{
    private sealed record Finished(Tenant Tenant, Scheduled Interview, JsonNode Results, byte[] Recording);

    /// <summary>A voice interview: the intro answered by voice, the first question typed, then ended; report written.</summary>
    private async Task<Finished> FinishAsync(double confidence = 0.92)
    {
        var (tenant, speech) = await app.VoiceTenantAsync();
        speech.Confidence = confidence;
        var (interview, intro) = await app.StartVoiceInterviewAsync(tenant);
        var wav = await SpeechSamples.SpokenWavAsync();
        var question = await (await app.Candidate().PostSpokenAsync(interview.Token, intro.TurnId(), wav)).Json();
        var followUp = await (await app.Candidate().PostSpokenAsync(interview.Token, question.TurnId(), wav)).Json();
        await (await app.Candidate().PostJson($"/api/v1/sessions/{interview.Token}/answers", new { turn_id = followUp.TurnId(), text = "I would also watch the write cost of the index." })).Json();
        await (await app.Candidate().PostJson($"/api/v1/sessions/{interview.Token}/end")).Json();
        var results = await new InterviewDriver(app, tenant).WaitForResultsAsync(interview.InterviewId);
        return new Finished(tenant, interview, results, wav);
    }

    [Fact]
    public async Task Results_link_both_sides_of_every_voice_turn_and_the_links_play_for_whoever_holds_them()
    {
        var (tenant, interview, results, wav) = await FinishAsync();
        var turns = results["transcript"]!.AsArray().Select(t => t!).ToList();

        turns.ShouldAllBe(t => t["prompt_audio_url"] != null, "the interviewer's side of every turn");
        var spoken = turns.Where(t => t["answer_audio_url"] != null).ToList();
        spoken.Count.ShouldBe(2);
        spoken.ShouldAllBe(t => t["speech_confidence"]!.GetValue<double>() == 0.92 && !t["low_speech_confidence"]!.GetValue<bool>());
        turns.Single(t => t["answer"]?.GetValue<string>() == "I would also watch the write cost of the index.")["answer_audio_url"].ShouldBeNull();
        results["voice_latency"]!["turns"]!.GetValue<int>().ShouldBe(3);

        var answerUrl = spoken[0]["answer_audio_url"]!.GetValue<string>();
        answerUrl.ShouldStartWith($"http://candor.test/api/v1/audio/{tenant.OrganizationId:D}/");
        var expires = DateTimeOffset.FromUnixTimeSeconds(long.Parse(HttpUtility.ParseQueryString(new Uri(answerUrl).Query)["expires"]!));
        expires.ShouldBeInRange(DateTimeOffset.UtcNow.AddMinutes(14), DateTimeOffset.UtcNow.AddMinutes(16), "15 minutes by default");

        using var stranger = app.CreateClient(); // No API key, no cookie: the link is the credential.
        var answer = await stranger.GetAsync(VoiceDriver.Local(answerUrl));
        (await answer.BytesAsync()).ShouldBe(wav);
        answer.Content.Headers.ContentType!.MediaType.ShouldBe("audio/wav");
        answer.Headers.CacheControl!.Private.ShouldBeTrue();
        answer.Headers.CacheControl.MaxAge!.Value.ShouldBeLessThanOrEqualTo(TimeSpan.FromMinutes(15));
        var prompt = await stranger.GetAsync(VoiceDriver.Local(turns[0]["prompt_audio_url"]!.GetValue<string>()));
        (await prompt.BytesAsync()).ShouldBe(SpeechScript.AudioOf(turns[0]["prompt"]!.GetValue<string>()));
        prompt.Content.Headers.ContentType!.MediaType.ShouldBe("audio/mpeg");
    }

    [Fact]
    public async Task A_tampered_expired_or_foreign_link_opens_nothing_and_the_candidate_never_gets_one()
    {
        var (tenant, interview, results, _) = await FinishAsync();
        var (other, otherInterview, otherResults, _) = await FinishAsync();
        var url = VoiceDriver.Local(results["transcript"]!.AsArray().First(t => t!["answer_audio_url"] != null)!["answer_audio_url"]!.GetValue<string>());
        var otherUrl = VoiceDriver.Local(otherResults["transcript"]!.AsArray().First(t => t!["answer_audio_url"] != null)!["answer_audio_url"]!.GetValue<string>());
        using var client = app.CreateClient();
        var path = url[..url.IndexOf('?')];
        var query = HttpUtility.ParseQueryString(url[(url.IndexOf('?') + 1)..]);
        var (expires, signature) = (query["expires"]!, query["signature"]!);

        async Task ForbiddenAsync(string tampered, string code) =>
            (await (await client.GetAsync(tampered)).Problem(HttpStatusCode.Forbidden))["code"]!.GetValue<string>().ShouldBe(code, tampered);

        await ForbiddenAsync($"{path}?expires={expires}&signature={Flip(signature)}", "signed_url_invalid");
        await ForbiddenAsync($"{path}?expires={long.Parse(expires) + 3600}&signature={signature}", "signed_url_invalid");
        await ForbiddenAsync($"{path}?expires={expires}", "signed_url_invalid");
        await ForbiddenAsync($"{otherUrl[..otherUrl.IndexOf('?')]}?expires={expires}&signature={signature}", "signed_url_invalid");
        await ForbiddenAsync($"{path}?expires={expires}&signature={interview.Token}", "signed_url_invalid");

        // Signed by this server but already expired.
        var expired = ExpiredSigner().Sign(BlobKeyOf(path))!;
        await ForbiddenAsync(VoiceDriver.Local(expired), "signed_url_expired");

        // Validly signed for this organisation, but naming another organisation's recording under it: no such blob here.
        var foreignPath = otherUrl[..otherUrl.IndexOf('?')]["/api/v1/audio/".Length..];
        var smuggled = BlobKey.For(tenant.OrganizationId, [.. foreignPath.Split('/').Skip(1)]);
        var signed = app.Services.GetRequiredService<AudioUrls>().Sign(smuggled)!;
        await (await client.GetAsync(VoiceDriver.Local(signed))).Problem(HttpStatusCode.NotFound);
        // Another organisation's API key alongside a valid link does not make it theirs.
        (await other.Client.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);

        // The candidate: no recruiter link anywhere on their side, and their token opens no recruiter endpoint.
        var session = await app.Candidate().GetAsync($"/api/v1/sessions/{interview.Token}");
        (await session.Content.ReadAsStringAsync()).ShouldNotContain("/api/v1/audio");
        (await app.WithBearer(interview.Token).GetAsync($"/api/v1/interviews/{interview.InterviewId}/results")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        otherInterview.Token.ShouldNotBe(interview.Token);
    }

    [Fact]
    public async Task The_report_ready_webhook_carries_the_audio_links()
    {
        var (tenant, interview, results, wav) = await FinishAsync();

        var payload = await app.WithDbAsync(tenant.OrganizationId, db => db.OutboxEvents.AsNoTracking()
            .Where(e => e.Type == WebhookEventTypes.InterviewReportReady).Select(e => e.Payload).SingleAsync());
        var data = JsonNode.Parse(payload)!["data"]!;

        data["interview_id"]!.GetValue<string>().ShouldBe(interview.InterviewId.ToString());
        var urls = data["audio_urls"]!.AsArray().Select(u => u!.GetValue<string>()).ToList();
        var transcript = data["transcript"]!.AsArray().Select(t => t!).ToList();
        urls.ShouldBe(transcript.SelectMany(t => new[] { t["prompt_audio_url"]?.GetValue<string>(), t["answer_audio_url"]?.GetValue<string>() }).OfType<string>());
        urls.Count.ShouldBe(transcript.Count + 2);
        using var receiver = app.CreateClient();
        var answerUrl = transcript.First(t => t["answer_audio_url"] != null)["answer_audio_url"]!.GetValue<string>();
        (await (await receiver.GetAsync(VoiceDriver.Local(answerUrl))).BytesAsync()).ShouldBe(wav);
    }

    [Fact]
    public async Task A_low_confidence_transcript_is_marked_for_the_recruiter_and_not_scored_as_a_weak_answer()
    {
        var (tenant, interview, results, _) = await FinishAsync(confidence: 0.3);

        var unsure = results["transcript"]!.AsArray().Where(t => t!["low_speech_confidence"]!.GetValue<bool>()).Select(t => t!).ToList();
        unsure.Count.ShouldBe(2);
        unsure.ShouldAllBe(t => t["speech_confidence"]!.GetValue<double>() == 0.3);
        var scoredQuestion = unsure.Single(t => t["question_key"] != null)["question_key"]!.GetValue<string>();
        var flag = results["report"]!["red_flags"]!.AsArray().Single(f => f!["code"]!.GetValue<string>() == "low_speech_confidence")!;
        flag["question_key"]!.GetValue<string>().ShouldBe(scoredQuestion);
        // The only question answered was the unsure one: the report says so instead of scoring it.
        results["report"]!["summary"]!.GetValue<string>().ShouldContain("speech recognition was unsure of every answer");
        results["report"]!["weaknesses"]!.AsArray().ShouldBeEmpty();

        var payload = await app.WithDbAsync(tenant.OrganizationId, db => db.OutboxEvents.AsNoTracking()
            .Where(e => e.Type == WebhookEventTypes.InterviewReportReady).Select(e => e.Payload).SingleAsync());
        JsonNode.Parse(payload)!["data"]!["transcript"]!.AsArray().Count(t => t!["low_speech_confidence"]!.GetValue<bool>()).ShouldBe(2);

        var recruiter = await app.MemberAsync(tenant.OrganizationId, MemberRole.Evaluator);
        var html = WebUtility.HtmlDecode(await recruiter.GetPageAsync($"/app/interviews/{interview.InterviewId}"));
        html.ShouldContain("Low speech recognition confidence");
    }

    [Fact]
    public async Task The_results_page_plays_both_sides_and_summarises_the_voice_latency_but_shared_copies_carry_no_audio()
    {
        var (tenant, interview, results, _) = await FinishAsync();
        var recruiter = await app.MemberAsync(tenant.OrganizationId, MemberRole.Recruiter);

        var html = WebUtility.HtmlDecode(await recruiter.GetPageAsync($"/app/interviews/{interview.InterviewId}"));

        var players = System.Text.RegularExpressions.Regex.Matches(html, "<audio controls preload=\"none\" src=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        players.Count.ShouldBe(results["transcript"]!.AsArray().Count + 2, "every interviewer turn and both spoken answers");
        players.ShouldAllBe(src => src.StartsWith($"http://candor.test/api/v1/audio/{tenant.OrganizationId:D}/"));
        html.ShouldContain("Candidate's spoken answer, turn");
        html.ShouldContain("Voice latency");
        html.ShouldContain("Candor's own overhead");

        // The reader as the shared link and the PDF use it.
        await using var scope = app.Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<Candor.Web.Data.TenantContext>().Set(tenant.OrganizationId);
        var shared = await scope.ServiceProvider.GetRequiredService<InterviewResultsReader>().ReadAsync(interview.InterviewId, CancellationToken.None);
        shared!.Transcript.ShouldAllBe(t => t.AnswerAudioUrl == null && t.PromptAudioUrl == null);
    }

    private AudioUrls ExpiredSigner() => new(
        app.Services.GetRequiredService<SecretProtector>(),
        Options.Create(new VoiceOptions { SignedUrlLifetime = TimeSpan.FromMinutes(-1) }),
        app.Services.GetRequiredService<IOptions<CandorOptions>>(), TimeProvider.System, NullLogger<AudioUrls>.Instance);

    private static BlobKey BlobKeyOf(string path) =>
        BlobKey.TryParse(path["/api/v1/audio/".Length..], out var key) ? key : throw new InvalidOperationException(path);

    private static string Flip(string signature) => (signature[0] == 'A' ? 'B' : 'A') + signature[1..];
}
