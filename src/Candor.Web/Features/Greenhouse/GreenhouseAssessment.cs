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
    /// <summary>
    /// The last PATCH failed (last_error says why): the job queue retries a transient failure; a permanent one
    /// (a 4xx such as 401 or 404) parks the job as dead at once, to be replayed once the cause is fixed.
    /// </summary>
    CallbackFailed,
}

/// <summary>The candidate as Greenhouse's send_test described them, kept for support and for the recruiter's view.</summary>
public sealed record GreenhouseCandidate(
    string FirstName,
    string LastName,
    string Email,
    string? PhoneNumber,
    string? ResumeUrl,
    string? GreenhouseProfileUrl,
    string? PreferredName = null);

/// <summary>A Candor interview that Greenhouse ordered through send_test.</summary>
public sealed class GreenhouseAssessment : ITenantOwned
{
    public Guid InterviewId { get; set; }
    public Guid OrganizationId { get; set; }
    public required string PartnerTestId { get; set; }
    public required string CallbackUrl { get; set; }
    public required GreenhouseCandidate Candidate { get; set; }

    /// <summary>send_test's sent_by: the e-mail of the Greenhouse user who sent the test.</summary>
    public string? SentBy { get; set; }

    /// <summary>The Candor API key Greenhouse authenticated send_test with (the organisation's Greenhouse key).</summary>
    public Guid? ApiKeyId { get; set; }

    /// <summary>
    /// That key, encrypted with <see cref="Infrastructure.SecretProtector"/> bound to the interview id: the completion
    /// PATCH authenticates with it, and Candor otherwise keeps keys only hashed. Never shown.
    /// </summary>
    public string? ApiKeyEncrypted { get; set; }
    public GreenhouseCallbackStatus Status { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? LastCallbackAt { get; set; }
    public int CallbackAttempts { get; set; }
    public string? LastError { get; set; }
}
