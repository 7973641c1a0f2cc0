namespace Candor.Web.Features.Webhooks;

/// <summary>Settings under "Candor:Webhooks" (environment: Candor__Webhooks__Name).</summary>
public sealed class WebhookOptions
{
    public const string Section = "Candor:Webhooks";

    /// <summary>
    /// After the immediate first attempt, wait these delays before attempts 2, 3, … (each ±20% jitter); after
    /// the last attempt the message is failed. The Standard Webhooks schedule (about a day in all), with
    /// tighter early steps: a receiver that blips for half a minute (a deploy, a restart) gets the event
    /// after about 35 s (at most about 2 min, with jitter), not after five minutes.
    /// </summary>
    public static readonly IReadOnlyList<TimeSpan> StandardRetryDelays =
    [
        TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), TimeSpan.FromMinutes(2), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(2), TimeSpan.FromHours(5), TimeSpan.FromHours(10), TimeSpan.FromHours(10),
    ];

    /// <summary>Overrides <see cref="StandardRetryDelays"/> when set (tests use milliseconds). Candor__Webhooks__RetryDelays__0=00:00:05 …</summary>
    public TimeSpan[] RetryDelays { get; set; } = [];

    /// <summary>Allow endpoints on loopback, private, link-local and similar addresses. Off in production (SSRF guard); tests and local runs turn it on.</summary>
    public bool AllowPrivateNetworks { get; set; }

    /// <summary>Deliveries a node sends at the same time (each waits on a receiver, not on this node).</summary>
    public int Concurrency { get; set; } = 32;

    /// <summary>How long a claimed message is ours; after that another node re-sends it (ours died mid-delivery).</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Polling fallback when no NOTIFY arrives (retries that become due, other nodes' replays).</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Delivered messages, their attempts and dispatched events are kept this long, then deleted.</summary>
    public TimeSpan KeepDeliveredFor { get; set; } = TimeSpan.FromDays(30);

    /// <summary>Tests turn the worker off to drive delivery by hand.</summary>
    public bool Enabled { get; set; } = true;

    public IReadOnlyList<TimeSpan> EffectiveRetryDelays => RetryDelays.Length > 0 ? RetryDelays : StandardRetryDelays;

    /// <summary>Attempts in all: the immediate one plus one per retry delay.</summary>
    public int MaxAttempts => EffectiveRetryDelays.Count + 1;
}

/// <summary>Settings under "Candor:Secrets".</summary>
public sealed class SecretsOptions
{
    public const string Section = "Candor:Secrets";

    /// <summary>Base64 of 32 random bytes: the AES-256-GCM key that encrypts webhook signing secrets at rest.</summary>
    public string? Key { get; set; }
}
