using System.Net;
using Candor.Web.Features.Quotas;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Features.Quotas;

/// <summary>An essential plan of five interviews a month, so tests can use it up.</summary>
public sealed class SmallQuotaApp : CandorApp
{
    public SmallQuotaApp() => With("Candor:Quotas:essential", "5");
}

public sealed class QuotaTests(SmallQuotaApp app) : IClassFixture<SmallQuotaApp>
{
    [Fact]
    public async Task Scheduling_past_the_monthly_quota_is_429_with_the_plan_limit_and_reset()
    {
        var (tenant, driver, jobId) = await SetUpAsync();
        for (var i = 0; i < 5; i++)
        {
            await driver.ScheduleAsync(jobId, email: $"c{i}@example.com");
        }

        var now = DateTimeOffset.UtcNow;
        var resetsAt = new DateTimeOffset(now.Year, now.Month, 1, 0, 0, 0, TimeSpan.Zero).AddMonths(1);
        var rejected = await Schedule(tenant, jobId);
        var problem = await rejected.Problem(HttpStatusCode.TooManyRequests);
        problem["code"]!.GetValue<string>().ShouldBe("quota_exceeded");
        problem["plan"]!.GetValue<string>().ShouldBe("essential");
        problem["limit"]!.GetValue<int>().ShouldBe(5);
        problem["resets_at"]!.GetValue<DateTimeOffset>().ShouldBe(resetsAt);
        var retryAfter = rejected.Headers.RetryAfter!.Delta!.Value;
        (now + retryAfter).ShouldBeInRange(resetsAt.AddMinutes(-1), resetsAt.AddMinutes(1));
        (await CountInterviewsAsync(tenant)).ShouldBe(5);

        var usage = await tenant.Client.GetJson("/api/v1/usage");
        usage["plan"]!.GetValue<string>().ShouldBe("essential");
        usage["interviews_scheduled"]!.GetValue<int>().ShouldBe(5);
        usage["limit"]!.GetValue<int>().ShouldBe(5);
        usage["period_end"]!.GetValue<DateTimeOffset>().ShouldBe(resetsAt);
    }

