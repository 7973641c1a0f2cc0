using System.Net;
using Candor.Web.Tests.Features.Dashboard;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.Voice;

/// <summary>
/// Issue 9: what the product promises follows the speech engines it has. With STT_PROVIDER=none the landing page, the
/// invitation e-mail and the job page do not promise spoken answers; with TTS_PROVIDER=none they do not promise a
/// spoken interviewer. Each case runs the real pages and the real mail queue for an organisation whose engines are "none".
/// </summary>
public sealed class VoiceWordingTests(VoiceApp app) : IClassFixture<VoiceApp>
{
    [Theory]
    [InlineData(true, true)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(false, false)]
    public async Task The_landing_page_invitation_and_job_page_promise_only_the_speech_the_organisation_has(bool hears, bool speaks)
    {
        var org = await WorkspaceOrg.CreateAsync(app, $"Wording {hears} {speaks}");
        var script = app.Speech.For(org.OrganizationId);
        script.SpeechToTextOff = !hears;
        script.TextToSpeechOff = !speaks;
        var job = await org.CreateJobAsync("Platform Engineer");
        await (await org.Api.Api.PutJson($"/api/v1/jobs/{job}/settings",
            new { stage_type = "technical", tools = new { mode = "voice", confirm_transcript = true } })).Json();

        var jobPage = await org.Admin.GetPageAsync($"/app/jobs/{job}");
        var email = $"wording-{Guid.NewGuid():N}@example.com";
        await org.Admin.SubmitExpectingPageAsync($"/app/interviews/new?job_id={job}", "schedule", new Dictionary<string, string>
        {
            ["Input.JobId"] = job.ToString(), ["Input.Name"] = "Grace Hopper", ["Input.Email"] = email, ["Input.ExpiresInHours"] = "48",
        });
        var mail = await app.WaitForMailAsync(email, "Your interview for Platform Engineer");
        var link = WorkspaceOrg.CandidateLinkPattern().Match(mail).Value;
        var landingResponse = await app.Candidate().GetAsync(new Uri(link).PathAndQuery);
        landingResponse.StatusCode.ShouldBe(HttpStatusCode.OK);
        var landing = WebUtility.HtmlDecode(await landingResponse.Content.ReadAsStringAsync());
        jobPage = WebUtility.HtmlDecode(jobPage);

        if (hears)
        {
            mail.ShouldContain("spoken interview");
            mail.ShouldContain("answer out loud");
            landing.ShouldContain("spoken interview");
            landing.ShouldContain("answer out loud");
            landing.ShouldContain("after each spoken answer", Case.Insensitive);
            landing.ShouldContain("recordings of your spoken answers");
            jobPage.ShouldContain("the candidate speaks");
        }
        else
        {
            mail.ShouldNotContain("out loud");
            mail.ShouldContain("written interview");
            landing.ShouldContain("written interview");
            landing.ShouldNotContain("out loud");
            landing.ShouldNotContain("microphone");
            landing.ShouldNotContain("recordings");
            jobPage.ShouldNotContain("the candidate speaks");
            jobPage.ShouldContain(speaks ? "Speech-to-text is turned off" : "both turned off");
        }

        if (speaks)
        {
            mail.ShouldContain(hears ? "The interviewer speaks each question" : "The interviewer reads each question aloud");
            landing.ShouldContain(hears ? "The interviewer speaks each question" : "The interviewer reads each question aloud");
            jobPage.ShouldContain("the interviewer speaks");
        }
        else
        {
            mail.ShouldNotContain("aloud");
            mail.ShouldNotContain("speaks each question");
            landing.ShouldNotContain("The interviewer speaks");
            landing.ShouldNotContain("aloud");
            landing.ShouldNotContain("speakers");
            jobPage.ShouldNotContain("speaks back");
            jobPage.ShouldContain(hears ? "Text-to-speech is turned off" : "both turned off");
        }
    }
}
