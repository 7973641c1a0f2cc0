using System.Net;
using System.Text.RegularExpressions;
using Candor.Web.Features.Accounts;
using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.Settings;

/// <summary>/app/settings, API keys section: a key made on the page is shown once, works against the API, and stops when revoked.</summary>
public sealed partial class ApiKeysPageTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    [Fact]
    public async Task A_created_key_is_shown_once_works_against_the_api_and_stops_when_revoked()
    {
        var (admin, api) = await app.SignUpWithApiKeyAsync("Integrator");

        var (response, html) = await CreateKeyAsync(admin, "Greenhouse production", "jobs:write", "interviews:read");
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.CacheControl!.NoStore.ShouldBeTrue();
        html.ShouldContain("it will not be shown again");
        var secret = NewKeyPattern().Match(html).Groups["key"].Value;
        secret.ShouldNotBeNullOrEmpty();

        var again = await admin.GetPageAsync("/app/settings");
        again.ShouldNotContain(secret);
        again.ShouldContain("Greenhouse production");
        again.ShouldContain("jobs:write");

        var client = app.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", secret);
        await (await client.PostJson("/api/v1/jobs", new { title = "Made with a page key", description = "Backend engineer, C# and PostgreSQL." }))
            .Json(HttpStatusCode.Created);
        (await client.GetAsync("/api/v1/jobs")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Only the scopes ticked: no webhooks:manage.
        (await client.GetAsync("/api/v1/webhooks/endpoints")).StatusCode.ShouldBe(HttpStatusCode.Forbidden);

        var keys = await api.Client.GetJson("/api/v1/api-keys");
        var id = keys["items"]!.AsArray().Single(k => k!["name"]!.GetValue<string>() == "Greenhouse production")!["id"]!.GetValue<string>();
        (await admin.GetPageAsync("/app/settings")).ShouldContain("Last used");
        var revoked = await admin.SubmitExpectingPageAsync("/app/settings", $"revoke-{id}", new Dictionary<string, string>());
        revoked.ShouldContain("Key \"Greenhouse production\" revoked.");
        (await client.GetAsync("/api/v1/jobs")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_key_without_name_or_scopes_is_refused_in_words_for_people()
    {
        var (admin, api) = await app.SignUpWithApiKeyAsync("Careful");
        var (response, html) = await CreateKeyAsync(admin, " ");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        html.ShouldContain("Choose at least one scope.");
        html.ShouldNotContain("The field '", Case.Sensitive, "the API's wording names wire fields; the page speaks to people");
        html.ShouldContain("key-name-error");
        (await api.Client.GetJson("/api/v1/api-keys"))["items"]!.AsArray().Count.ShouldBe(1, "only the fixture's own key");
    }

    [Fact]
    public async Task Non_admins_cannot_create_or_revoke_and_forged_posts_are_refused()
    {
        var (admin, api) = await app.SignUpWithApiKeyAsync("Locked");
        var recruiter = await app.MemberAsync(api.OrganizationId, MemberRole.Recruiter);
        var token = AiSettingsPageTests.AntiforgeryToken(await recruiter.GetPageAsync("/app"));
        var post = await recruiter.Client.PostAsync("/app/settings", new FormUrlEncodedContent(
        [
            new("__RequestVerificationToken", token), new("_handler", "create-key"), new("NewKey.Name", "sneaky"), new("scopes", "jobs:write"),
        ]));
        post.StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.Forbidden);

        var forged = await admin.Client.PostAsync("/app/settings", new FormUrlEncodedContent(
        [
            new("_handler", "create-key"), new("NewKey.Name", "forged"), new("scopes", "jobs:write"),
        ]));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await api.Client.GetJson("/api/v1/api-keys"))["items"]!.AsArray().Count.ShouldBe(1);

        // Another organisation's key id: nothing to revoke.
        var (_, other) = await app.SignUpWithApiKeyAsync("Elsewhere");
        var theirs = (await other.Client.GetJson("/api/v1/api-keys"))["items"]!.AsArray()[0]!["id"]!.GetValue<string>();
        var foreign = await admin.SubmitAsync("/app/settings", "create-key", new Dictionary<string, string> { ["_handler"] = $"revoke-{theirs}" });
        foreign.StatusCode.ShouldNotBe(HttpStatusCode.OK);
        (await other.Client.GetAsync("/api/v1/api-keys")).StatusCode.ShouldBe(HttpStatusCode.OK, "their key still works");
    }

    /// <summary>Posts the create form with repeated "scopes" values, as a browser posts ticked checkboxes.</summary>
    private static async Task<(HttpResponseMessage Response, string Html)> CreateKeyAsync(PageSession admin, string name, params string[] scopes)
    {
        var token = AiSettingsPageTests.AntiforgeryToken(await admin.GetPageAsync("/app/settings"));
        var fields = new List<KeyValuePair<string, string>> { new("__RequestVerificationToken", token), new("_handler", "create-key"), new("NewKey.Name", name) };
        fields.AddRange(scopes.Select(s => new KeyValuePair<string, string>("scopes", s)));
        var response = await admin.Client.PostAsync("/app/settings", new FormUrlEncodedContent(fields));
        return (response, WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()));
    }

    [GeneratedRegex("id=\"new-api-key\" type=\"text\" readonly value=\"(?<key>[^\"]+)\"")]
    private static partial Regex NewKeyPattern();
}
