using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Accounts;

/// <summary>Maps Identity's tables to the schema's snake_case names (columns are renamed by the DbContext's naming loop).</summary>
public static class AccountsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        var user = modelBuilder.Entity<CandorUser>().ToTable("users");
        user.HasOne<Data.Entities.Organization>().WithMany().HasForeignKey(u => u.OrganizationId);
        modelBuilder.Entity<IdentityUserClaim<Guid>>().ToTable("user_claims");
        modelBuilder.Entity<IdentityUserLogin<Guid>>().ToTable("user_logins");
        modelBuilder.Entity<IdentityUserToken<Guid>>().ToTable("user_tokens");
        modelBuilder.Entity<MemberInvite>().ToTable("member_invites");
    }
}
