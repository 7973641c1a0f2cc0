using Candor.Web.Data;
using Candor.Web.Features.Demo;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Features.Demo;

/// <summary>An app started the way ./candor run starts it: the demo organisation is seeded at start-up.</summary>
public sealed class DemoApp : CandorApp
{
    public DemoApp()
    {
        With("Candor:Demo:Enabled", "true");
    }
}

public sealed class DemoSeedTests(DemoApp app) : IClassFixture<DemoApp>
{
    [Fact]
    public async Task The_demo_job_has_three_interviews_of_different_quality_scored_and_reported_by_the_real_pipeline()
    {
        var organizationId = await DemoOrganizationAsync();
        var tenant = await app.TenantForAsync(organizationId);
        var driver = new InterviewDriver(app, tenant);

        var list = await tenant.Client.GetJson("/api/v1/interviews?status=completed");
        list["total"]!.GetValue<int>().ShouldBe(3);
        var byEmail = list["items"]!.AsArray().ToDictionary(i => i!["candidate"]!["email"]!.GetValue<string>(), i => Guid.Parse(i!["interview_id"]!.GetValue<string>()));

        var strong = (await driver.WaitForResultsAsync(byEmail["priya.raman@example.com"]))["report"]!;
        var average = (await driver.WaitForResultsAsync(byEmail["tom.becker@example.com"]))["report"]!;
        var weakResults = await driver.WaitForResultsAsync(byEmail["sam.doyle@example.com"]);
        var weak = weakResults["report"]!;

        // The scores come from the evaluator over the scripted words, so they order the candidates without being written anywhere.
        strong["overall"]!.GetValue<int>().ShouldBeGreaterThan(average["overall"]!.GetValue<int>());
        average["overall"]!.GetValue<int>().ShouldBeGreaterThan(weak["overall"]!.GetValue<int>());
        strong["recommendation"]!.GetValue<string>().ShouldBeOneOf("strong_hire", "hire");
        weak["recommendation"]!.GetValue<string>().ShouldBeOneOf("no_hire", "lean_no", "insufficient_evidence");
        // The real interviewer drove the weak interview: vague answers drew follow-ups.
        weakResults["transcript"]!.AsArray().Count(t => t!["kind"]!.GetValue<string>() == "follow_up").ShouldBeGreaterThan(0);
    }

    [Fact]
    public async Task Seeding_again_adds_nothing()
    {
        var organizationId = await DemoOrganizationAsync();
        await using (var scope = app.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<DemoSeeder>().SeedAsync();
        }

        await using var check = app.Services.CreateAsyncScope();
        var db = check.ServiceProvider.GetRequiredService<CandorDbContext>();
        (await db.Jobs.IgnoreQueryFilters().CountAsync(j => j.OrganizationId == organizationId)).ShouldBe(1);
        var emails = await db.Interviews.IgnoreQueryFilters().Where(i => i.OrganizationId == organizationId).Select(i => i.CandidateEmail).ToListAsync();
        emails.ShouldBe(DemoInterviews.Candidates.Select(c => c.Email), ignoreOrder: true);
    }

    private async Task<Guid> DemoOrganizationAsync()
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CandorDbContext>().Organizations
            .Where(o => o.Slug == DemoSeeder.Slug).Select(o => o.Id).SingleAsync();
    }
}
