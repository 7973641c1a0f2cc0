using Candor.Web.Data.Entities;

namespace Candor.Web.Features.Greenhouse;

/// <summary>Where the "test completed" notice to Greenhouse stands.</summary>
public enum GreenhouseCallbackStatus
{
    /// <summary>Sent to the candidate; no report yet.</summary>
    Sent,
    /// <summary>The report is ready and the PATCH is queued.</summary>
    CallbackQueued,
    /// <summary>Greenhouse accepted the PATCH.</summary>
    CallbackDelivered,
    /// <summary>The last PATCH failed; the job queue retries it (last_error says why).</summary>
    CallbackFailed,
}

/// <summary>The candidate as Greenhouse's send_test described them, kept for support and for the recruiter's view.</summary>
public sealed record GreenhouseCandidate(
    string FirstName,
    string LastName,
    string Email,
    string? PhoneNumber,
    string? ResumeUrl,
    string? GreenhouseProfileUrl);

/// <summary>A Candor interview that Greenhouse ordered through send_test.</summary>
public sealed class GreenhouseAssessment : ITenantOwned
{
    public Guid InterviewId { get; set; }
    public Guid OrganizationId { get; set; }
    public required string PartnerTestId { get; set; }
    public required string CallbackUrl { get; set; }
    public required GreenhouseCandidate Candidate { get; set; }
    public GreenhouseCallbackStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastCallbackAt { get; set; }
    public int CallbackAttempts { get; set; }
    public string? LastError { get; set; }
}
