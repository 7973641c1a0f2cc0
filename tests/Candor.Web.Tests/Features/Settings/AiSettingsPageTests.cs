using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Data;
using Candor.Web.Features.Accounts;
using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Infrastructure;
using Candor.Web.Tests.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Features.Settings;

/// <summary>
/// /app/settings, AI provider section: the Admin points the organisation at its own model (the fake model server,
/// over real HTTP, so private addresses are allowed here), the key is stored encrypted and never shown, and only that
/// organisation's work runs on it.
/// </summary>
public sealed class AiSettingsPageTests(OnPremisesAccountsApp app) : IClassFixture<OnPremisesAccountsApp>, IAsyncLifetime
{
    private const string SecretKey = "sk-org-secret-0123456789-WXYZ";
    private FakeLlmServer _model = null!;

    public async Task InitializeAsync()
    {
        _model = await FakeLlmServer.StartAsync();
        _model.Responder = FakeModel.Reply;
    }

    public async Task DisposeAsync() => await _model.DisposeAsync();

    [Fact]
    public async Task The_key_is_stored_encrypted_and_never_shown_and_the_plan_is()
    {
        var (admin, api) = await app.SignUpWithApiKeyAsync("Keyed");
        var html = await SaveAsync(admin, "openai", _model.OpenAiBaseUrl, "org-model", SecretKey);

        html.ShouldContain("AI settings saved");
        html.ShouldNotContain(SecretKey);
        html.ShouldContain("A key is set (ends …WXYZ)");
        var page = await admin.GetPageAsync("/app/settings");
        page.ShouldNotContain(SecretKey);
        page.ShouldContain("org-model");
        page.ShouldContain("essential");

        var stored = await StoredKeyAsync(api.OrganizationId);
        stored.ShouldNotBeNull();
        stored.ShouldStartWith("v1:");
        stored.ShouldNotContain(SecretKey);
        stored.ShouldNotContain("WXYZ");
    }

    [Fact]
    public async Task The_organisations_next_job_is_drafted_by_its_model_while_another_stays_offline_until_it_is_removed()
    {
        var (admin, api) = await app.SignUpWithApiKeyAsync("Modelled");
        var (_, other) = await app.SignUpWithApiKeyAsync("Plain");
        await SaveAsync(admin, "openai", _model.OpenAiBaseUrl, "org-model", SecretKey);

        var job = await new InterviewDriver(app, api).CreateJobAsync();
        job["provenance"]!["provider"]!.GetValue<string>().ShouldBe("openai");
        job["provenance"]!["model"]!.GetValue<string>().ShouldBe("org-model");
        job["questions"]!.AsArray().ShouldAllBe(q => q!["text"]!.GetValue<string>().StartsWith("[model]"));
        _model.Requests.ShouldNotBeEmpty();
        _model.Requests[^1].Headers["authorization"].ShouldBe($"Bearer {SecretKey}");

        var requestsSoFar = _model.Requests.Count;
        var offline = await new InterviewDriver(app, other).CreateJobAsync();
        Provider(offline).ShouldNotBe("openai");
        _model.Requests.Count.ShouldBe(requestsSoFar, "the other organisation never reached the model");

        var html = await SaveAsync(admin, "none", "", "", "");
        html.ShouldContain("offline engine");
        var after = await new InterviewDriver(app, api).CreateJobAsync();
        Provider(after).ShouldNotBe("openai");
        _model.Requests.Count.ShouldBe(requestsSoFar);
    }

