using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Features.ApiKeys;

/// <summary>Create, list, rotate and revoke keys through the API, as an integrating platform would.</summary>
public sealed class ApiKeyLifecycleTests(CandorApp app) : IClassFixture<CandorApp>
{
    private static readonly string[] ReadAndWrite = ["interviews:read", "interviews:write"];

    [Fact]
    public async Task A_new_key_shows_its_secret_once_and_the_list_never_does()
    {
        var tenant = await app.CreateTenantAsync();
        var response = await tenant.Client.PostJson("/api/v1/api-keys", new { name = "ATS production", scopes = ReadAndWrite });
        var created = await response.Json(HttpStatusCode.Created);
        var secret = created["key"]!.GetValue<string>();
        secret.ShouldStartWith("cnd_");
        created["prefix"]!.GetValue<string>().ShouldBe(secret[..12]);
        created["name"]!.GetValue<string>().ShouldBe("ATS production");
        created["scopes"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(ReadAndWrite, ignoreOrder: true);
        response.Headers.Location!.ToString().ShouldBe($"/api/v1/api-keys/{created["id"]}");

        // The new key works, with exactly its scopes.
        var client = app.WithBearer(secret);
        (await client.GetAsync("/api/v1/interviews")).StatusCode.ShouldBe(HttpStatusCode.OK);
        await (await client.PostJson("/api/v1/jobs", new { title = "x", description = "y" })).Problem(HttpStatusCode.Forbidden);

        var listText = await (await tenant.Client.GetAsync("/api/v1/api-keys")).Content.ReadAsStringAsync();
        listText.ShouldNotContain(secret[12..]);
        var list = JsonNode.Parse(listText)!;
        list["total"]!.GetValue<int>().ShouldBe(2);
        foreach (var item in list["items"]!.AsArray())
        {
            item!.AsObject().ContainsKey("key").ShouldBeFalse();
            item.AsObject().ContainsKey("key_hash").ShouldBeFalse();
            item["prefix"]!.GetValue<string>().Length.ShouldBe(12);
        }
        var single = await tenant.Client.GetJson($"/api/v1/api-keys/{created["id"]}");
        single["revoked_at"].ShouldBeNull();
        single.AsObject().ContainsKey("key").ShouldBeFalse();
    }

    [Fact]
    public async Task Bad_names_and_unknown_scopes_are_400_naming_the_field_and_create_nothing()
    {
        var tenant = await app.CreateTenantAsync();
        var unknown = await (await tenant.Client.PostJson("/api/v1/api-keys", new { name = "x", scopes = new[] { "interviews:read", "admin:everything" } }))
            .Problem(HttpStatusCode.BadRequest);
        unknown["errors"]!["scopes"]![0]!.GetValue<string>().ShouldContain("admin:everything");
        var empty = await (await tenant.Client.PostJson("/api/v1/api-keys", new { name = " ", scopes = Array.Empty<string>() })).Problem(HttpStatusCode.BadRequest);
        empty["errors"]!.AsObject().Select(e => e.Key).ShouldBe(["name", "scopes"], ignoreOrder: true);
        (await tenant.Client.GetJson("/api/v1/api-keys"))["total"]!.GetValue<int>().ShouldBe(1);
    }

    [Fact]
    public async Task A_key_cannot_grant_or_roll_scopes_it_does_not_hold()
    {
        var tenant = await app.CreateTenantAsync();
        var powerful = await (await tenant.Client.PostJson("/api/v1/api-keys", new { name = "writer", scopes = new[] { "jobs:write" } })).Json(HttpStatusCode.Created);
        var limited = await (await tenant.Client.PostJson("/api/v1/api-keys", new { name = "manager", scopes = new[] { "api_keys:manage", "interviews:read" } }))
            .Json(HttpStatusCode.Created);
        var manager = app.WithBearer(limited["key"]!.GetValue<string>());

        var escalation = await (await manager.PostJson("/api/v1/api-keys", new { name = "sneaky", scopes = new[] { "interviews:read", "jobs:write" } }))
            .Problem(HttpStatusCode.Forbidden);
        escalation["code"]!.GetValue<string>().ShouldBe("scope_escalation");
        escalation["detail"]!.GetValue<string>().ShouldContain("jobs:write");
        // Rotating a more powerful key would hand its new secret to the weaker one.
        (await (await manager.PostJson($"/api/v1/api-keys/{powerful["id"]}/rotate")).Problem(HttpStatusCode.Forbidden))["code"]!
            .GetValue<string>().ShouldBe("scope_escalation");
        // Within its own scopes it may create keys.
        await (await manager.PostJson("/api/v1/api-keys", new { name = "reader", scopes = new[] { "interviews:read" } })).Json(HttpStatusCode.Created);
        // A key without api_keys:manage cannot touch keys at all.
        var reader = await app.CreateTenantAsync("Readers", "interviews:read");
        await (await reader.Client.GetAsync("/api/v1/api-keys")).Problem(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Rotation_without_grace_stops_the_old_key_at_once()
    {
        var tenant = await app.CreateTenantAsync();
        var old = await CreateKeyAsync(tenant, "rotating");
        var oldClient = app.WithBearer(old.Secret);
        (await oldClient.GetAsync("/api/v1/interviews")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var rotated = await (await tenant.Client.PostJson($"/api/v1/api-keys/{old.Id}/rotate")).Json(HttpStatusCode.Created);
        var secret = rotated["key"]!.GetValue<string>();
        secret.ShouldNotBe(old.Secret);
        rotated["name"]!.GetValue<string>().ShouldBe("rotating");
        rotated["scopes"]!.AsArray().Select(s => s!.GetValue<string>()).ShouldBe(ReadAndWrite, ignoreOrder: true);
        rotated["rotated_from_id"]!.GetValue<Guid>().ShouldBe(old.Id);

        await (await oldClient.GetAsync("/api/v1/interviews")).Problem(HttpStatusCode.Unauthorized);
        (await app.WithBearer(secret).GetAsync("/api/v1/interviews")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var listed = await tenant.Client.GetJson($"/api/v1/api-keys/{old.Id}");
        listed["revoked_at"].ShouldNotBeNull();
        listed["replaced_by_id"]!.GetValue<Guid>().ShouldBe(rotated["id"]!.GetValue<Guid>());

        // A key is rotated once; rotate its successor instead.
        (await (await tenant.Client.PostJson($"/api/v1/api-keys/{old.Id}/rotate")).Problem(HttpStatusCode.Conflict))["code"]!
            .GetValue<string>().ShouldBe("api_key_already_rotated");
    }

    [Fact]
    public async Task Rotation_with_grace_keeps_both_keys_working_until_the_old_one_expires()
    {
        var tenant = await app.CreateTenantAsync();
        var old = await CreateKeyAsync(tenant, "graceful");
        var before = DateTimeOffset.UtcNow;
        var rotated = await (await tenant.Client.PostJson($"/api/v1/api-keys/{old.Id}/rotate", new { grace_period_minutes = 60 })).Json(HttpStatusCode.Created);
        var expiresAt = rotated["rotated_from_expires_at"]!.GetValue<DateTimeOffset>();
        expiresAt.ShouldBeInRange(before.AddMinutes(59), before.AddMinutes(61));

        var oldClient = app.WithBearer(old.Secret);
        (await oldClient.GetAsync("/api/v1/interviews")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await app.WithBearer(rotated["key"]!.GetValue<string>()).GetAsync("/api/v1/interviews")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await tenant.Client.GetJson($"/api/v1/api-keys/{old.Id}"))["expires_at"]!.GetValue<DateTimeOffset>().ShouldBe(expiresAt);

        // The grace period ends: the old key stops, with nothing cached to keep it alive.
        await app.WithDbAsync(tenant.OrganizationId, db => db.Database.ExecuteSqlAsync($"UPDATE api_keys SET expires_at = now() - interval '1 second' WHERE id = {old.Id}"));
        await (await oldClient.GetAsync("/api/v1/interviews")).Problem(HttpStatusCode.Unauthorized);

        var tooLong = await (await tenant.Client.PostJson($"/api/v1/api-keys/{rotated["id"]}/rotate", new { grace_period_minutes = 1441 })).Problem(HttpStatusCode.BadRequest);
        tooLong["errors"]!.AsObject().ContainsKey("grace_period_minutes").ShouldBeTrue();
    }

    [Fact]
    public async Task A_revoked_key_is_refused_on_its_next_request_and_revoking_twice_is_harmless()
    {
        var tenant = await app.CreateTenantAsync();
        var key = await CreateKeyAsync(tenant, "doomed");
        var client = app.WithBearer(key.Secret);
        (await client.GetAsync("/api/v1/interviews")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var revoked = await (await tenant.Client.PostJson($"/api/v1/api-keys/{key.Id}/revoke")).Json();
        var revokedAt = revoked["revoked_at"]!.GetValue<DateTimeOffset>();
        await (await client.GetAsync("/api/v1/interviews")).Problem(HttpStatusCode.Unauthorized);

        var again = await (await tenant.Client.PostJson($"/api/v1/api-keys/{key.Id}/revoke")).Json();
        again["revoked_at"]!.GetValue<DateTimeOffset>().ShouldBe(revokedAt);
        (await (await tenant.Client.PostJson($"/api/v1/api-keys/{key.Id}/rotate")).Problem(HttpStatusCode.Conflict))["code"]!
            .GetValue<string>().ShouldBe("api_key_revoked");
    }

    [Fact]
    public async Task Another_organisations_keys_are_404()
    {
        var owner = await app.CreateTenantAsync("Owner");
        var intruder = await app.CreateTenantAsync("Intruder");
        var key = await CreateKeyAsync(owner, "private");
        foreach (var id in new[] { key.Id, Guid.NewGuid() })
        {
            await (await intruder.Client.GetAsync($"/api/v1/api-keys/{id}")).Problem(HttpStatusCode.NotFound);
            await (await intruder.Client.PostJson($"/api/v1/api-keys/{id}/rotate")).Problem(HttpStatusCode.NotFound);
            await (await intruder.Client.PostJson($"/api/v1/api-keys/{id}/revoke")).Problem(HttpStatusCode.NotFound);
        }
        (await intruder.Client.GetJson("/api/v1/api-keys"))["total"]!.GetValue<int>().ShouldBe(1);
        (await app.WithBearer(key.Secret).GetAsync("/api/v1/interviews")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    private static async Task<(Guid Id, string Secret)> CreateKeyAsync(Tenant tenant, string name)
    {
        var created = await (await tenant.Client.PostJson("/api/v1/api-keys", new { name, scopes = ReadAndWrite })).Json(HttpStatusCode.Created);
        return (created["id"]!.GetValue<Guid>(), created["key"]!.GetValue<string>());
    }
}
