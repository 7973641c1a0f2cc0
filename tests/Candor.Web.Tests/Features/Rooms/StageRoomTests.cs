using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Rooms;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.Rooms;

/// <summary>A technical_ai_assisted stage opens its own room; the candidate reaches it from their interview link.</summary>
public sealed class StageRoomTests(CandorApp app) : IClassFixture<CandorApp>
{
    [Fact]
    public async Task Scheduling_a_technical_stage_opens_exactly_one_room_for_the_interview_and_a_behavioural_stage_none()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var backendJob = Guid.Parse((await driver.CreateJobAsync())["id"]!.GetValue<string>());
        var technical = await driver.ScheduleAsync(backendJob);

        var rooms = await RoomsOfAsync(tenant, technical.InterviewId);
        var room = rooms.ShouldHaveSingleItem();
        room.StageRoom.ShouldBeTrue();
        room.Mode.ShouldBe(RoomMode.Ai);
        room.CandidateName.ShouldBe("Ada Lovelace");
        room.Language.ShouldBe("csharp", "the backend job asks for C# and .NET");
        var members = await app.WithDbAsync(tenant.OrganizationId, db => db.Set<RoomMember>().Where(m => m.RoomId == room.Id).ToListAsync());
        members.ShouldHaveSingleItem().Role.ShouldBe(RoomRole.Candidate);

        // A senior role gets a hard problem from the bank, offered in the room's language.
        room.ProblemId.ShouldNotBeNull();
        var problem = await tenant.Client.GetJson($"/api/v1/problems/{room.ProblemId}");
        problem["difficulty"]!.GetValue<string>().ShouldBe("hard");

        // The candidate's interview link leads to it, and the token it hands out opens the room as the candidate.
        var view = await app.Candidate().GetJson($"/api/v1/sessions/{technical.Token}/room");
        view["room_id"]!.GetValue<string>().ShouldBe(room.Id.ToString());
        view["mode"]!.GetValue<string>().ShouldBe("ai");
        var roomToken = view["candidate_token"]!.GetValue<string>();
        roomToken.ShouldStartWith(RoomAccess.TokenPrefix);
        view["candidate_url"]!.GetValue<string>().ShouldBe($"http://candor.test/rooms/{room.Id}#token={roomToken}");
        (await app.Candidate().GetJson($"/api/v1/sessions/{technical.Token}/room"))["candidate_token"]!.GetValue<string>()
            .ShouldBe(roomToken, "the token is derived from the interview link, so it is the same on every visit");
        var asCandidate = await app.WithBearer(roomToken).GetJson($"/api/v1/rooms/{room.Id}");
        asCandidate["role"]!.GetValue<string>().ShouldBe("candidate");
        asCandidate["capabilities"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(["ai:use", "code:edit", "code:view"]);

        // The candidate's interview page links to the room.
        await (await app.Candidate().PostJson($"/api/v1/sessions/{technical.Token}/start", new { consent = true })).Json();
        var page = await app.Candidate().GetStringAsync($"/i/{technical.Token}/interview");
        page.ShouldContain($"/rooms/{room.Id}#token={roomToken}");

        var salesJob = Guid.Parse((await driver.CreateJobAsync("Account Executive", InterviewSettingsTests.SalesJobDescription))["id"]!.GetValue<string>());
        var behavioural = await driver.ScheduleAsync(salesJob);
        (await RoomsOfAsync(tenant, behavioural.InterviewId)).ShouldBeEmpty();
        (await (await app.Candidate().GetAsync($"/api/v1/sessions/{behavioural.Token}/room")).Problem(HttpStatusCode.NotFound))["code"]!
            .GetValue<string>().ShouldBe("no_room");
        (await (await app.Candidate().PostAsync($"/api/v1/sessions/{behavioural.Token}/room", null)).Problem(HttpStatusCode.Conflict))["code"]!
            .GetValue<string>().ShouldBe("not_a_technical_stage");
        (await RoomsOfAsync(tenant, behavioural.InterviewId)).ShouldBeEmpty();
    }

    [Fact]
    public async Task Post_opens_a_missing_room_once_and_wrong_tokens_are_404()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var scheduled = await driver.ScheduleNewAsync();
        // As an interview scheduled before stages opened rooms themselves.
        await app.WithDbAsync(tenant.OrganizationId, db => db.Set<Room>().Where(r => r.InterviewId == scheduled.InterviewId).ExecuteDeleteAsync());

        var missing = await (await app.Candidate().GetAsync($"/api/v1/sessions/{scheduled.Token}/room")).Problem(HttpStatusCode.NotFound);
        missing["code"]!.GetValue<string>().ShouldBe("no_room");
        var opened = await (await app.Candidate().PostAsync($"/api/v1/sessions/{scheduled.Token}/room", null)).Json(HttpStatusCode.Created);
        var again = await (await app.Candidate().PostAsync($"/api/v1/sessions/{scheduled.Token}/room", null)).Json(HttpStatusCode.OK);
        again["room_id"]!.GetValue<string>().ShouldBe(opened["room_id"]!.GetValue<string>());
        again["candidate_token"]!.GetValue<string>().ShouldBe(opened["candidate_token"]!.GetValue<string>());
        (await app.Candidate().GetJson($"/api/v1/sessions/{scheduled.Token}/room"))["room_id"]!.GetValue<string>()
            .ShouldBe(opened["room_id"]!.GetValue<string>());
        (await RoomsOfAsync(tenant, scheduled.InterviewId)).ShouldHaveSingleItem();
        await app.WithBearer(opened["candidate_token"]!.GetValue<string>()).GetJson($"/api/v1/rooms/{opened["room_id"]}");

