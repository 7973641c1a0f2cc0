using System.Text.Json;
using Candor.Web.Data;
using Candor.Web.Features.Accounts;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.Accounts;

/// <summary>The app with its mail written to a private folder the tests read, like a mailbox.</summary>
public class AccountsApp : CandorApp
{
    public string MailFolder { get; } = Path.Combine(Path.GetTempPath(), $"candor-mail-{Guid.NewGuid():N}");

    public AccountsApp() => With("Candor:Mail:Folder", MailFolder);

    public const string Password = "correct horse battery";

    /// <summary>Signs up a new organisation through the page and returns the Admin's session.</summary>
    public async Task<(PageSession Session, string Email)> SignUpAsync(string organization = "Acme")
    {
        var session = new PageSession(this);
        var email = $"admin-{Guid.NewGuid():N}@example.com";
        var location = await session.SubmitExpectingRedirectAsync("/signup", "signup", new Dictionary<string, string>
        {
            ["Input.OrganizationName"] = organization,
            ["Input.DisplayName"] = "Ada Admin",
            ["Input.Email"] = email,
            ["Input.Password"] = Password,
        });
        location.ShouldBe("/app");
        return (session, email);
    }

    /// <summary>A signed-up organisation: its Admin's page session, and an API key client for arranging data through the API.</summary>
    public async Task<(PageSession Admin, Tenant Api)> SignUpWithApiKeyAsync(string organization = "Acme")
    {
        var (admin, email) = await SignUpAsync(organization);
        await using var scope = Services.CreateAsyncScope();
        var organizationId = await scope.ServiceProvider.GetRequiredService<CandorDbContext>().Users
            .Where(u => u.Email == email).Select(u => u.OrganizationId).SingleAsync();
        return (admin, await TenantForAsync(organizationId));
    }

    /// <summary>A member of <paramref name="organizationId"/> with <paramref name="role"/>, logged in through the page.</summary>
    public async Task<PageSession> MemberAsync(Guid organizationId, MemberRole role)
    {
        var email = $"{role.ToString().ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        await using (var scope = Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<CandorUser>>();
            var created = await users.CreateAsync(new CandorUser
            {
                Id = Guid.CreateVersion7(), OrganizationId = organizationId, UserName = email, Email = email, EmailConfirmed = true,
                DisplayName = $"{role} Member", Role = role, CreatedAt = DateTimeOffset.UtcNow,
            }, Password);
            created.Succeeded.ShouldBeTrue(string.Join(" ", created.Errors.Select(e => e.Description)));
        }
        var session = new PageSession(this);
        await session.LogInAsync(email, Password);
        return session;
    }

    /// <summary>Waits (bounded) for a message to <paramref name="to"/> and returns its body.</summary>
    public async Task<string> WaitForMailAsync(string to, string subjectContains)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            if (Directory.Exists(MailFolder))
            {
                foreach (var path in Directory.EnumerateFiles(MailFolder, "*.json"))
                {
                    using var json = JsonDocument.Parse(await File.ReadAllTextAsync(path));
                    var root = json.RootElement;
                    if (root.GetProperty("to").GetString() == to && root.GetProperty("subject").GetString()!.Contains(subjectContains, StringComparison.Ordinal))
                    {
                        File.Exists(Path.ChangeExtension(path, ".eml")).ShouldBeTrue();
                        return root.GetProperty("body").GetString()!;
                    }
                }
            }
            await Task.Delay(100);
        }
        throw new ShouldAssertException($"No mail to {to} about '{subjectContains}' arrived in {MailFolder}.");
    }

    /// <summary>As <see cref="WaitForMailAsync"/>, the whole message as sent (its .eml parsed by MimeKit): headers and every part.</summary>
    public async Task<MimeKit.MimeMessage> WaitForMessageAsync(string to, string subjectContains)
    {
        await WaitForMailAsync(to, subjectContains);
        foreach (var path in Directory.EnumerateFiles(MailFolder, "*.eml"))
        {
            var message = await MimeKit.MimeMessage.LoadAsync(path);
            if (message.To.Mailboxes.Any(m => m.Address == to) && message.Subject?.Contains(subjectContains, StringComparison.Ordinal) == true)
            {
                return message;
            }
        }
        throw new ShouldAssertException($"The mail to {to} about '{subjectContains}' has no .eml in {MailFolder}.");
    }

    /// <summary>How many mails to <paramref name="to"/> were ever queued (sent or not).</summary>
    public async Task<int> MailsQueuedToAsync(string to)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CandorDbContext>();
        return await db.Database.SqlQuery<int>($"SELECT count(*)::int AS \"Value\" FROM background_jobs WHERE kind = 'send_mail' AND payload->>'to' = {to}").SingleAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Directory.Exists(MailFolder))
        {
            Directory.Delete(MailFolder, recursive: true);
        }
        GC.SuppressFinalize(this);
    }
}
