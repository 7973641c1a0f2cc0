using System.Net;
using Candor.Web.Features.Rooms;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.Quotas;

/// <summary>An essential plan with two AI-assisted technical rooms a month (and the usual interview quota).</summary>
public sealed class SmallRoomQuotaApp : CandorApp
{
    public SmallRoomQuotaApp() => With("Candor:Quotas:TechnicalRooms:Essential", "2");
}

public sealed class TechnicalRoomQuotaTests(SmallRoomQuotaApp app) : IClassFixture<SmallRoomQuotaApp>
{
    [Fact]
    public async Task Technical_rooms_are_counted_per_month_enforced_when_opened_and_shown_in_usage()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var usage = await tenant.Client.GetJson("/api/v1/usage");
        usage["technical_rooms"]!["used"]!.GetValue<int>().ShouldBe(0);
        usage["technical_rooms"]!["limit"]!.GetValue<int>().ShouldBe(2);

        var technicalJob = Guid.Parse((await driver.CreateJobAsync())["id"]!.GetValue<string>());
        await driver.ScheduleAsync(technicalJob);
        await driver.ScheduleAsync(technicalJob);

        // The third technical interview would open a third room: refused like an interview past its quota, and nothing stays.
        var rejected = await tenant.Client.PostJson("/api/v1/interviews/schedule",
            new { job_id = technicalJob, candidate = new { name = "Third", email = "third@example.com" } });
        var problem = await rejected.Problem(HttpStatusCode.TooManyRequests);
        problem["code"]!.GetValue<string>().ShouldBe("quota_exceeded");
        problem["quota"]!.GetValue<string>().ShouldBe("technical_rooms");
        problem["plan"]!.GetValue<string>().ShouldBe("essential");
        problem["limit"]!.GetValue<int>().ShouldBe(2);
        rejected.Headers.RetryAfter!.Delta.ShouldNotBeNull();
        (await app.WithDbAsync(tenant.OrganizationId, db => db.Interviews.CountAsync())).ShouldBe(2, "the interview rolled back with its room");

        // POST /rooms counts against the same quota.
        var room = await tenant.Client.PostJson("/api/v1/rooms", new { mode = "peer", candidate = new { name = "Grace", email = "grace@example.com" } });
        (await room.Problem(HttpStatusCode.TooManyRequests))["quota"]!.GetValue<string>().ShouldBe("technical_rooms");
        (await app.WithDbAsync(tenant.OrganizationId, db => db.Set<Room>().CountAsync())).ShouldBe(2);

        // A behavioural stage opens no room, so it schedules as long as interviews remain.
        var salesJob = Guid.Parse((await driver.CreateJobAsync("Account Executive", InterviewSettingsTests.SalesJobDescription))["id"]!.GetValue<string>());
        await driver.ScheduleAsync(salesJob);

        usage = await tenant.Client.GetJson("/api/v1/usage");
        usage["interviews_scheduled"]!.GetValue<int>().ShouldBe(3);
        usage["technical_rooms"]!["used"]!.GetValue<int>().ShouldBe(2);
        usage["technical_rooms"]!["limit"]!.GetValue<int>().ShouldBe(2);
        usage["technical_rooms"]!["remaining"]!.GetValue<int>().ShouldBe(0);
    }

    [Fact]
    public async Task A_measuring_run_that_meets_a_monthly_quota_fails_at_once_rather_than_waiting_for_next_month()
    {
        // ./candor eval and bench lift the quotas; a run against an app that does not must say so, not sleep for weeks
        // on the quota's Retry-After (as a run once did when technical stages started counting rooms).
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var technicalJob = Guid.Parse((await driver.CreateJobAsync())["id"]!.GetValue<string>());
        await driver.ScheduleAsync(technicalJob);
        await driver.ScheduleAsync(technicalJob);
        var client = new Candor.Eval.Running.CandorApiClient(tenant.Client, app.CreateClient());

        var failure = await Should.ThrowAsync<Candor.Eval.Running.EvalRunException>(() => client.ScheduleAsync(
            new { job_id = technicalJob, candidate = new { name = "Third", email = "third@example.com" } }, CancellationToken.None));

        failure.Message.ShouldContain("a monthly quota, not a rate limit");
        failure.Message.ShouldContain("technical_rooms");
    }

    [Fact]
    public async Task Rooms_made_by_the_API_count_too()
    {
        var tenant = await app.CreateTenantAsync();
        await (await tenant.Client.PostJson("/api/v1/rooms", new { mode = "ai", candidate = new { name = "Ada", email = "ada@example.com" } })).Json(HttpStatusCode.Created);
        var usage = await tenant.Client.GetJson("/api/v1/usage");
        usage["technical_rooms"]!["used"]!.GetValue<int>().ShouldBe(1);
        usage["technical_rooms"]!["remaining"]!.GetValue<int>().ShouldBe(1);
        usage["interviews_scheduled"]!.GetValue<int>().ShouldBe(0);
    }
}
