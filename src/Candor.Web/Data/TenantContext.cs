namespace Candor.Web.Data;

/// <summary>
/// The organisation the current request or job acts for. Set from the API key, the candidate's
/// token or the job row; every tenant-owned query is filtered by it, and with none set they return nothing.
/// </summary>
public sealed class TenantContext
{
    public Guid? OrganizationId { get; private set; }

    public void Set(Guid organizationId)
    {
        if (OrganizationId is { } current && current != organizationId)
        {
            throw new InvalidOperationException("The tenant of a scope cannot change once set.");
        }
        OrganizationId = organizationId;
    }
}
