using System.Net;
using System.Text.RegularExpressions;
using Candor.Web.Features.Accounts;
using Candor.Web.Tests.Features.CandidateResults;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.RateLimits;

/// <summary>Tiny limits, so a handful of requests reach them.</summary>
public sealed class RateLimitedApp : CandorApp
{
    public RateLimitedApp()
    {
        With("Candor:RateLimits:ApiKeyPerMinute", "5");
        With("Candor:RateLimits:SessionPerMinute", "3");
        With("Candor:RateLimits:IpPerMinute", "4");
    }
}

public sealed partial class RateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    [Fact]
    public async Task An_api_key_past_its_limit_gets_429_naming_the_limit_with_the_IETF_headers()
    {
        var tenant = await app.CreateTenantAsync();
        for (var remaining = 4; remaining >= 0; remaining--)
        {
            var ok = await tenant.Client.GetAsync("/api/v1/interviews");
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
            Header(ok, "RateLimit-Policy").ShouldBe("\"api_key\";q=5;w=60");
            var state = StateHeader().Match(Header(ok, "RateLimit"));
            state.Success.ShouldBeTrue(Header(ok, "RateLimit"));
            state.Groups["policy"].Value.ShouldBe("api_key");
            int.Parse(state.Groups["r"].Value).ShouldBe(remaining);
            int.Parse(state.Groups["t"].Value).ShouldBeInRange(1, 60);
        }

        var rejected = await tenant.Client.GetAsync("/api/v1/interviews");
        var problem = await rejected.Problem(HttpStatusCode.TooManyRequests);
        problem["code"]!.GetValue<string>().ShouldBe("rate_limited");
        problem["limit"]!.GetValue<string>().ShouldBe("api_key");
        var retryAfter = int.Parse(Header(rejected, "Retry-After"));
        retryAfter.ShouldBeInRange(1, 60);
        Header(rejected, "RateLimit-Policy").ShouldBe("\"api_key\";q=5;w=60");
        Header(rejected, "RateLimit").ShouldBe($"\"api_key\";r=0;t={retryAfter}");

        // Writes count too, and are refused before they run.
        await (await tenant.Client.PostJson("/api/v1/jobs", new { title = "Engineer", description = "Builds things" })).Problem(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task Each_api_key_has_its_own_budget()
    {
        var noisy = await app.CreateTenantAsync("Noisy");
        var quiet = await app.CreateTenantAsync("Quiet");
        for (var i = 0; i < 5; i++)
        {
            (await noisy.Client.GetAsync("/api/v1/jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);
        }
        await (await noisy.Client.GetAsync("/api/v1/jobs")).Problem(HttpStatusCode.TooManyRequests);

        var response = await quiet.Client.GetAsync("/api/v1/jobs");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(response, "RateLimit").ShouldStartWith("\"api_key\";r=4;");
    }

    [Fact]
    public async Task A_candidate_session_token_is_limited_on_its_own()
    {
        var recruiter = await app.CreateTenantAsync("Sessions");
        var driver = new InterviewDriver(app, recruiter);
        var job = await driver.CreateJobAsync();
        var jobId = Guid.Parse(job["id"]!.GetValue<string>());
        var first = await driver.ScheduleAsync(jobId);
        var second = await driver.ScheduleAsync(jobId, "Grace Hopper", "grace@example.com");

        var candidate = app.Candidate();
        for (var i = 0; i < 3; i++)
        {
            var ok = await candidate.GetAsync($"/api/v1/sessions/{first.Token}");
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
            Header(ok, "RateLimit-Policy").ShouldBe("\"session\";q=3;w=60");
        }
        var rejected = await candidate.PostJson($"/api/v1/sessions/{first.Token}/start");
        (await rejected.Problem(HttpStatusCode.TooManyRequests))["limit"]!.GetValue<string>().ShouldBe("session");
        rejected.Headers.RetryAfter.ShouldNotBeNull();

        // Another candidate's link is unaffected.
        (await candidate.GetAsync($"/api/v1/sessions/{second.Token}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Requests_without_a_valid_key_are_limited_per_address()
    {
        var anonymous = app.CreateClient();
        anonymous.DefaultRequestHeaders.Add("X-Api-Key", "cnd_guessing_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        for (var i = 0; i < 4; i++)
        {
            await (await anonymous.GetAsync("/api/v1/jobs")).Problem(HttpStatusCode.Unauthorized);
        }
        var rejected = await anonymous.GetAsync("/api/v1/jobs");
        (await rejected.Problem(HttpStatusCode.TooManyRequests))["limit"]!.GetValue<string>().ShouldBe("ip");
        Header(rejected, "RateLimit-Policy").ShouldBe("\"ip\";q=4;w=60");

        // Health checks and the OpenAPI document are not API calls and are never limited.
        (await anonymous.GetAsync("/health")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    internal static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : throw new ShouldAssertException($"No {name} header");

    [GeneratedRegex("^\"(?<policy>[a-z_]+)\";r=(?<r>\\d+);t=(?<t>\\d+)$")]
    private static partial Regex StateHeader();
}

/// <summary>Its own app, so no other test has spent this address's budget first.</summary>
public sealed class CandidateTokenRateLimitTests(RateLimitedApp app) : IClassFixture<RateLimitedApp>
{
    [Fact]
    public async Task Made_up_tokens_spend_the_address_budget_then_get_429_while_real_links_keep_their_own()
    {
        var recruiter = await app.CreateTenantAsync("Guessing");
        var driver = new InterviewDriver(app, recruiter);
        var jobId = Guid.Parse((await driver.CreateJobAsync())["id"]!.GetValue<string>());
        var real = await driver.ScheduleAsync(jobId);
        var candidate = app.Candidate();
        // The real candidate opened their link before the guessing started.
        (await candidate.GetAsync($"/api/v1/sessions/{real.Token}")).StatusCode.ShouldBe(HttpStatusCode.OK);

        for (var i = 0; i < 4; i++)
        {
            var guess = await candidate.GetAsync($"/api/v1/sessions/{Guid.NewGuid():N}");
            await guess.Problem(HttpStatusCode.NotFound);
            RateLimitTests.Header(guess, "RateLimit-Policy").ShouldBe("\"ip\";q=4;w=60", "an unknown token has no budget of its own");
        }

        // Each new token used to get a fresh budget: now the address's budget is spent, whatever token comes next.
        var rejected = await candidate.GetAsync($"/api/v1/sessions/{Guid.NewGuid():N}");
        (await rejected.Problem(HttpStatusCode.TooManyRequests))["limit"]!.GetValue<string>().ShouldBe("ip");
        int.Parse(RateLimitTests.Header(rejected, "Retry-After")).ShouldBeInRange(1, 60);
        await (await candidate.PostJson($"/api/v1/sessions/{Guid.NewGuid():N}/start")).Problem(HttpStatusCode.TooManyRequests);

        // The candidate pages are limited the same way, and answer a person with a page.
        var page = await candidate.GetAsync($"/i/{Guid.NewGuid():N}");
        page.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        page.Headers.RetryAfter.ShouldNotBeNull();
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        (await page.Content.ReadAsStringAsync()).ShouldContain("Too many requests");

        // The real link still works on its own budget.
        var ok = await candidate.GetAsync($"/api/v1/sessions/{real.Token}");
        ok.StatusCode.ShouldBe(HttpStatusCode.OK);
        RateLimitTests.Header(ok, "RateLimit-Policy").ShouldBe("\"session\";q=3;w=60");
        (await candidate.GetAsync($"/i/{real.Token}")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}

/// <summary>Rooms with tiny limits: the address's budget is far smaller than a room member's.</summary>
public sealed class RoomRateLimitedApp : Rooms.RoomsApp
{
    public RoomRateLimitedApp()
    {
        With("Candor:RateLimits:ApiKeyPerMinute", "50");
        With("Candor:RateLimits:IpPerMinute", "4");
        With("Candor:RateLimits:RoomMemberPerMinute", "6");
    }
}

/// <summary>
/// A room's candidate pushes every editor change and polls, and an office or campus shares one address: each
/// member has a budget of their own, never the address's, while made-up room tokens still spend the address's.
/// </summary>
public sealed class RoomRateLimitTests(RoomRateLimitedApp app) : IClassFixture<RoomRateLimitedApp>
{
    [Fact]
    public async Task Room_members_have_budgets_of_their_own_and_made_up_room_tokens_spend_the_address()
    {
        var tenant = await app.CreateTenantAsync("Room Limits");
        var (roomId, _, candidate, _) = await app.CreateRoomAsync(tenant, mode: "peer");
        var (_, _, neighbour, _) = await app.CreateRoomAsync(tenant, mode: "peer", email: "grace@example.com");

        // More requests than the address may make, all answered: the candidate spends their own budget.
        for (var i = 0; i < 6; i++)
        {
            var ok = await candidate.GetAsync($"/api/v1/rooms/{roomId}");
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
            RateLimitTests.Header(ok, "RateLimit-Policy").ShouldBe("\"room\";q=6;w=60");
        }
        var rejected = await candidate.GetAsync($"/api/v1/rooms/{roomId}/code");
        var problem = await rejected.Problem(HttpStatusCode.TooManyRequests);
        problem["limit"]!.GetValue<string>().ShouldBe("room");
        problem["detail"]!.GetValue<string>().ShouldStartWith("Your place in this room is limited to 6 requests a minute");

        // Another candidate behind the same address is unaffected.
        (await neighbour.GetAsync($"/api/v1/rooms/{roomId}")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "another room's token");

        // An interviewer signed in to the web app is counted by their account, not by the address.
        var interviewer = await app.LogInAsync(await app.AddMemberAsync(tenant.OrganizationId, MemberRole.Recruiter, "Ivy Interviewer"));
        for (var i = 0; i < 6; i++)
        {
            var ok = await interviewer.Client.GetAsync($"/api/v1/rooms/{roomId}");
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
            RateLimitTests.Header(ok, "RateLimit-Policy").ShouldBe("\"user\";q=6;w=60");
        }
        (await (await interviewer.Client.GetAsync($"/api/v1/rooms/{roomId}")).Problem(HttpStatusCode.TooManyRequests))["limit"]!.GetValue<string>().ShouldBe("user");

        // Made-up room tokens have no budget of their own: they spend the address's, then are refused unlooked-up.
        for (var i = 0; i < 4; i++)
        {
            var guess = await app.WithBearer($"crt_{Guid.NewGuid():N}").GetAsync($"/api/v1/rooms/{roomId}");
            guess.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
            RateLimitTests.Header(guess, "RateLimit-Policy").ShouldBe("\"ip\";q=4;w=60");
        }
        var refused = await app.WithBearer($"crt_{Guid.NewGuid():N}").GetAsync($"/api/v1/rooms/{roomId}");
        (await refused.Problem(HttpStatusCode.TooManyRequests))["limit"]!.GetValue<string>().ShouldBe("ip");

        // The neighbour's real token was seen before, so it keeps its own budget although the address's is spent.
        var neighbourOk = await neighbour.GetAsync($"/api/v1/rooms/{roomId}/code");
        neighbourOk.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        RateLimitTests.Header(neighbourOk, "RateLimit-Policy").ShouldBe("\"room\";q=6;w=60");
    }
}
