using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Features.Accounts;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.CandidateResults;

/// <summary>The candidate's whiteboard sketch: validated, kept on the turn, shown to the hiring team only.</summary>
public sealed class WhiteboardTests(ResultsApp app) : IClassFixture<ResultsApp>
{
    // A 1×1 transparent PNG.
    private const string TinyPngBase64 = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==";
    private const string TinyPng = "data:image/png;base64," + TinyPngBase64;

    [Fact]
    public async Task A_sketch_sent_with_an_answer_is_validated_kept_and_served_to_the_hiring_team_only()
    {
        var tenant = await app.CreateTenantAsync("Sketchers");
        var driver = new InterviewDriver(app, tenant);
        var interview = await driver.ScheduleNewAsync();
        var candidate = app.Candidate();
        var intro = await driver.StartAsync(interview.Token);
        var question = await driver.AnswerAsync(interview.Token, intro, "Hi, I design distributed systems.");
        var turnId = question["turn_id"]!.GetValue<string>();
        var answers = $"/api/v1/sessions/{interview.Token}/answers";

        var badPrefix = await (await candidate.PostJson(answers, new { turn_id = turnId, text = "see sketch", whiteboard = "data:image/jpeg;base64," + TinyPngBase64 }))
            .Problem(HttpStatusCode.BadRequest);
        badPrefix["errors"]!["whiteboard"].ShouldNotBeNull();
        var notPng = await (await candidate.PostJson(answers, new { turn_id = turnId, text = "see sketch", whiteboard = "data:image/png;base64,aGVsbG8=" }))
            .Problem(HttpStatusCode.BadRequest);
        notPng["errors"]!["whiteboard"].ShouldNotBeNull();
        var oversize = await (await candidate.PostJson(answers, new { turn_id = turnId, text = "see sketch", whiteboard = TinyPng + new string('A', 1_600_000) }))
            .Problem(HttpStatusCode.BadRequest);
        oversize["errors"]!["whiteboard"].ShouldNotBeNull();

        await (await candidate.PostJson(answers, new { turn_id = turnId, text = "A queue in front of the workers.", whiteboard = TinyPng })).Json();

        var session = await (await candidate.GetAsync($"/api/v1/sessions/{interview.Token}")).Content.ReadAsStringAsync();
        session.ShouldNotContain("whiteboard_url");
        session.ShouldNotContain(TinyPngBase64);
        session.ShouldNotContain("whiteboard.png");

        var results = await tenant.Client.GetJson($"/api/v1/interviews/{interview.InterviewId}/results");
        var turns = results["transcript"]!.AsArray();
        var url = $"/app/interviews/{interview.InterviewId}/turns/{turnId}/whiteboard.png";
        turns.Single(t => t!["turn_id"]!.GetValue<string>() == turnId)!["whiteboard_url"]!.GetValue<string>().ShouldBe(url);
        turns.Single(t => t!["turn_id"]!.GetValue<string>() == intro["turn_id"]!.GetValue<string>())!["whiteboard_url"].ShouldBeNull();

        var evaluator = await app.LogInAsync(await app.AddMemberAsync(tenant.OrganizationId, MemberRole.Evaluator, "Eva Evaluator"));
        var image = await evaluator.Client.GetAsync(url);
        image.StatusCode.ShouldBe(HttpStatusCode.OK);
        image.Content.Headers.ContentType!.MediaType.ShouldBe("image/png");
        (await image.Content.ReadAsByteArrayAsync()).ShouldBe(Convert.FromBase64String(TinyPngBase64));
        var page = WebUtility.HtmlDecode(await evaluator.GetPageAsync($"/app/interviews/{interview.InterviewId}"));
        page.ShouldContain($"src=\"{url}\"");
        page.ShouldContain("alt=\"Candidate's whiteboard sketch\"");

        // No sketch on the intro turn, another organisation, or nobody signed in: nothing to see.
        (await evaluator.Client.GetAsync($"/app/interviews/{interview.InterviewId}/turns/{intro["turn_id"]}/whiteboard.png")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var other = await app.CreateTenantAsync("Other Sketchers");
        var outsider = await app.LogInAsync(await app.AddMemberAsync(other.OrganizationId, MemberRole.Admin, "Olga Outsider"));
        (await outsider.Client.GetAsync(url)).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        var anonymous = await new Accounts.PageSession(app).Client.GetAsync(url);
        anonymous.StatusCode.ShouldNotBe(HttpStatusCode.OK);
    }
}
