namespace Candor.Web.Features.Quotas;

/// <summary>
/// Settings under "Candor:Quotas": interviews scheduled per calendar month (UTC) for each plan, and under
/// "Candor:Quotas:TechnicalRooms" the AI-assisted technical rooms opened per month (by a technical stage or POST /rooms).
/// A missing or negative limit means unlimited; an organisation on an unknown plan gets essential's.
/// </summary>
public sealed class QuotaOptions
{
    public const string Section = "Candor:Quotas";

    public int? Essential { get; set; } = 100;

    public int? Professional { get; set; } = 1000;

    public int? Enterprise { get; set; }

    /// <summary>Rooms cost sandbox runs and AI calls, so they have their own, smaller, monthly limit per plan.</summary>
    public PlanLimits TechnicalRooms { get; set; } = new() { Essential = 50, Professional = 500 };

    /// <summary>How often each node opens the new month's counters and prunes old ones.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Months of history kept besides the current one.</summary>
    public int MonthsKept { get; set; } = 13;

    /// <summary>The monthly interview limit for <paramref name="plan"/>, or null when unlimited.</summary>
    public int? LimitFor(string plan) => PlanLimits.Pick(plan, Essential, Professional, Enterprise);

    /// <summary>The monthly limit of <paramref name="quota"/> for <paramref name="plan"/>, or null when unlimited.</summary>
    public int? LimitFor(UsageQuota quota, string plan) => quota == UsageQuota.TechnicalRooms ? TechnicalRooms.LimitFor(plan) : LimitFor(plan);
}

/// <summary>A monthly limit per plan; missing or negative means unlimited.</summary>
public sealed class PlanLimits
{
    public int? Essential { get; set; }

    public int? Professional { get; set; }

    public int? Enterprise { get; set; }

    public int? LimitFor(string plan) => Pick(plan, Essential, Professional, Enterprise);

    internal static int? Pick(string plan, int? essential, int? professional, int? enterprise)
    {
        var limit = plan switch
        {
            "professional" => professional,
            "enterprise" => enterprise,
            _ => essential,
        };
        return limit is < 0 ? null : limit;
    }
}

/// <summary>What is counted per month. Wire names: interviews, technical_rooms.</summary>
public enum UsageQuota { Interviews, TechnicalRooms }

/// <summary>A calendar month in UTC, the unit quotas are counted in.</summary>
public readonly record struct UsagePeriod(DateOnly Start)
{
    public DateTimeOffset StartsAt => new(Start.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);

    /// <summary>Exclusive: the instant the next period starts and the quota resets.</summary>
    public DateTimeOffset EndsAt => StartsAt.AddMonths(1);

    public static UsagePeriod Containing(DateTimeOffset instant)
    {
        var utc = instant.UtcDateTime;
        return new UsagePeriod(new DateOnly(utc.Year, utc.Month, 1));
    }
}
