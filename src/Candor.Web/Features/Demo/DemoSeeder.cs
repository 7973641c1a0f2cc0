using Candor.Engine.Ai;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Features.Jobs;
using Candor.Web.Infrastructure;
using Candor.Web.Providers;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Demo;

/// <summary>
/// Seeds a demo organisation with a demo job and the API key ./candor run generated, so a newcomer
/// can try the whole flow at once. Idempotent: a second run finds everything in place.
/// </summary>
public sealed class DemoSeeder(CandorDbContext db, AiRoles ai, IOptions<CandorOptions> options, TimeProvider clock, ILogger<DemoSeeder> logger)
{
    public const string Slug = "demo";

    public const string DemoJobDescription = """
        We are hiring a Senior Backend Engineer to build the services behind our warehouse robots.
        You will design REST APIs in C# / .NET, model data in PostgreSQL, run services on Kubernetes,
        and own reliability: observability, on-call, and incident reviews. You have 5+ years of
        backend experience, have scaled a system through 10x growth, and mentor other engineers.
        Nice to have: Kafka, Redis, Terraform, AWS.
        """;

    public async Task SeedAsync(CancellationToken cancellationToken = default)
    {
        var demo = options.Value.Demo;
        if (!demo.Enabled)
        {
            return;
        }

        var organization = await db.Organizations.FirstOrDefaultAsync(o => o.Slug == Slug, cancellationToken);
        if (organization is null)
        {
            organization = new Organization { Id = Guid.CreateVersion7(), Name = demo.OrganizationName, Slug = Slug, CreatedAt = clock.GetUtcNow() };
            db.Organizations.Add(organization);
            await db.SaveChangesAsync(cancellationToken);
        }
        db.Tenant.Set(organization.Id);

        if (!string.IsNullOrWhiteSpace(demo.ApiKey))
        {
            await EnsureApiKeyAsync(organization, demo.ApiKey.Trim(), cancellationToken);
        }

        if (!await db.Jobs.AnyAsync(cancellationToken))
        {
            var writer = (await ai.ForAsync(organization.Id, interviewId: null, cancellationToken)).QuestionWriter;
            var draft = await writer.WriteAsync(new(Title: "Senior Backend Engineer", Description: DemoJobDescription), cancellationToken);
            db.Jobs.Add(JobFactory.FromDraft("Senior Backend Engineer", DemoJobDescription, industry: "Robotics", draft, clock.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }

        logger.LogInformation("Demo organisation '{Name}' is ready", organization.Name);
    }

    private async Task EnsureApiKeyAsync(Organization organization, string key, CancellationToken cancellationToken)
    {
        var prefix = ApiKeySecrets.PrefixOf(key);
        var existing = await db.ApiKeys.IgnoreQueryFilters().FirstOrDefaultAsync(k => k.Prefix == prefix, cancellationToken);
        if (existing is not null && existing.OrganizationId != organization.Id)
        {
            throw new InvalidOperationException("The configured demo API key's prefix belongs to another organisation; generate a new key.");
        }
        if (existing is null)
        {
            db.ApiKeys.Add(new ApiKey
            {
                Id = Guid.CreateVersion7(),
                OrganizationId = organization.Id,
                Name = "Demo key",
                Prefix = prefix,
                KeyHash = ApiKeySecrets.Hash(key),
                Scopes = [.. ApiKeySecrets.AllScopes],
                CreatedAt = clock.GetUtcNow(),
            });
        }
        else
        {
            existing.KeyHash = ApiKeySecrets.Hash(key);
            existing.RevokedAt = null;
            existing.ExpiresAt = null;
            existing.Scopes = [.. ApiKeySecrets.AllScopes]; // New scopes reach the demo key on upgrade.
        }
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Demo API key {Prefix}… is active", prefix);
    }
}
