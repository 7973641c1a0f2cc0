using Candor.Web.Data;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Quotas;

public sealed record UsageResponse(
    string Plan,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    int InterviewsScheduled,
    int? Limit,
    int? Remaining);

/// <summary>
/// Counts scheduled interviews per organisation and month against the plan's quota. The count lives
/// in one row per (organisation, month), so a late reset job can never let a month run over: a new
/// month is simply a new row.
/// </summary>
public sealed class UsageQuotas(IOptionsMonitor<QuotaOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Takes one interview from this month's quota, or throws a 429 problem when it is used up. Must
    /// run inside the caller's transaction: the increment holds the counter row's lock until commit
    /// (so concurrent schedules queue and can never overshoot) and rolls back with the interview.
    /// </summary>
    public async Task ConsumeInterviewAsync(CandorDbContext db, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Quota consumption must share the transaction that writes the interview.");
        }
        var organizationId = db.Tenant.OrganizationId ?? throw new InvalidOperationException("No tenant in scope.");
        var plan = await PlanOfAsync(db, organizationId, cancellationToken);
        var limit = options.CurrentValue.LimitFor(plan);
        var now = clock.GetUtcNow();
        var period = UsagePeriod.Containing(now);
        var ceiling = limit ?? int.MaxValue;

        // The WHERE on the update makes "count < limit" and "count + 1" one atomic step; no row back means full.
        var counted = ceiling > 0 && (await db.Database.SqlQuery<int>($"""
            INSERT INTO organization_usage AS u (organization_id, period_start, interviews_scheduled)
            VALUES ({organizationId}, {period.Start}, 1)
            ON CONFLICT (organization_id, period_start)
            DO UPDATE SET interviews_scheduled = u.interviews_scheduled + 1 WHERE u.interviews_scheduled < {ceiling}
            RETURNING u.interviews_scheduled AS "Value"
            """).ToListAsync(cancellationToken)).Count > 0;
        if (!counted)
        {
            throw new ApiProblemException(StatusCodes.Status429TooManyRequests, "Quota exceeded",
                $"The {plan} plan includes {limit} scheduled interviews a month and this month's are used up. The quota resets at {period.EndsAt:yyyy-MM-ddTHH:mm:ssZ}.",
                "quota_exceeded")
            {
                RetryAfter = period.EndsAt - now,
                Extensions =
                {
                    ["plan"] = plan,
                    ["limit"] = limit,
                    ["period_start"] = period.StartsAt,
                    ["resets_at"] = period.EndsAt,
                },
            };
        }
    }

    public async Task<UsageResponse> GetUsageAsync(CandorDbContext db, CancellationToken cancellationToken)
    {
        var organizationId = db.Tenant.OrganizationId ?? throw new InvalidOperationException("No tenant in scope.");
        var plan = await PlanOfAsync(db, organizationId, cancellationToken);
        var limit = options.CurrentValue.LimitFor(plan);
        var period = UsagePeriod.Containing(clock.GetUtcNow());
        var used = (await db.Database.SqlQuery<int>($"""
            SELECT interviews_scheduled AS "Value" FROM organization_usage
            WHERE organization_id = {organizationId} AND period_start = {period.Start}
            """).ToListAsync(cancellationToken)).SingleOrDefault();
        return new UsageResponse(plan, period.StartsAt, period.EndsAt, used, limit, limit is { } l ? Math.Max(0, l - used) : null);
    }

    private static Task<string> PlanOfAsync(CandorDbContext db, Guid organizationId, CancellationToken cancellationToken) =>
        db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Plan).SingleAsync(cancellationToken);
}
