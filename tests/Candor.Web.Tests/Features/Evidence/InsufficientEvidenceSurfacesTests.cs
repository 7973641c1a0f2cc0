using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Candor.Web.Features.Accounts;
using Candor.Web.Tests.Features.CandidateResults;
using Candor.Web.Tests.Features.Webhooks;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.Evidence;

/// <summary>
/// A candidate who ends after two questions gets "not enough evidence" — not a confident no_hire — on every surface:
/// the results API and its filter, the report_ready webhook, the results page, dashboard, CSV, PDF and share page.
/// </summary>
public sealed partial class InsufficientEvidenceSurfacesTests(EvidenceApp app) : IClassFixture<EvidenceApp>
{
    private const string Label = "Not enough evidence";

    [Fact]
    public async Task Ending_after_two_questions_is_not_enough_evidence_everywhere_a_recommendation_appears()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        var tenant = await app.CreateTenantAsync("Evidence Org");
        await tenant.CreateEndpointAsync(receiver.Url, "interview.report_ready");
        var driver = new InterviewDriver(app, tenant);
        var job = await driver.CreateJobAsync();
        job["questions"]!.AsArray().Count.ShouldBeGreaterThanOrEqualTo(6, "two answered questions must be well under half the plan");
        var scheduled = await driver.ScheduleAsync(Guid.Parse(job["id"]!.GetValue<string>()), "Katherine Johnson", "katherine@example.com");

        // Strong answers to the first two plan questions (and their follow-ups), then the candidate leaves.
        var personas = new CandidatePersonas(job);
        var turn = await driver.StartAsync(scheduled.Token);
        var questionsSeen = 0;
        while (true)
        {
            if (turn["kind"]!.GetValue<string>() == "question" && ++questionsSeen > 2)
            {
                break;
            }
            turn = await driver.AnswerAsync(scheduled.Token, turn, personas.Strong(turn));
        }
        (await (await app.Candidate().PostJson($"/api/v1/sessions/{scheduled.Token}/end")).Json())["done"]!.GetValue<bool>().ShouldBeTrue();

        var results = await driver.WaitForResultsAsync(scheduled.InterviewId);
        var report = results["report"]!;
        report["recommendation"]!.GetValue<string>().ShouldBe("insufficient_evidence");
        report["questions_answered"]!.GetValue<int>().ShouldBe(2);
        report["summary"]!.GetValue<string>().ShouldContain("Not enough evidence for a hiring decision");

        // The list API filters on it, and names it among the values it accepts.
        var listed = await tenant.Client.GetJson("/api/v1/interviews?recommendation=insufficient_evidence");
        listed["items"]!.AsArray().Select(i => i!["interview_id"]!.GetValue<string>()).ShouldBe([scheduled.InterviewId.ToString()]);
        var refused = await tenant.Client.GetAsync("/api/v1/interviews?recommendation=maybe");
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("insufficient_evidence");

        var webhook = (await receiver.WaitForMessagesAsync(1)).ShouldHaveSingleItem();
        webhook.Type.ShouldBe("interview.report_ready");
        webhook.Data["recommendation"]!.GetValue<string>().ShouldBe("insufficient_evidence");

        var recruiter = await app.MemberAsync(tenant.OrganizationId, MemberRole.Recruiter);
        var page = WebUtility.HtmlDecode(await recruiter.GetPageAsync($"/app/interviews/{scheduled.InterviewId}"));
        page.ShouldContain(Label);
        page.ShouldNotContain("No hire");

        var dashboard = WebUtility.HtmlDecode(await recruiter.GetPageAsync("/app?recommendation=insufficient_evidence"));
        dashboard.ShouldContain($"<option value=\"insufficient_evidence\" selected>{Label}</option>");
        dashboard.ShouldContain("Katherine Johnson");
        dashboard.ShouldContain($"<td data-label=\"Recommendation\">{Label}</td>");

        // The CSV keeps the code, as the API does, for spreadsheets and imports.
        var csv = await recruiter.Client.GetStringAsync("/app/interviews.csv?recommendation=insufficient_evidence");
        csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).ShouldHaveSingleItem()
            .ShouldContain($",{report["overall"]},insufficient_evidence,");

        var pdf = await recruiter.Client.GetByteArrayAsync($"/app/interviews/{scheduled.InterviewId}/report.pdf");
        PdfText.All(pdf).ShouldContain($"Recommendation: {Label}");

        var created = await recruiter.SubmitExpectingPageAsync($"/app/interviews/{scheduled.InterviewId}", "share", new Dictionary<string, string> { ["Share.Lifetime"] = "24h" });
        var link = ExportsAndSharesTests.ShareLinkPattern().Match(created).Groups["path"].Value;
        link.ShouldNotBeEmpty();
        WebUtility.HtmlDecode(await new Accounts.PageSession(app).GetPageAsync(link)).ShouldContain(Label);
    }

    [Fact]
    public async Task The_api_description_lists_insufficient_evidence_among_the_recommendations()
    {
        var document = await app.CreateClient().GetStringAsync("/openapi/v1.json");
        document.ShouldContain("\"insufficient_evidence\"");
    }

}
