using Candor.Engine.Ai;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Accounts;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Features.Jobs;
using Candor.Web.Infrastructure;
using Candor.Web.Providers;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Demo;

/// <summary>
/// Seeds a demo organisation with a demo job, three completed interviews of different quality (run through the real
/// interviewer, scored and reported by the real jobs: <see cref="DemoInterviews"/>) and the API key ./candor run
/// generated, so a newcomer can try the whole flow at once. Idempotent: a second run finds everything in place.
/// </summary>
public sealed class DemoSeeder(
    CandorDbContext db, AiRoles ai, UserManager<CandorUser> users, IOptions<CandorOptions> options, TimeProvider clock, ILogger<DemoSeeder> logger,
    DemoInterviews interviews)
{
    public const string Slug = "demo";
    public const string AdminEmail = "admin@demo.candor.local";
    public const string EvaluatorEmail = "evaluator@demo.candor.local";

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

        if (!string.IsNullOrWhiteSpace(demo.AdminPassword))
        {
            await EnsureMemberAsync(organization, AdminEmail, "Demo Admin", MemberRole.Admin, demo.AdminPassword.Trim());
            await EnsureMemberAsync(organization, EvaluatorEmail, "Demo Evaluator", MemberRole.Evaluator, demo.AdminPassword.Trim());
        }

        if (!await db.Jobs.AnyAsync(cancellationToken))
        {
            var writer = (await ai.ForAsync(organization.Id, interviewId: null, cancellationToken)).QuestionWriter;
            var draft = await writer.WriteAsync(new(Title: "Senior Backend Engineer", Description: DemoJobDescription), cancellationToken);
            db.Jobs.Add(JobFactory.FromDraft("Senior Backend Engineer", DemoJobDescription, industry: "Robotics", draft, clock.GetUtcNow()));
            await db.SaveChangesAsync(cancellationToken);
        }

        if (demo.Interviews && await db.Jobs.OrderBy(j => j.CreatedAt).Select(j => (Guid?)j.Id).FirstOrDefaultAsync(cancellationToken) is { } demoJobId)
        {
            await interviews.SeedAsync(demoJobId, cancellationToken);
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

    /// <summary>Creates the demo login, or brings it back to the configured password and role (and unlocks it).</summary>
    private async Task EnsureMemberAsync(Organization organization, string email, string name, MemberRole role, string password)
    {
        var user = await users.FindByEmailAsync(email);
        if (user is not null && user.OrganizationId != organization.Id)
        {
            throw new InvalidOperationException($"{email} belongs to another organisation.");
        }
        IdentityResult result;
        if (user is null)
        {
            user = new CandorUser
            {
                Id = Guid.CreateVersion7(), OrganizationId = organization.Id, UserName = email, Email = email, EmailConfirmed = true,
                DisplayName = name, Role = role, CreatedAt = clock.GetUtcNow(),
            };
            result = await users.CreateAsync(user, password);
        }
        else
        {
            user.Role = role;
            user.LockoutEnd = null;
            user.AccessFailedCount = 0;
            if (users.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash ?? "", password) == PasswordVerificationResult.Failed)
            {
                user.PasswordHash = users.PasswordHasher.HashPassword(user, password);
            }
            result = await users.UpdateAsync(user);
        }
        if (!result.Succeeded)
        {
            throw new InvalidOperationException($"Could not set up the demo login {email}: {string.Join(" ", result.Errors.Select(e => e.Description))}");
        }
        logger.LogInformation("Demo login {Email} ({Role}) is ready", email, role);
    }
}
