using System.Net;
using System.Net.Http.Headers;
using Candor.Web.Infrastructure;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.Greenhouse;

/// <summary>Every Greenhouse call refuses bad credentials and bad input with a clear problem, writing nothing.</summary>
public sealed class GreenhouseBadInputTests(GreenhouseApp app) : IClassFixture<GreenhouseApp>
{
    private const string Api = "/api/v1/integrations/greenhouse";

    [Fact]
    public async Task Missing_or_wrong_Basic_credentials_are_401_with_a_problem()
    {
        var tenant = await app.CreateTenantAsync();
        var anonymous = app.CreateClient();
        var response = await anonymous.GetAsync($"{Api}/list_tests");
        (await response.Problem(HttpStatusCode.Unauthorized))["detail"]!.GetValue<string>().ShouldContain("Basic");
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Basic");
        await (await anonymous.PostJson($"{Api}/send_test", new { })).Problem(HttpStatusCode.Unauthorized);
        await (await anonymous.GetAsync($"{Api}/test_status?partner_interview_id={Guid.NewGuid()}")).Problem(HttpStatusCode.Unauthorized);

        await (await app.GreenhouseClient("cnd_nothere0_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa").GetAsync($"{Api}/list_tests")).Problem(HttpStatusCode.Unauthorized);
        await (await app.GreenhouseClient(tenant.ApiKey[..13] + new string('x', 31)).GetAsync($"{Api}/list_tests")).Problem(HttpStatusCode.Unauthorized);
        var garbled = app.CreateClient();
        garbled.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", "%%%not-base64");
        await (await garbled.GetAsync($"{Api}/list_tests")).Problem(HttpStatusCode.Unauthorized);

        // The right key works whatever password Greenhouse sends with it.
        var withPassword = app.CreateClient();
        withPassword.DefaultRequestHeaders.Authorization = GreenhouseApp.Basic(tenant.ApiKey, "ignored");
        (await withPassword.GetAsync($"{Api}/list_tests")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_key_without_the_scope_is_401_the_status_Greenhouse_documents_for_a_refused_key()
    {
        var readOnly = await app.CreateTenantAsync("Read only", "interviews:read");
        var response = await app.GreenhouseClient(readOnly.ApiKey).GetAsync($"{Api}/list_tests");
        (await response.Problem(HttpStatusCode.Unauthorized))["code"]!.GetValue<string>().ShouldBe("insufficient_scope");
        response.Headers.WwwAuthenticate.ToString().ShouldStartWith("Basic");
        await (await app.GreenhouseClient(readOnly.ApiKey).PostJson($"{Api}/send_test", new { })).Problem(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Another_organisations_interview_is_404_and_a_missing_id_400()
    {
        var owner = await app.CreateTenantAsync("Owner");
        var stranger = await app.CreateTenantAsync("Stranger");
        var job = await new InterviewDriver(app, owner).CreateJobAsync();
        var sent = await GreenhouseFlowTests.SendTestAsync(app.GreenhouseClient(owner.ApiKey), job, "https://app.greenhouse.io/t/1");
        var id = sent["partner_interview_id"]!.GetValue<string>();
        var client = app.GreenhouseClient(stranger.ApiKey);

        await (await client.GetAsync($"{Api}/test_status?partner_interview_id={id}")).Problem(HttpStatusCode.NotFound);
        await (await client.GetAsync($"{Api}/test_status?partner_interview_id=98765")).Problem(HttpStatusCode.NotFound);
        var missing = await (await client.GetAsync($"{Api}/test_status")).Problem(HttpStatusCode.BadRequest);
        missing["errors"]!["partner_interview_id"].ShouldNotBeNull();
    }

    [Fact]
    public async Task Unknown_or_foreign_tests_are_404_and_nothing_is_written()
    {
        var tenant = await app.CreateTenantAsync();
        var other = await app.CreateTenantAsync("Other");
        var foreignJob = await new InterviewDriver(app, other).CreateJobAsync();
        var client = app.GreenhouseClient(tenant.ApiKey);

        foreach (var testId in new object[] { Guid.NewGuid().ToString(), foreignJob["id"]!.GetValue<string>(), "12345", 12345 })
        {
            var problem = await (await client.PostJson($"{Api}/send_test", Body(testId))).Problem(HttpStatusCode.NotFound);
            problem["detail"]!.GetValue<string>().ShouldContain("Test");
        }
        await NothingWrittenAsync(tenant.OrganizationId);
    }

    [Fact]
    public async Task Malformed_or_incomplete_bodies_are_400_naming_the_fields()
    {
        var tenant = await app.CreateTenantAsync();
        var job = await new InterviewDriver(app, tenant).CreateJobAsync();
        var jobId = job["id"]!.GetValue<string>();
        var client = app.GreenhouseClient(tenant.ApiKey);

        await (await client.PostRaw($"{Api}/send_test", "{\"partner_test_id\": ")).Problem(HttpStatusCode.BadRequest);
        await (await client.PostRaw($"{Api}/send_test", "{\"partner_test_id\": true}")).Problem(HttpStatusCode.BadRequest);

        var empty = await (await client.PostJson($"{Api}/send_test", new { })).Problem(HttpStatusCode.BadRequest);
        empty["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["partner_test_id", "url", "candidate"], ignoreOrder: true);

        var noNames = await (await client.PostJson($"{Api}/send_test", new
        {
            partner_test_id = jobId,
            candidate = new { email = "not-an-email" },
            url = "ftp://app.greenhouse.io/t/1",
        })).Problem(HttpStatusCode.BadRequest);
        noNames["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["candidate.first_name", "candidate.last_name", "url"], ignoreOrder: true);

        (await (await client.PostJson($"{Api}/send_test", Body(jobId))).Json())["partner_interview_id"].ShouldNotBeNull(); // A well-formed body is accepted…
        var invalid = await (await client.PostJson($"{Api}/send_test", new
        {
            partner_test_id = jobId,
            candidate = new { first_name = "A", last_name = "B", email = "not-an-email" },
            url = "https://app.greenhouse.io/t/bad-email",
        })).Problem(HttpStatusCode.BadRequest);
        invalid["errors"]!["candidate.email"].ShouldNotBeNull(); // …a bad e-mail is not.
        (await app.WithDbAsync(tenant.OrganizationId, db => db.GreenhouseAssessments.CountAsync())).ShouldBe(1);
    }

    [Theory]
    [InlineData("http://127.0.0.1:8080/x")]
    [InlineData("http://localhost/x")]
    [InlineData("http://10.1.2.3/x")]
    [InlineData("http://192.168.0.10/x")]
    [InlineData("http://169.254.169.254/latest/meta-data")]
    [InlineData("http://[::1]/x")]
    [InlineData("http://[fd00::1]/x")]
    [InlineData("https://user:pass@app.greenhouse.io/x")]
    [InlineData("file:///etc/passwd")]
    public async Task Callback_urls_to_private_networks_are_refused_unless_allowed(string url)
    {
        (await new OutboundUrlGuard(allowPrivateNetworks: false).ProblemAsync(url, CancellationToken.None)).ShouldNotBeNull();
        (await new OutboundUrlGuard(allowPrivateNetworks: false).ProblemAsync("https://93.184.215.14/integrations/testing_partners/take_home_tests/1", CancellationToken.None)).ShouldBeNull();
        if (!url.Contains('@') && url.StartsWith("http", StringComparison.Ordinal))
        {
            (await new OutboundUrlGuard(allowPrivateNetworks: true).ProblemAsync(url, CancellationToken.None)).ShouldBeNull();
        }
    }

    [Fact]
    public async Task A_host_name_that_resolves_to_a_private_address_is_refused_at_connect_time()
    {
        await using var greenhouse = await FakeGreenhouse.StartAsync(apiKey: "any");
        var port = new Uri(greenhouse.BaseUrl).Port;
        using var guarded = new HttpClient(new OutboundUrlGuard(allowPrivateNetworks: false).CreateHandler());

        var refused = await Should.ThrowAsync<HttpRequestException>(() => guarded.PatchAsync($"http://localhost:{port}/integrations/testing_partners/take_home_tests/1", null));
        refused.Message.ShouldContain("private, loopback");
        OutboundUrlGuard.IsRefusal(refused).ShouldBeTrue();
        greenhouse.Requests.ShouldBeEmpty();
    }

    private static SendTestBody Body(object testId) => new(testId,
        new { first_name = "Harry", last_name = "Potter", preferred_name = "Harry", email = GreenhouseFlowTests.Email() }, $"https://app.greenhouse.io/t/{Guid.NewGuid()}");

    private sealed record SendTestBody(object PartnerTestId, object Candidate, string Url);

    private async Task NothingWrittenAsync(Guid organizationId)
    {
        (await app.WithDbAsync(organizationId, db => db.GreenhouseAssessments.CountAsync())).ShouldBe(0);
        (await app.WithDbAsync(organizationId, db => db.Interviews.CountAsync())).ShouldBe(0);
    }
}
