using System.Security.Claims;
using Candor.Web.Features.ApiKeys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;

namespace Candor.Web.Features.Accounts;

/// <summary>
/// Authorization policies for the recruiter workspace. Pages use them as
/// <c>@attribute [Authorize(Policy = CandorPolicies.ManageJobs)]</c>; endpoints as <c>.RequireAuthorization(CandorPolicies.Admin)</c>.
/// Each accepts only the sign-in cookie, never an API key.
/// </summary>
public static class CandorPolicies
{
    /// <summary>Team, organisation settings, billing: Admin only.</summary>
    public const string Admin = "Admin";

    /// <summary>Create and edit jobs, invite candidates: Admin and Recruiter.</summary>
    public const string ManageJobs = "ManageJobs";

    /// <summary>Read interviews, transcripts and reports: every member (Admin, Recruiter, Evaluator).</summary>
    public const string ViewResults = "ViewResults";

    public static AuthorizationBuilder AddCandorPolicies(this AuthorizationBuilder authorization) => authorization
        .AddPolicy(Admin, policy => Members(policy, MemberRole.Admin))
        .AddPolicy(ManageJobs, policy => Members(policy, MemberRole.Admin, MemberRole.Recruiter))
        .AddPolicy(ViewResults, policy => Members(policy, MemberRole.Admin, MemberRole.Recruiter, MemberRole.Evaluator));

    private static void Members(AuthorizationPolicyBuilder policy, params MemberRole[] roles) => policy
        .AddAuthenticationSchemes(IdentityConstants.ApplicationScheme)
        .RequireAuthenticatedUser()
        .RequireClaim(ApiKeyAuthenticationHandler.OrganizationClaim)
        .RequireRole(roles.Select(r => r.ToString()));
}

/// <summary>Reads the signed-in member from the cookie's claims.</summary>
public static class MemberClaims
{
    public const string DisplayNameClaim = "candor:name";
    public const string OrganizationNameClaim = "candor:org_name";

    public static Guid? UserId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null;

    public static Guid? OrganizationId(this ClaimsPrincipal principal) =>
        Guid.TryParse(principal.FindFirstValue(ApiKeyAuthenticationHandler.OrganizationClaim), out var id) ? id : null;

    public static MemberRole? Role(this ClaimsPrincipal principal) =>
        Enum.TryParse<MemberRole>(principal.FindFirstValue(ClaimTypes.Role), out var role) ? role : null;

    public static string? OrganizationName(this ClaimsPrincipal principal) => principal.FindFirstValue(OrganizationNameClaim);

    public static string DisplayName(this ClaimsPrincipal principal) =>
        principal.FindFirstValue(DisplayNameClaim) ?? principal.Identity?.Name ?? "";
}