    [Fact]
    public async Task The_key_can_be_removed_and_bad_input_is_refused_inline()
    {
        var (admin, api) = await app.SignUpWithApiKeyAsync("Checked");
        await SaveAsync(admin, "anthropic", _model.AnthropicBaseUrl, "claude-test", SecretKey);

        var removed = await admin.SubmitExpectingPageAsync("/app/settings", "remove-ai-key", new Dictionary<string, string>());
        removed.ShouldContain("No key.");
        (await StoredKeyAsync(api.OrganizationId)).ShouldBeNull();

        var bad = await admin.SubmitAsync("/app/settings", "ai-settings", Fields("openai", "ftp://example.com", "", "sk-never-echoed"));
        bad.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var body = WebUtility.HtmlDecode(await bad.Content.ReadAsStringAsync());
        body.ShouldContain("The base URL must be an absolute http:// or https:// URL.");
        body.ShouldContain("Name the model to use with this provider.");
        body.ShouldContain("aria-describedby=\"ai-base-url-hint ai-base-url-error\"");
        body.ShouldNotContain("sk-never-echoed");

        // Anthropic without a key (the stored one was removed above) would run every interview offline while the page
        // said the model was in use: refused, beside the key field.
        var keyless = await admin.SubmitAsync("/app/settings", "ai-settings", Fields("anthropic", _model.AnthropicBaseUrl, "claude-test", ""));
        keyless.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await keyless.Content.ReadAsStringAsync()).ShouldContain("Anthropic needs an API key");
        var row = await app.WithDbAsync(api.OrganizationId, db => db.Database
            .SqlQuery<string>($"SELECT provider AS \"Value\" FROM organization_ai_settings WHERE organization_id = {api.OrganizationId}").SingleAsync());
        row.ShouldBe("anthropic", "nothing half-written");
    }

    [Fact]
    public async Task Only_Admins_reach_the_page_and_posts_need_the_antiforgery_token()
    {
        var (admin, api) = await app.SignUpWithApiKeyAsync("Guarded");
        foreach (var role in new[] { MemberRole.Recruiter, MemberRole.Evaluator })
        {
            var member = await app.MemberAsync(api.OrganizationId, role);
            var response = await member.Client.GetAsync("/app/settings");
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, role.ToString());
            response.Headers.Location!.OriginalString.ShouldContain("/access-denied");
            var post = await member.Client.PostAsync("/app/settings", new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = AntiforgeryToken(await member.GetPageAsync("/app")),
                ["_handler"] = "ai-settings", ["Ai.Provider"] = "openai", ["Ai.Model"] = "m", ["Ai.BaseUrl"] = "http://evil.example",
            }));
            post.StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.Forbidden);
        }

        var forged = await admin.Client.PostAsync("/app/settings", new FormUrlEncodedContent(Fields("openai", "http://evil.example", "m", "sk-x")));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await app.WithDbAsync(api.OrganizationId, db => db.Database
            .SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM organization_ai_settings WHERE organization_id = {api.OrganizationId}").SingleAsync()))
            .ShouldBe(0);
    }

    internal static async Task<string> SaveAsync(PageSession admin, string provider, string baseUrl, string model, string key) =>
        await admin.SubmitExpectingPageAsync("/app/settings", "ai-settings", Fields(provider, baseUrl, model, key));

    internal static Dictionary<string, string> Fields(string provider, string baseUrl, string model, string key) => new()
    {
        ["_handler"] = "ai-settings", ["Ai.Provider"] = provider, ["Ai.BaseUrl"] = baseUrl, ["Ai.Model"] = model, ["Ai.ApiKey"] = key,
    };

    private async Task<string?> StoredKeyAsync(Guid organizationId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<CandorDbContext>().Database
            .SqlQuery<string?>($"SELECT api_key_encrypted AS \"Value\" FROM organization_ai_settings WHERE organization_id = {organizationId}")
            .SingleAsync();
    }

    private static string? Provider(JsonNode job) => job["provenance"]?["provider"]?.GetValue<string>();

    internal static string AntiforgeryToken(string html)
    {
        const string marker = "name=\"__RequestVerificationToken\" value=\"";
        var start = html.IndexOf(marker, StringComparison.Ordinal) + marker.Length;
        return WebUtility.HtmlDecode(html[start..html.IndexOf('"', start)]);
    }
}
