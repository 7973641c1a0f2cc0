using System.Text.RegularExpressions;
using Candor.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Candor.Browser.Tests;

/// <summary>What a workspace member does on the pages: sign up, log in, and members made directly in the database.</summary>
public static partial class RecruiterPage
{
    public const string Password = "correct horse battery";

    /// <summary>Signs up a new organisation through /signup and waits for the dashboard; returns the e-mail used.</summary>
    public static async Task<string> SignUpAsync(this IPage page, string organization, string name)
    {
        var email = $"recruiter-{Guid.NewGuid():N}@example.com";
        await page.GotoAsync("/signup");
        await page.GetByLabel("Organisation name").FillAsync(organization);
        await page.GetByLabel("Your name").FillAsync(name);
        await page.GetByLabel("Work e-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create organisation" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/app");
        return email;
    }

    public static async Task LogInAsync(this IPage page, string email)
    {
        await page.GotoAsync("/login");
        await page.GetByLabel("E-mail").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Log in" }).ClickAsync();
        await page.WaitForURLAsync(url => new Uri(url).AbsolutePath == "/app");
    }

    /// <summary>A member of the organisation of <paramref name="colleagueEmail"/>, made through Identity as an Admin's invitation would.</summary>
    public static async Task<string> MemberAsync(this BrowserApp app, string colleagueEmail, MemberRole role)
    {
        Guid organizationId;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var colleague = await scope.ServiceProvider.GetRequiredService<UserManager<CandorUser>>().FindByEmailAsync(colleagueEmail);
            colleague.ShouldNotBeNull();
            organizationId = colleague.OrganizationId;
        }
        return await app.MemberAsync(organizationId, role);
    }

    /// <summary>A member of an organisation made through the API (a tenant), so a test can look at its pages.</summary>
    public static async Task<string> MemberAsync(this BrowserApp app, Guid organizationId, MemberRole role)
    {
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<CandorUser>>();
        var created = await users.CreateAsync(new CandorUser
        {
            Id = Guid.CreateVersion7(), OrganizationId = organizationId, UserName = email, Email = email, EmailConfirmed = true,
            DisplayName = $"{role} Member", Role = role, CreatedAt = DateTimeOffset.UtcNow,
        }, Password);
        created.Succeeded.ShouldBeTrue(string.Join(" ", created.Errors.Select(e => e.Description)));
        return email;
    }

    /// <summary>Creates a job through /app/jobs/new and returns its id once its page shows.</summary>
    public static async Task<string> CreateJobAsync(this IPage page, string title, string description)
    {
        await page.GotoAsync("/app/jobs/new");
        return await SubmitNewJobAsync(page, title, description);
    }

    /// <summary>Fills and submits the new-job form already open on <paramref name="page"/>; returns the job's id once its page shows.</summary>
    public static async Task<string> SubmitNewJobAsync(this IPage page, string title, string description)
    {
        await page.GetByLabel("Job title").FillAsync(title);
        await page.GetByLabel("Job description").FillAsync(description);
        await page.GetByRole(AriaRole.Button, new() { Name = "Create job and draft questions" }).ClickAsync();
        await page.WaitForURLAsync(JobPageUrl());
        return JobPageUrl().Match(page.Url).Groups[1].Value;
    }

    [GeneratedRegex(@"/app/jobs/([0-9a-f-]{36})(\?.*)?$")]
    public static partial Regex JobPageUrl();
}
