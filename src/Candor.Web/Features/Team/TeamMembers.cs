using System.Security.Cryptography;
using Candor.Web.Data;
using Candor.Web.Features.Accounts;
using Candor.Web.Features.ApiKeys;
using Candor.Web.Features.Mail;
using Candor.Web.Infrastructure;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Team;

/// <summary>
/// Team management for the signed-in Admin's organisation (the scope's tenant). Every change that could
/// leave an organisation without an Admin runs under a lock on the organisation row, so two Admins demoting
/// each other at the same moment cannot both succeed.
/// </summary>
public sealed class TeamMembers(
    CandorDbContext db,
    UserManager<CandorUser> users,
    IOptions<CandorOptions> options,
    IOptions<AccountsOptions> accountsOptions,
    TimeProvider clock)
{
    public sealed record Member(Guid Id, string DisplayName, string Email, MemberRole Role);

    private Guid OrganizationId => db.Tenant.OrganizationId ?? throw new InvalidOperationException("Team pages need a signed-in member.");

    public Task<List<Member>> ListAsync(CancellationToken cancellationToken = default) =>
        db.Users.AsNoTracking()
            .Where(u => u.OrganizationId == OrganizationId)
            .OrderBy(u => u.DisplayName).ThenBy(u => u.Email)
            .Select(u => new Member(u.Id, u.DisplayName, u.Email!, u.Role))
            .ToListAsync(cancellationToken);

    public Task<List<MemberInvite>> OpenInvitesAsync(CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        return db.MemberInvites.AsNoTracking()
            .Where(i => i.AcceptedAt == null && i.RevokedAt == null && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt)
            .ToListAsync(cancellationToken);
    }

    /// <summary>Invites <paramref name="email"/>; a second invite to the same address replaces the first. Returns an error or null.</summary>
    public async Task<string?> InviteAsync(string? email, MemberRole role, Guid invitedBy, CancellationToken cancellationToken = default)
    {
        email = AccountForms.Clean(email);
        if (!AccountForms.IsEmail(email))
        {
            return "Enter an e-mail address like name@example.com.";
        }
        if (await users.FindByEmailAsync(email!) is not null)
        {
            return "This e-mail address already has a Candor account.";
        }
        var now = clock.GetUtcNow();
        await db.MemberInvites.Where(i => i.Email == email && i.AcceptedAt == null && i.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now), cancellationToken);

        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        var invite = new MemberInvite
        {
            Id = Guid.CreateVersion7(), Email = email!, Role = role, TokenHash = ApiKeySecrets.Hash(token),
            InvitedById = invitedBy, CreatedAt = now, ExpiresAt = now + accountsOptions.Value.InviteLifetime,
        };
        db.MemberInvites.Add(invite);
        var organization = await db.Organizations.AsNoTracking().FirstAsync(o => o.Id == OrganizationId, cancellationToken);
        var inviter = await db.Users.AsNoTracking().Where(u => u.Id == invitedBy).Select(u => u.DisplayName).FirstOrDefaultAsync(cancellationToken);
        var link = $"{options.Value.PublicBaseUrl.TrimEnd('/')}/invite/{token}";
        db.EnqueueMail(OutgoingMail.Create(email!, $"You are invited to join {organization.Name} on Candor", $"""
            Hello,

            {inviter ?? "An Admin"} invited you to join {organization.Name} on Candor as {Describe(role)}.
            Accept the invitation and choose your password here (the link works until {invite.ExpiresAt:yyyy-MM-dd HH:mm} UTC):

            {link}

            If you did not expect this, ignore this e-mail.
            """, OrganizationId));
        await db.SaveChangesAsync(cancellationToken);
        return null;
    }

    public async Task RevokeInviteAsync(Guid inviteId, CancellationToken cancellationToken = default)
    {
        var now = clock.GetUtcNow();
        await db.MemberInvites.Where(i => i.Id == inviteId && i.AcceptedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(i => i.RevokedAt, now), cancellationToken);
    }

    public Task<string?> ChangeRoleAsync(Guid userId, MemberRole role, CancellationToken cancellationToken = default) =>
        WithLastAdminGuardAsync(userId, role == MemberRole.Admin, async user =>
        {
            user.Role = role;
            // No new security stamp (that would log the member out): their principal is rebuilt from this row on every request.
            await users.UpdateAsync(user);
        }, cancellationToken);

    public Task<string?> RemoveAsync(Guid userId, Guid currentUserId, CancellationToken cancellationToken = default) =>
        userId == currentUserId
            ? Task.FromResult<string?>("You cannot remove yourself; ask another Admin.")
            : WithLastAdminGuardAsync(userId, staysAdmin: false, async user => await users.DeleteAsync(user), cancellationToken);

    private async Task<string?> WithLastAdminGuardAsync(Guid userId, bool staysAdmin, Func<CandorUser, Task> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT 1 FROM organizations WHERE id = {OrganizationId} FOR UPDATE", cancellationToken);
        var user = await db.Users.FirstOrDefaultAsync(u => u.Id == userId && u.OrganizationId == OrganizationId, cancellationToken);
        if (user is null)
        {
            return "That member no longer exists.";
        }
        if (user.Role == MemberRole.Admin && !staysAdmin
            && !await db.Users.AnyAsync(u => u.OrganizationId == OrganizationId && u.Role == MemberRole.Admin && u.Id != userId, cancellationToken))
        {
            return "An organisation always keeps at least one Admin. Make someone else an Admin first.";
        }
        await change(user);
        await transaction.CommitAsync(cancellationToken);
        return null;
    }

    public static string Describe(MemberRole role) => role switch
    {
        MemberRole.Admin => "an Admin (everything, including the team and settings)",
        MemberRole.Recruiter => "a Recruiter (jobs, candidates and results)",
        _ => "an Evaluator (reads interviews and reports)",
    };
}
