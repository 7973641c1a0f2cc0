using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Features.Settings;
using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Infrastructure;
using Candor.Web.Tests.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Features.Settings;

/// <summary>
/// The organisation's own AI base URL is untrusted (issue 8, item 1): a self-signed-up Admin must not make interviews
/// POST to an internal address. Refused on save, refused again at connect time for a row that got past the form
/// (or a name that resolves to loopback), and the interview carries on offline. As in production, private networks
/// are not allowed here.
/// </summary>
public sealed class AiProviderSsrfTests(AccountsApp app) : IClassFixture<AccountsApp>, IAsyncLifetime
{
    private FakeLlmServer _internalService = null!;

    public async Task InitializeAsync()
    {
        _internalService = await FakeLlmServer.StartAsync();
        _internalService.Responder = FakeModel.Reply;
    }

    public async Task DisposeAsync() => await _internalService.DisposeAsync();

    [Fact]
    public async Task Saving_a_loopback_private_or_link_local_base_url_is_a_field_error_and_saves_nothing()
    {
        var (admin, api) = await app.SignUpWithApiKeyAsync("Probing");
        var port = _internalService.BaseUrl.Port;
        foreach (var url in new[] { $"http://127.0.0.1:{port}/v1", $"http://localhost:{port}/v1", "http://169.254.169.254/latest", "http://10.0.0.7:8080/v1", "http://[::1]:11434/v1" })
        {
            var response = await admin.SubmitAsync("/app/settings", "ai-settings", AiSettingsPageTests.Fields("openai", url, "gpt-4o-mini", "sk-probe"));
            response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, url);
            var body = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
            body.ShouldContain("The base URL resolves to a private, loopback or otherwise internal address", customMessage: url);
            body.ShouldContain("aria-describedby=\"ai-base-url-hint ai-base-url-error\"");
        }

        (await app.WithDbAsync(api.OrganizationId, db => db.Set<OrganizationAiSettings>().CountAsync(s => s.OrganizationId == api.OrganizationId)))
            .ShouldBe(0, "nothing half-written");
        _internalService.Requests.ShouldBeEmpty();
    }

    [Fact]
    public async Task A_stored_internal_url_is_refused_at_connect_time_and_the_interview_completes_offline()
    {
        var (_, api) = await app.SignUpWithApiKeyAsync("Rebound");
        // As if saved while the name still resolved to a public address (DNS rebinding), or written past the form:
        // "localhost" resolves to loopback only when the connection is made.
        await app.WithDbAsync(api.OrganizationId, async db =>
        {
            db.Add(new OrganizationAiSettings
            {
                OrganizationId = api.OrganizationId, Provider = "openai", BaseUrl = $"http://localhost:{_internalService.BaseUrl.Port}/v1",
                Model = "internal-model", UpdatedAt = DateTimeOffset.UtcNow,
            });
            return await db.SaveChangesAsync();
        });
        app.Services.GetRequiredService<AiSettingsPresence>().Invalidate();

        var driver = new InterviewDriver(app, api);
        var job = await driver.CreateJobAsync();
        job["provenance"]!["provider"]!.GetValue<string>().ShouldNotBe("openai", "the question writer fell back to the offline engine");
        var interview = await driver.ScheduleAsync(Guid.Parse(job["id"]!.GetValue<string>()));
        var turns = await driver.CompleteAsync(interview.Token, _ => "I would measure first, then change one thing at a time, for example a cache with a 60 s TTL.");
        turns[^1]["done"]!.GetValue<bool>().ShouldBeTrue();
        var results = await driver.WaitForResultsAsync(interview.InterviewId);
        results["report"]!["provenance"]!["provider"]!.GetValue<string>().ShouldNotBe("openai");

        _internalService.Requests.ShouldBeEmpty("no request reached the internal address");
        var calls = (await api.Client.GetJson($"/api/v1/interviews/{interview.InterviewId}/ai-usage"))["calls"]!.AsArray();
        calls.ShouldNotBeEmpty("the organisation's provider was tried, and refused");
        calls.ShouldAllBe(c => !c!["succeeded"]!.GetValue<bool>());
        calls.Select(c => c!["error"]!.GetValue<string>())
            .ShouldAllBe(e => e.StartsWith("refused: ", StringComparison.Ordinal) || e.StartsWith("circuit_open: ", StringComparison.Ordinal));
        calls.ShouldContain(c => c!["error"]!.GetValue<string>().StartsWith("refused: ", StringComparison.Ordinal));
    }
}

/// <summary>
/// What a provider answers is never reflected to the organisation beyond a short status line: behind an organisation's
/// own base URL it could be an internal service's error page. Private networks are allowed here so the fake is reachable.
/// </summary>
public sealed class AiProviderErrorReflectionTests(OnPremisesAccountsApp app) : IClassFixture<OnPremisesAccountsApp>, IAsyncLifetime
{
    private const string Marker = "INTERNAL-ONLY-7f3a9c-db-password=hunter2";
    private FakeLlmServer _provider = null!;

    public async Task InitializeAsync()
    {
        _provider = await FakeLlmServer.StartAsync();
        _provider.Fallback = new FakeReply(Status: 500, ErrorMessage: $"upstream said: {Marker}");
    }

    public async Task DisposeAsync() => await _provider.DisposeAsync();

    [Fact]
    public async Task The_ai_usage_error_is_a_sanitised_status_line_and_no_response_carries_the_providers_body()
    {
        var (admin, api) = await app.SignUpWithApiKeyAsync("Reflected");
        await AiSettingsPageTests.SaveAsync(admin, "openai", _provider.OpenAiBaseUrl, "org-model", "sk-org-0123456789");
        var driver = new InterviewDriver(app, api);
        var job = await driver.CreateJobAsync();
        var interview = await driver.ScheduleAsync(Guid.Parse(job["id"]!.GetValue<string>()));
        await driver.CompleteAsync(interview.Token, _ => "I would measure first, then change one thing at a time.");
        await driver.WaitForResultsAsync(interview.InterviewId);
        _provider.Requests.ShouldNotBeEmpty("the organisation's provider was really called");

        var usage = await api.Client.GetAsync($"/api/v1/interviews/{interview.InterviewId}/ai-usage");
        var raw = await usage.Content.ReadAsStringAsync();
        raw.ShouldNotContain(Marker);
        raw.ShouldNotContain("upstream said");
        var errors = JsonNode.Parse(raw)!["calls"]!.AsArray().Select(c => c!["error"]?.GetValue<string>()).ToList();
        errors.ShouldNotBeEmpty();
        errors.ShouldContain("server_error: HTTP 500 from provider");
        errors.ShouldAllBe(e => e == "server_error: HTTP 500 from provider" || e == "circuit_open: failing fast after repeated failures");

        foreach (var path in new[]
        {
            $"/api/v1/interviews/{interview.InterviewId}/results", $"/api/v1/jobs/{job["id"]!.GetValue<string>()}",
            "/api/v1/background-jobs?page_size=100", $"/api/v1/interviews/{interview.InterviewId}/status",
        })
        {
            var response = await api.Client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            (await response.Content.ReadAsStringAsync()).ShouldNotContain(Marker, customMessage: path);
        }
        (await admin.GetPageAsync("/app/settings")).ShouldNotContain(Marker);
    }
}