    [Fact]
    public async Task Concurrent_schedules_never_exceed_the_quota()
    {
        var (tenant, _, jobId) = await SetUpAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Schedule(tenant, jobId)));
        responses.Count(r => r.StatusCode == HttpStatusCode.Created).ShouldBe(5);
        responses.Count(r => r.StatusCode == HttpStatusCode.TooManyRequests).ShouldBe(15);
        (await CountInterviewsAsync(tenant)).ShouldBe(5);
        (await tenant.Client.GetJson("/api/v1/usage"))["interviews_scheduled"]!.GetValue<int>().ShouldBe(5);
    }

    [Fact]
    public async Task A_new_month_starts_from_zero_even_before_the_roll_over_job_runs()
    {
        var (tenant, driver, jobId) = await SetUpAsync();
        for (var i = 0; i < 5; i++)
        {
            await driver.ScheduleAsync(jobId, email: $"c{i}@example.com");
        }
        await (await Schedule(tenant, jobId)).Problem(HttpStatusCode.TooManyRequests);

        // Time passes: this month's counter becomes last month's.
        await MoveUsageBackAsync(tenant, months: 1);
        (await tenant.Client.GetJson("/api/v1/usage"))["interviews_scheduled"]!.GetValue<int>().ShouldBe(0);
        await driver.ScheduleAsync(jobId, email: "new-month@example.com");
        (await tenant.Client.GetJson("/api/v1/usage"))["interviews_scheduled"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task The_roll_over_opens_every_organisations_month_and_prunes_old_ones()
    {
        var (tenant, driver, jobId) = await SetUpAsync();
        await driver.ScheduleAsync(jobId);
        await MoveUsageBackAsync(tenant, months: 14);
        await app.WithDbAsync(tenant.OrganizationId, db => db.Database.ExecuteSqlAsync($"""
            INSERT INTO organization_usage (organization_id, period_start, interviews_scheduled)
            VALUES ({tenant.OrganizationId}, date_trunc('month', now() AT TIME ZONE 'utc')::date - interval '2 months', 3)
            """));

        await app.Services.GetRequiredService<UsagePeriodRoller>().RollAsync(CancellationToken.None);

        var periods = await app.WithDbAsync(tenant.OrganizationId, db => db.Database.SqlQuery<int>($"""
            SELECT interviews_scheduled AS "Value" FROM organization_usage WHERE organization_id = {tenant.OrganizationId} ORDER BY period_start
            """).ToListAsync());
        periods.ShouldBe([3, 0], "the 14-month-old period is pruned, two months ago is kept, and this month is opened at zero");
    }

    [Fact]
    public async Task Plans_set_the_limit_and_enterprise_is_unlimited()
    {
        var (tenant, driver, jobId) = await SetUpAsync();
        await SetPlanAsync(tenant, "professional");
        (await tenant.Client.GetJson("/api/v1/usage"))["limit"]!.GetValue<int>().ShouldBe(1000);

        await SetPlanAsync(tenant, "enterprise");
        for (var i = 0; i < 7; i++)
        {
            await driver.ScheduleAsync(jobId, email: $"c{i}@example.com");
        }
        var usage = await tenant.Client.GetJson("/api/v1/usage");
        usage["limit"].ShouldBeNull();
        usage["interviews_scheduled"]!.GetValue<int>().ShouldBe(7);
    }

    [Fact]
    public async Task A_quota_rejection_is_not_replayed_for_the_same_idempotency_key()
    {
        var (tenant, driver, jobId) = await SetUpAsync();
        for (var i = 0; i < 5; i++)
        {
            await driver.ScheduleAsync(jobId, email: $"c{i}@example.com");
        }
        await (await Schedule(tenant, jobId, "retry-next-month")).Problem(HttpStatusCode.TooManyRequests);

        await MoveUsageBackAsync(tenant, months: 1);
        var retried = await Schedule(tenant, jobId, "retry-next-month");
        retried.StatusCode.ShouldBe(HttpStatusCode.Created);
        retried.Headers.Contains("Idempotent-Replayed").ShouldBeFalse();
    }

    [Fact]
    public async Task Usage_needs_the_read_scope()
    {
        var writer = await app.CreateTenantAsync("Writer", "jobs:write");
        await (await writer.Client.GetAsync("/api/v1/usage")).Problem(HttpStatusCode.Forbidden);
    }

    private async Task<(Tenant Tenant, InterviewDriver Driver, Guid JobId)> SetUpAsync()
    {
        var tenant = await app.CreateTenantAsync();
        var driver = new InterviewDriver(app, tenant);
        var job = await driver.CreateJobAsync();
        return (tenant, driver, Guid.Parse(job["id"]!.GetValue<string>()));
    }

    private static Task<HttpResponseMessage> Schedule(Tenant tenant, Guid jobId, string? idempotencyKey = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/interviews/schedule")
        {
            // A new candidate each time (the same one twice is a duplicate, 409); a retried key repeats its own body.
            Content = System.Net.Http.Json.JsonContent.Create(new { job_id = jobId, candidate = new { name = "Ada", email = $"ada-{idempotencyKey ?? Guid.NewGuid().ToString("N")}@example.com" } }),
        };
        if (idempotencyKey is not null)
        {
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        }
        return tenant.Client.SendAsync(request);
    }

    private Task<int> CountInterviewsAsync(Tenant tenant) => app.WithDbAsync(tenant.OrganizationId, db => db.Interviews.CountAsync());

    private Task MoveUsageBackAsync(Tenant tenant, int months) => app.WithDbAsync(tenant.OrganizationId, db => db.Database.ExecuteSqlAsync(
        $"UPDATE organization_usage SET period_start = period_start - make_interval(months => {months}) WHERE organization_id = {tenant.OrganizationId}"));

    private Task SetPlanAsync(Tenant tenant, string plan) => app.WithDbAsync(tenant.OrganizationId, db => db.Database.ExecuteSqlAsync(
        $"UPDATE organizations SET plan = {plan} WHERE id = {tenant.OrganizationId}"));
}
