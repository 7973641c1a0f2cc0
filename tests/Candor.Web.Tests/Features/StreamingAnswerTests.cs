using System.Net;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features;

/// <summary>The answers endpoint streams the interviewer's words as server-sent events when asked to.</summary>
public sealed class StreamingAnswerTests(CandorApp app) : IClassFixture<CandorApp>
{
    [Fact]
    public async Task The_reply_streams_as_deltas_then_the_turn_and_matches_the_stored_turn()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var interview = await driver.ScheduleNewAsync();
        var intro = await driver.StartAsync(interview.Token);

        var response = await app.Candidate().PostAnswerStreamingAsync(interview.Token, intro["turn_id"]!.GetValue<string>(), "I build payment APIs in C#.");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var events = await response.ReadEventsAsync();

        var deltas = events.Where(e => e.Name == "delta").Select(e => e.Data["text"]!.GetValue<string>()).ToList();
        deltas.ShouldNotBeEmpty();
        events[^1].Name.ShouldBe("turn");
        events.ShouldNotContain(e => e.Name == "replace" || e.Name == "error");
        var turn = events[^1].Data;
        string.Concat(deltas).ShouldBe(turn["text"]!.GetValue<string>());
        turn["kind"]!.GetValue<string>().ShouldBe("question");

        var session = await app.Candidate().GetJson($"/api/v1/sessions/{interview.Token}");
        session["current_turn"]!["turn_id"]!.GetValue<string>().ShouldBe(turn["turn_id"]!.GetValue<string>());
        session["current_turn"]!["text"]!.GetValue<string>().ShouldBe(turn["text"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_replayed_answer_streams_the_stored_turn_as_a_replacement()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var interview = await driver.ScheduleNewAsync();
        var intro = await driver.StartAsync(interview.Token);
        var question = await driver.AnswerAsync(interview.Token, intro, "Hello, I am a backend engineer.");

        var events = await (await app.Candidate().PostAnswerStreamingAsync(interview.Token, intro["turn_id"]!.GetValue<string>(), "Hello, I am a backend engineer.")).ReadEventsAsync();
        events.Select(e => e.Name).ShouldBe(["replace", "turn"]);
        events[1].Data["turn_id"]!.GetValue<string>().ShouldBe(question["turn_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task Problems_before_the_stream_begins_are_ordinary_problem_responses()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var interview = await driver.ScheduleNewAsync();
        await driver.StartAsync(interview.Token);
        await (await app.Candidate().PostAnswerStreamingAsync(interview.Token, Guid.NewGuid().ToString(), "hi")).Problem(HttpStatusCode.NotFound);
        await (await app.Candidate().PostAnswerStreamingAsync(interview.Token, Guid.NewGuid().ToString(), new string('x', 20_001))).Problem(HttpStatusCode.BadRequest);
    }
}
