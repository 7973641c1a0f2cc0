using Candor.Web.Data;
using Candor.Web.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Quotas;

/// <summary>
/// <c>GET /api/v1/usage</c>. The interview fields stay at the top level (integrators read them there); each further
/// quota is an object of its own.
/// </summary>
public sealed record UsageResponse(
    string Plan,
    DateTimeOffset PeriodStart,
    DateTimeOffset PeriodEnd,
    int InterviewsScheduled,
    int? Limit,
    int? Remaining,
    QuotaUsage TechnicalRooms);

/// <summary>One quota this month: how many were used, the plan's limit (null: unlimited) and what is left.</summary>
public sealed record QuotaUsage(int Used, int? Limit, int? Remaining);

/// <summary>
/// Counts scheduled interviews and opened technical rooms per organisation and month against the plan's quotas. The
/// counts live in one row per (organisation, month), so a late reset job can never let a month run over: a new month
/// is simply a new row.
/// </summary>
public sealed class UsageQuotas(IOptionsMonitor<QuotaOptions> options, TimeProvider clock)
{
    /// <summary>
    /// Takes one interview from this month's quota, or throws a 429 problem when it is used up. Must
    /// run inside the caller's transaction: the increment holds the counter row's lock until commit
    /// (so concurrent schedules queue and can never overshoot) and rolls back with the interview.
    /// </summary>
    public Task ConsumeInterviewAsync(CandorDbContext db, CancellationToken cancellationToken) =>
        ConsumeAsync(db, UsageQuota.Interviews, cancellationToken);

    /// <summary>As <see cref="ConsumeInterviewAsync"/> for an AI-assisted technical room (a stage's or one made by POST /rooms).</summary>
    public Task ConsumeTechnicalRoomAsync(CandorDbContext db, CancellationToken cancellationToken) =>
        ConsumeAsync(db, UsageQuota.TechnicalRooms, cancellationToken);

    private async Task ConsumeAsync(CandorDbContext db, UsageQuota quota, CancellationToken cancellationToken)
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("Quota consumption must share the transaction that writes what it counts.");
        }
        var organizationId = db.Tenant.OrganizationId ?? throw new InvalidOperationException("No tenant in scope.");
        var plan = await PlanOfAsync(db, organizationId, cancellationToken);
        var limit = options.CurrentValue.LimitFor(quota, plan);
        var now = clock.GetUtcNow();
        var period = UsagePeriod.Containing(now);
        var ceiling = limit ?? int.MaxValue;

        // The WHERE on the update makes "count < limit" and "count + 1" one atomic step; no row back means full.
        // Column names cannot be parameters, hence one statement per counter.
        var increment = quota == UsageQuota.TechnicalRooms
            ? db.Database.SqlQuery<int>($"""
                INSERT INTO organization_usage AS u (organization_id, period_start, technical_rooms_opened)
                VALUES ({organizationId}, {period.Start}, 1)
                ON CONFLICT (organization_id, period_start)
                DO UPDATE SET technical_rooms_opened = u.technical_rooms_opened + 1 WHERE u.technical_rooms_opened < {ceiling}
                RETURNING u.technical_rooms_opened AS "Value"
                """)
            : db.Database.SqlQuery<int>($"""
                INSERT INTO organization_usage AS u (organization_id, period_start, interviews_scheduled)
                VALUES ({organizationId}, {period.Start}, 1)
                ON CONFLICT (organization_id, period_start)
                DO UPDATE SET interviews_scheduled = u.interviews_scheduled + 1 WHERE u.interviews_scheduled < {ceiling}
                RETURNING u.interviews_scheduled AS "Value"
                """);
        var counted = ceiling > 0 && (await increment.ToListAsync(cancellationToken)).Count > 0;
        if (!counted)
        {
            var what = quota == UsageQuota.TechnicalRooms ? "AI-assisted technical rooms" : "scheduled interviews";
            throw new ApiProblemException(StatusCodes.Status429TooManyRequests, "Quota exceeded",
                $"The {plan} plan includes {limit} {what} a month and this month's are used up. The quota resets at {period.EndsAt:yyyy-MM-ddTHH:mm:ssZ}.",
                "quota_exceeded")
            {
                RetryAfter = period.EndsAt - now,
                Extensions =
                {
                    ["quota"] = CandorJson.EnumName(quota),
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
        var settings = options.CurrentValue;
        var limit = settings.LimitFor(UsageQuota.Interviews, plan);
        var roomLimit = settings.LimitFor(UsageQuota.TechnicalRooms, plan);
        var period = UsagePeriod.Containing(clock.GetUtcNow());
        var used = (await db.Database.SqlQuery<UsageCounts>($"""
            SELECT interviews_scheduled AS "Interviews", technical_rooms_opened AS "TechnicalRooms" FROM organization_usage
            WHERE organization_id = {organizationId} AND period_start = {period.Start}
            """).ToListAsync(cancellationToken)).SingleOrDefault() ?? new UsageCounts();
        return new UsageResponse(plan, period.StartsAt, period.EndsAt, used.Interviews, limit, Remaining(limit, used.Interviews),
            new QuotaUsage(used.TechnicalRooms, roomLimit, Remaining(roomLimit, used.TechnicalRooms)));
    }

    private static int? Remaining(int? limit, int used) => limit is { } l ? Math.Max(0, l - used) : null;

    private static Task<string> PlanOfAsync(CandorDbContext db, Guid organizationId, CancellationToken cancellationToken) =>
        db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Plan).SingleAsync(cancellationToken);

    private sealed class UsageCounts
    {
        public int Interviews { get; set; }

        public int TechnicalRooms { get; set; }
    }
}
