namespace Candor.Web.Data.Entities;

public sealed class Organization
{
    public Guid Id { get; set; }
    public required string Name { get; set; }
    public required string Slug { get; set; }
    public string Plan { get; set; } = "essential";

    /// <summary>Where candidates write for help or accommodations (named in invitations); null: the inviting recruiter.</summary>
    public string? CandidateHelpEmail { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

/// <summary>Implemented by every tenant-owned row; the DbContext filters on it.</summary>
public interface ITenantOwned
{
    Guid OrganizationId { get; set; }
}