        await (await app.Candidate().GetAsync("/api/v1/sessions/not-a-real-token/room")).Problem(HttpStatusCode.NotFound);
        await (await app.Candidate().PostAsync("/api/v1/sessions/not-a-real-token/room", null)).Problem(HttpStatusCode.NotFound);
        // A token of another interview reaches that interview's room, never this one.
        var other = await driver.ScheduleAsync(await JobOfAsync(tenant, scheduled.InterviewId));
        var otherToken = (await app.Candidate().GetJson($"/api/v1/sessions/{other.Token}/room"))["candidate_token"]!.GetValue<string>();
        await (await app.WithBearer(otherToken).GetAsync($"/api/v1/rooms/{opened["room_id"]}")).Problem(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_cancelled_or_expired_interviews_room_is_410_for_the_candidate_and_still_visible_to_recruiters()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var job = Guid.Parse((await driver.CreateJobAsync())["id"]!.GetValue<string>());

        var cancelled = await driver.ScheduleAsync(job);
        var view = await app.Candidate().GetJson($"/api/v1/sessions/{cancelled.Token}/room");
        var roomId = view["room_id"]!.GetValue<string>();
        var candidate = app.WithBearer(view["candidate_token"]!.GetValue<string>());
        await candidate.GetJson($"/api/v1/rooms/{roomId}");
        await (await tenant.Client.PostAsync($"/api/v1/interviews/{cancelled.InterviewId}/cancel", null)).Json();

        (await (await candidate.GetAsync($"/api/v1/rooms/{roomId}")).Problem(HttpStatusCode.Gone))["code"]!.GetValue<string>().ShouldBe("interview_cancelled");
        (await (await candidate.PostJson($"/api/v1/rooms/{roomId}/runs", new { code = "print(1)", language = "csharp", mode = "run" }))
            .Problem(HttpStatusCode.Gone))["code"]!.GetValue<string>().ShouldBe("interview_cancelled");
        (await (await candidate.PostJson($"/api/v1/rooms/{roomId}/ai/hint", new { })).Problem(HttpStatusCode.Gone))["code"]!
            .GetValue<string>().ShouldBe("interview_cancelled");
        (await (await app.Candidate().GetAsync($"/api/v1/sessions/{cancelled.Token}/room")).Problem(HttpStatusCode.Gone))["code"]!
            .GetValue<string>().ShouldBe("interview_cancelled");
        (await tenant.Client.GetJson($"/api/v1/rooms/{roomId}"))["room_id"]!.GetValue<string>().ShouldBe(roomId, "recruiters still see a cancelled interview's room");

        var expired = await driver.ScheduleAsync(job);
        var expiredView = await app.Candidate().GetJson($"/api/v1/sessions/{expired.Token}/room");
        var expiredCandidate = app.WithBearer(expiredView["candidate_token"]!.GetValue<string>());
        await app.WithDbAsync(tenant.OrganizationId, db => db.Interviews.Where(i => i.Id == expired.InterviewId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.ExpiresAt, DateTimeOffset.UtcNow.AddDays(-1))));
        (await (await expiredCandidate.GetAsync($"/api/v1/rooms/{expiredView["room_id"]}")).Problem(HttpStatusCode.Gone))["code"]!
            .GetValue<string>().ShouldBe("interview_expired");
        await tenant.Client.GetJson($"/api/v1/rooms/{expiredView["room_id"]}");
    }

    [Fact]
    public async Task A_completed_interviews_room_stays_open_to_finish_the_exercise()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var scheduled = await driver.ScheduleNewAsync();
        var view = await app.Candidate().GetJson($"/api/v1/sessions/{scheduled.Token}/room");
        var candidate = app.WithBearer(view["candidate_token"]!.GetValue<string>());
        await app.WithDbAsync(tenant.OrganizationId, db => db.Interviews.Where(i => i.Id == scheduled.InterviewId)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.Status, InterviewStatus.Completed)));

        // Ending the conversation does not end the exercise: the candidate may still code, run and submit.
        var room = await candidate.GetJson($"/api/v1/rooms/{view["room_id"]}");
        room["capabilities"]!.AsArray().Select(c => c!.GetValue<string>()).ShouldBe(["ai:use", "code:edit", "code:view"]);
        (await candidate.PostJson($"/api/v1/rooms/{view["room_id"]}/runs", new { code = "print(1)", language = view["language"]!.GetValue<string>(), mode = "run" }))
            .StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.Candidate().GetJson($"/api/v1/sessions/{scheduled.Token}/room"))["room_id"]!.GetValue<string>().ShouldBe(view["room_id"]!.GetValue<string>());
    }

    private Task<List<Room>> RoomsOfAsync(Tenant tenant, Guid interviewId) =>
        app.WithDbAsync(tenant.OrganizationId, db => db.Set<Room>().AsNoTracking().Where(r => r.InterviewId == interviewId).ToListAsync());

    private Task<Guid> JobOfAsync(Tenant tenant, Guid interviewId) =>
        app.WithDbAsync(tenant.OrganizationId, db => db.Interviews.Where(i => i.Id == interviewId).Select(i => i.JobId).SingleAsync());
}
