using Candor.Web.Data.Entities;
using Microsoft.AspNetCore.Identity;

namespace Candor.Web.Features.Accounts;

/// <summary>What a member may do in their organisation. Stored on the user (one role each), issued as a role claim.</summary>
public enum MemberRole { Admin, Recruiter, Evaluator }

/// <summary>
/// A person who signs in to the recruiter workspace. Belongs to exactly one organisation. Deliberately not
/// <see cref="ITenantOwned"/>: a user is looked up by e-mail before anyone knows the tenant (sign-in, password
/// reset), so team pages filter on <see cref="OrganizationId"/> themselves.
/// </summary>
public sealed class CandorUser : IdentityUser<Guid>
{
    public Guid OrganizationId { get; set; }
    public string DisplayName { get; set; } = "";
    public MemberRole Role { get; set; } = MemberRole.Recruiter;
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>An e-mailed invitation to join an organisation with a role. Only the token's hash is stored.</summary>
public sealed class MemberInvite : ITenantOwned
{
    public Guid Id { get; set; }
    public Guid OrganizationId { get; set; }
    public required string Email { get; set; }
    public MemberRole Role { get; set; }
    public required string TokenHash { get; set; }
    public Guid InvitedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? AcceptedAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }

    public bool IsOpenAt(DateTimeOffset now) => AcceptedAt is null && RevokedAt is null && now < ExpiresAt;
}
