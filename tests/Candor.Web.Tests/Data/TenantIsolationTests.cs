using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Data;

/// <summary>The global query filter is the last line of defence: it holds even for code that forgets to filter.</summary>
public sealed class TenantIsolationTests(CandorApp app) : IClassFixture<CandorApp>
{
    [Fact]
    public async Task Queries_only_see_the_current_tenants_rows_and_none_without_a_tenant()
    {
        var a = await app.CreateTenantAsync("A");
        var b = await app.CreateTenantAsync("B");
        await new InterviewDriver(app, a).CreateJobAsync();
        await new InterviewDriver(app, b).CreateJobAsync("Data Engineer", "Spark, Airflow and SQL pipelines.");

        (await app.WithDbAsync(a.OrganizationId, db => db.Jobs.Select(j => j.OrganizationId).Distinct().ToListAsync())).ShouldBe([a.OrganizationId]);
        (await app.WithDbAsync(b.OrganizationId, db => db.JobQuestions.Select(q => q.OrganizationId).Distinct().ToListAsync())).ShouldBe([b.OrganizationId]);

        await using var scope = app.Services.CreateAsyncScope();
        var unscoped = scope.ServiceProvider.GetRequiredService<CandorDbContext>();
        (await unscoped.Jobs.CountAsync()).ShouldBe(0, "with no tenant set, tenant-owned queries return nothing");
    }

    [Fact]
    public async Task A_row_of_another_tenant_cannot_be_written()
    {
        var a = await app.CreateTenantAsync("A");
        var b = await app.CreateTenantAsync("B");
        var attempt = () => app.WithDbAsync(a.OrganizationId, db =>
        {
            db.Jobs.Add(new Job
            {
                Id = Guid.NewGuid(),
                OrganizationId = b.OrganizationId,
                Title = "Sneaky",
                Description = "x",
                Provenance = Candor.Engine.Ai.Provenance.Offline,
            });
            return db.SaveChangesAsync();
        });
        (await attempt.ShouldThrowAsync<InvalidOperationException>()).Message.ShouldContain("another organisation");
    }
}
