using System.Net;
using System.Text.Json;
using Candor.Web.Data.Entities;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features;

public sealed class BackgroundJobsApiTests(CandorApp app) : IClassFixture<CandorApp>
{
    [Fact]
    public async Task Dead_jobs_are_listed_to_their_own_organisation_and_can_be_replayed()
    {
        var owner = await app.CreateTenantAsync("Owner");
        var other = await app.CreateTenantAsync("Other");
        var deadId = await app.InsertDeadJobAsync(owner.OrganizationId);

        var dead = await owner.Client.GetJson("/api/v1/background-jobs?status=dead");
        dead["total"]!.GetValue<int>().ShouldBe(1);
        dead["items"]![0]!["last_error"]!.GetValue<string>().ShouldBe("provider exploded");
        (await other.Client.GetJson("/api/v1/background-jobs?status=dead"))["total"]!.GetValue<int>().ShouldBe(0);
        await (await other.Client.PostJson($"/api/v1/background-jobs/{deadId}/retry")).Problem(HttpStatusCode.NotFound);

        var retried = await (await owner.Client.PostJson($"/api/v1/background-jobs/{deadId}/retry")).Json();
        retried["status"]!.GetValue<string>().ShouldBe("pending");
        retried["attempts"]!.GetValue<int>().ShouldBe(0);
        await (await owner.Client.GetAsync("/api/v1/background-jobs?status=zombie")).Problem(HttpStatusCode.BadRequest);
    }
}
