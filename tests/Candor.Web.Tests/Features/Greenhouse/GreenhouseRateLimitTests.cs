using System.Net;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.Greenhouse;

/// <summary>Tiny limits, so a handful of Greenhouse calls reach them.</summary>
public sealed class GreenhouseRateLimitedApp : CandorApp
{
    public GreenhouseRateLimitedApp()
    {
        With("Candor:RateLimits:ApiKeyPerMinute", "3");
        With("Candor:RateLimits:IpPerMinute", "2");
    }
}

/// <summary>
/// Greenhouse calls every partner from the same few addresses for all of its customers: its calls are limited per
/// key (the Basic user name), so one customer's traffic cannot use up another's budget; a wrong key is limited per IP.
/// </summary>
public sealed class GreenhouseRateLimitTests(GreenhouseRateLimitedApp app) : IClassFixture<GreenhouseRateLimitedApp>
{
    private const string ListTests = "/api/v1/integrations/greenhouse/list_tests";

    [Fact]
    public async Task Two_keys_calling_from_the_same_address_have_separate_budgets()
    {
        var busy = Greenhouse((await app.CreateTenantAsync("Busy")).ApiKey);
        var quiet = Greenhouse((await app.CreateTenantAsync("Quiet")).ApiKey);

        for (var remaining = 2; remaining >= 0; remaining--)
        {
            var ok = await busy.GetAsync(ListTests);
            ok.StatusCode.ShouldBe(HttpStatusCode.OK);
            Header(ok, "RateLimit-Policy").ShouldBe("\"api_key\";q=3;w=60");
            Header(ok, "RateLimit").ShouldStartWith($"\"api_key\";r={remaining};");
        }
        var refused = await (await busy.GetAsync(ListTests)).Problem(HttpStatusCode.TooManyRequests);
        refused["limit"]!.GetValue<string>().ShouldBe("api_key");

        var other = await quiet.GetAsync(ListTests);
        other.StatusCode.ShouldBe(HttpStatusCode.OK);
        Header(other, "RateLimit").ShouldStartWith("\"api_key\";r=2;");
    }

    [Fact]
    public async Task Calls_with_an_unknown_key_are_still_limited_per_address()
    {
        var guesser = Greenhouse("cnd_guessed0_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");
        for (var i = 0; i < 2; i++)
        {
            var refused = await guesser.GetAsync(ListTests);
            await refused.Problem(HttpStatusCode.Unauthorized);
            Header(refused, "RateLimit-Policy").ShouldBe("\"ip\";q=2;w=60");
        }
        (await (await guesser.GetAsync(ListTests)).Problem(HttpStatusCode.TooManyRequests))["limit"]!.GetValue<string>().ShouldBe("ip");
    }

    private HttpClient Greenhouse(string apiKey)
    {
        var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = GreenhouseApp.Basic(apiKey, "");
        return client;
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(", ", values) : "";
}
