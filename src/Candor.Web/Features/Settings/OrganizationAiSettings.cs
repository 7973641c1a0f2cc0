using Candor.Web.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Features.Settings;

/// <summary>
/// An organisation's own AI provider (table organization_ai_settings). Deliberately not <see cref="ITenantOwned"/>:
/// its key is the organisation id, and the AI layer reads it from background jobs, where no tenant is set, always
/// by an explicit organisation id.
/// </summary>
public sealed class OrganizationAiSettings
{
    public Guid OrganizationId { get; set; }

    /// <summary>"none", "openai" (any OpenAI-compatible endpoint) or "anthropic".</summary>
    public required string Provider { get; set; }

    public string? BaseUrl { get; set; }
    public string? Model { get; set; }

    /// <summary>Encrypted with <see cref="Infrastructure.SecretProtector"/>, bound to the organisation id. Never shown.</summary>
    public string? ApiKeyEncrypted { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
    public Guid? UpdatedBy { get; set; }

    public bool HasProvider => Provider is "openai" or "anthropic";
}

public static class OrganizationAiSettingsModel
{
    public static void Configure(ModelBuilder modelBuilder)
    {
        var settings = modelBuilder.Entity<OrganizationAiSettings>().ToTable("organization_ai_settings");
        settings.HasKey(s => s.OrganizationId);
        settings.Ignore(s => s.HasProvider);
        settings.HasOne<Organization>().WithOne().HasForeignKey<OrganizationAiSettings>(s => s.OrganizationId);
    }
}
