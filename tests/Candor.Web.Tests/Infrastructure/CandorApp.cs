using System.Net.Http.Headers;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.ApiKeys;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Infrastructure;

/// <summary>
/// The real Candor app over a fresh database of the shared throwaway PostgreSQL. Pass an existing
/// connection string to start a second instance on the same data (restart tests, two nodes).
/// </summary>
public class CandorApp : WebApplicationFactory<Program>, IAsyncLifetime
{
    /// <summary>A second app over an existing database: a restarted node, or a second node beside the first.</summary>
    public static CandorApp OnDatabase(string connectionString) => new() { ConnectionString = connectionString };

    private readonly Dictionary<string, string?> _settings = new(StringComparer.Ordinal)
    {
        ["Candor:Jobs:PollInterval"] = "00:00:00.250",
        ["Candor:Jobs:BaseRetryDelay"] = "00:00:00.050",
        ["Candor:PublicBaseUrl"] = "http://candor.test",
        // Apps in one test process share a machine name: each is its own node, or starting one would take over another's work.
        ["Candor:Jobs:NodeId"] = $"test-node-{Guid.NewGuid():N}",
        // Every test client comes from one address, and fixtures sign up and log in far more than one person would;
        // the account-page limits are tested with their own small figures (AccountThrottleTests).
        ["Candor:RateLimits:SignupsPerIp"] = "100000",
        ["Candor:RateLimits:LoginFailuresPerIp"] = "100000",
        ["Candor:RateLimits:PasswordResetsPerIp"] = "100000",
    };

    public string ConnectionString { get; protected set; } = "";

    /// <summary>Overrides a configuration value; call before the app starts.</summary>
    public CandorApp With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    public async Task InitializeAsync()
    {
        if (ConnectionString.Length == 0)
        {
            ConnectionString = await PostgresServer.Shared.CreateDatabaseAsync();
        }
        StartServer(); // Start now: migrations run and background workers begin. (Server would throw under UseKestrel.)
    }

    Task IAsyncLifetime.DisposeAsync() => DisposeAsync().AsTask();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("CANDOR_DATABASE_URL", ConnectionString);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Creates an organisation with an API key (all scopes unless given) and returns a client that sends it.</summary>
    public async Task<Tenant> CreateTenantAsync(string name = "Test Org", params string[] scopes)
    {
        var organization = new Organization { Id = Guid.CreateVersion7(), Name = name, Slug = $"org-{Guid.NewGuid():N}", CreatedAt = DateTimeOffset.UtcNow };
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CandorDbContext>();
            db.Organizations.Add(organization);
            await db.SaveChangesAsync();
        }
        return await TenantForAsync(organization.Id, scopes);
    }

    /// <summary>Adds an API key (all scopes unless given) to an existing organisation and returns a client that sends it.</summary>
    public async Task<Tenant> TenantForAsync(Guid organizationId, params string[] scopes)
    {
        var key = ApiKeySecrets.Generate();
        await using (var scope = Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<CandorDbContext>();
            db.ApiKeys.Add(new ApiKey
            {
                Id = Guid.CreateVersion7(),
                OrganizationId = organizationId,
                Name = "test",
                Prefix = ApiKeySecrets.PrefixOf(key),
                KeyHash = ApiKeySecrets.Hash(key),
                Scopes = scopes.Length > 0 ? [.. scopes] : [.. ApiKeySecrets.AllScopes],
                CreatedAt = DateTimeOffset.UtcNow,
            });
            await db.SaveChangesAsync();
        }
        var client = CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        return new Tenant(organizationId, key, client);
    }

    /// <summary>A dead background job of <paramref name="organizationId"/>. There is no API that kills a job, so the row is written directly.</summary>
    public Task<long> InsertDeadJobAsync(Guid organizationId) => WithDbAsync(organizationId, async db =>
    {
        var job = new BackgroundJob
        {
            Kind = "score_answer",
            Payload = System.Text.Json.JsonDocument.Parse("{\"turn_id\": \"00000000-0000-0000-0000-000000000000\"}"),
            OrganizationId = organizationId,
            Status = BackgroundJobStatus.Dead,
            Attempts = 5,
            LastError = "provider exploded",
            RunAt = DateTimeOffset.UtcNow,
            CreatedAt = DateTimeOffset.UtcNow,
            UpdatedAt = DateTimeOffset.UtcNow,
        };
        db.BackgroundJobs.Add(job);
        await db.SaveChangesAsync();
        return job.Id;
    });

    /// <summary>Runs <paramref name="work"/> against the database as <paramref name="organizationId"/>.</summary>
    public async Task<T> WithDbAsync<T>(Guid organizationId, Func<CandorDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantContext>().Set(organizationId);
        return await work(scope.ServiceProvider.GetRequiredService<CandorDbContext>());
    }

    public HttpClient Candidate() => CreateClient();

    public HttpClient WithBearer(string key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        return client;
    }
}

public sealed record Tenant(Guid OrganizationId, string ApiKey, HttpClient Client);
