using System.Text.Json.Nodes;
using Candor.Web.Features.Accounts;
using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Candor.Web.Tests.Features.CandidateResults;

/// <summary>The app with one organisation whose candidate finished an interview, and members of each role to look at it.</summary>
public sealed class ResultsApp : CandorApp
{
    public const string Password = MemberAccounts.Password;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private Completed? _completed;

    public sealed record Completed(Tenant Tenant, Guid InterviewId, JsonNode Results, string AdminEmail, string RecruiterEmail, string EvaluatorEmail);

    /// <summary>One strong candidate's whole interview, run once per test class and scored.</summary>
    public async Task<Completed> CompletedAsync()
    {
        await _gate.WaitAsync();
        try
        {
            if (_completed is null)
            {
                var tenant = await CreateTenantAsync("Results Org");
                var driver = new InterviewDriver(this, tenant);
                var job = await driver.CreateJobAsync();
                var scheduled = await driver.ScheduleAsync(Guid.Parse(job["id"]!.GetValue<string>()), "Grace Hopper", "grace@example.com", externalId: "ats-42");
                await driver.CompleteAsync(scheduled.Token, new CandidatePersonas(job).Strong);
                var results = await driver.WaitForResultsAsync(scheduled.InterviewId);
                _completed = new Completed(tenant, scheduled.InterviewId, results,
                    await AddMemberAsync(tenant.OrganizationId, MemberRole.Admin, "Ada Admin"),
                    await AddMemberAsync(tenant.OrganizationId, MemberRole.Recruiter, "Rita Recruiter"),
                    await AddMemberAsync(tenant.OrganizationId, MemberRole.Evaluator, "Eve Evaluator"));
            }
            return _completed;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Creates a member of an existing organisation and returns their e-mail (password <see cref="Password"/>).</summary>
    public Task<string> AddMemberAsync(Guid organizationId, MemberRole role, string name) => MemberAccounts.AddMemberAsync(this, organizationId, role, name);

    public Task<PageSession> LogInAsync(string email) => MemberAccounts.LogInAsync(this, email);

    public override async ValueTask DisposeAsync()
    {
        _gate.Dispose();
        await base.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}

/// <summary>Workspace members for any test app: create one of a role, and sign them in.</summary>
public static class MemberAccounts
{
    public const string Password = "correct horse battery";

    /// <summary>Creates a member of an existing organisation and returns their e-mail (password <see cref="Password"/>).</summary>
    public static async Task<string> AddMemberAsync(this CandorApp app, Guid organizationId, MemberRole role, string name)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CandorUser>>();
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        var result = await users.CreateAsync(new CandorUser
        {
            Id = Guid.CreateVersion7(), OrganizationId = organizationId, UserName = email, Email = email, EmailConfirmed = true,
            DisplayName = name, Role = role, CreatedAt = DateTimeOffset.UtcNow,
        }, Password);
        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors.Select(e => e.Description)));
        return email;
    }

    public static async Task<PageSession> LogInAsync(this CandorApp app, string email)
    {
        var session = new PageSession(app);
        await session.LogInAsync(email, Password);
        return session;
    }
}
