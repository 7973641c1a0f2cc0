namespace Candor.Web.Features.Quotas;

/// <summary>
/// Settings under "Candor:Quotas": interviews scheduled per calendar month (UTC) for each plan.
/// A missing or negative limit means unlimited; an organisation on an unknown plan gets essential's.
/// </summary>
public sealed class QuotaOptions
{
    public const string Section = "Candor:Quotas";

    public int? Essential { get; set; } = 100;

    public int? Professional { get; set; } = 1000;

    public int? Enterprise { get; set; }

    /// <summary>How often each node opens the new month's counters and prunes old ones.</summary>
    public TimeSpan MaintenanceInterval { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Months of history kept besides the current one.</summary>
    public int MonthsKept { get; set; } = 13;

    /// <summary>The monthly limit for <paramref name="plan"/>, or null when unlimited.</summary>
    public int? LimitFor(string plan)
    {
        var limit = plan switch
        {
            "professional" => Professional,
            "enterprise" => Enterprise,
            _ => Essential,
        };
        return limit is < 0 ? null : limit;
    }
}

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
