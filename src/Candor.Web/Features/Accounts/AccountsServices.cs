using System.Security.Claims;
using Candor.Web.Data;
using Candor.Web.Features.ApiKeys;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Accounts;

public sealed class AccountsOptions
{
    public const string Section = "Candor:Accounts";

    /// <summary>How long an invite link works.</summary>
    public TimeSpan InviteLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How long a password-reset link works.</summary>
    public TimeSpan PasswordResetLifetime { get; set; } = TimeSpan.FromHours(2);
}

public static class AccountsServices
{
    /// <summary>Picks the API key for /api and the sign-in cookie for everything else.</summary>
    public const string PageOrApiScheme = "PageOrApi";

    /// <summary>The sign-in cookie's name.</summary>
    public const string AuthCookieName = "candor_auth";

    public static IServiceCollection AddAccounts(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<AccountsOptions>(configuration.GetSection(AccountsOptions.Section));
        services.AddHttpContextAccessor();
        services.AddScoped<Team.TeamMembers>();
        services.AddIdentityCore<CandorUser>(options =>
            {
                options.User.RequireUniqueEmail = true;
                // Length is what makes a password strong; composition rules mostly make people write them down.
                options.Password.RequiredLength = 10;
                options.Password.RequiredUniqueChars = 4;
                options.Password.RequireDigit = false;
                options.Password.RequireLowercase = false;
                options.Password.RequireUppercase = false;
                options.Password.RequireNonAlphanumeric = false;
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = 5;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
            })
            .AddEntityFrameworkStores<CandorDbContext>()
            .AddSignInManager()
            .AddDefaultTokenProviders()
            .AddClaimsPrincipalFactory<MemberClaimsFactory>();
        services.AddOptions<DataProtectionTokenProviderOptions>()
            .Configure<IOptions<AccountsOptions>>((tokens, accounts) => tokens.TokenLifespan = accounts.Value.PasswordResetLifetime);
        // Every request re-reads the member, so a removed member or a changed role takes effect at once.
        services.Configure<SecurityStampValidatorOptions>(options => options.ValidationInterval = TimeSpan.Zero);

        // The API must keep answering 401 problems to API keys (and never honour a cookie, which a browser
        // sends on its own); pages use the cookie and redirect to /login.
        services.AddAuthentication(options => options.DefaultScheme = PageOrApiScheme)
            .AddPolicyScheme(PageOrApiScheme, "API key for /api, cookie for pages", options =>
                options.ForwardDefaultSelector = context => context.Request.Path.StartsWithSegments("/api")
                    ? ApiKeyAuthenticationHandler.SchemeName
                    : IdentityConstants.ApplicationScheme)
            .AddCookie(IdentityConstants.ApplicationScheme, options =>
            {
                options.Cookie.Name = AuthCookieName;
                options.Cookie.HttpOnly = true;
                options.Cookie.SameSite = SameSiteMode.Lax;
                options.LoginPath = "/login";
                options.LogoutPath = "/logout";
                options.AccessDeniedPath = "/access-denied";
                options.ExpireTimeSpan = TimeSpan.FromDays(14);
                options.SlidingExpiration = true;
                options.Events.OnValidatePrincipal = ValidateMemberAsync;
            })
            // Never set (there is no two-factor sign-in yet), but Identity signs it out when it rejects a member's cookie.
            .AddCookie(IdentityConstants.TwoFactorRememberMeScheme, options => options.Cookie.Name = "candor_2fa");
        services.AddAuthorizationBuilder().AddCandorPolicies();
        return services;
    }

    /// <summary>Checks the member still exists unchanged, then scopes the request to their organisation.</summary>
    private static async Task ValidateMemberAsync(CookieValidatePrincipalContext context)
    {
        await SecurityStampValidator.ValidatePrincipalAsync(context);
        // Candidate pages (/i/{token}) are authorised by their token, which decides the tenant: a recruiter
        // who happens to be signed in must not pin them to the recruiter's own organisation.
        if (context.Principal?.OrganizationId() is { } organizationId && !context.HttpContext.Request.Path.StartsWithSegments("/i"))
        {
            context.HttpContext.RequestServices.GetRequiredService<TenantContext>().Set(organizationId);
        }
    }
}

/// <summary>Adds the organisation (id and name), role and display name to the member's principal.</summary>
public sealed class MemberClaimsFactory(UserManager<CandorUser> users, IOptions<IdentityOptions> options, CandorDbContext db)
    : UserClaimsPrincipalFactory<CandorUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(CandorUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ApiKeyAuthenticationHandler.OrganizationClaim, user.OrganizationId.ToString()));
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role.ToString()));
        identity.AddClaim(new Claim(MemberClaims.DisplayNameClaim, user.DisplayName));
        // Read here, once per request (the principal is rebuilt on each), so layouts never query the DbContext
        // beside the page they wrap: components initialise concurrently and a DbContext takes one query at a time.
        var organizationName = await db.Organizations.Where(o => o.Id == user.OrganizationId).Select(o => o.Name).FirstOrDefaultAsync();
        identity.AddClaim(new Claim(MemberClaims.OrganizationNameClaim, organizationName ?? ""));
        return identity;
    }
}
