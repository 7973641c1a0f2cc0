using Candor.Engine.Interviews;
using Candor.Engine.Scoring;

namespace Candor.Web.Infrastructure;

/// <summary>Settings under "Candor" (environment: Candor__Section__Name).</summary>
public sealed class CandorOptions
{
    public const string Section = "Candor";

    /// <summary>Base of the links candidates receive, e.g. https://interviews.example.com.</summary>
    public string PublicBaseUrl { get; set; } = "http://127.0.0.1:5080";

    public InterviewOptions Interviews { get; set; } = new();

    public DemoOptions Demo { get; set; } = new();

    /// <summary>Largest request body accepted by the API, in bytes.</summary>
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;
}

public sealed class InterviewOptions
{
    public int DefaultExpiryHours { get; set; } = 168;

    public int MaxExpiryHours { get; set; } = 24 * 90;

    /// <summary>An in-progress interview with no activity for this long is abandoned; its answers are still scored.</summary>
    public TimeSpan IdleLimit { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>How often expiry and abandonment are checked.</summary>
    public TimeSpan SweepInterval { get; set; } = TimeSpan.FromSeconds(30);

    public int MaxAnswerLength { get; set; } = 20_000;

    /// <summary>Code sent with an answer from the candidate's editor, at most this many characters.</summary>
    public int MaxCodeLength { get; set; } = 50_000;

    /// <summary>The candidate page's time per turn, in seconds; text typed so far is sent when it runs out.</summary>
    public int TurnSeconds { get; set; } = 300;

    public InterviewPolicyOptions Policy { get; set; } = new();

    public RecommendationThresholds Thresholds { get; set; } = new();
}

public sealed class DemoOptions
{
    /// <summary>Seed a demo organisation, job and API key at start-up (./candor run turns this on).</summary>
    public bool Enabled { get; set; }

    /// <summary>Give the demo job three completed interviews (strong, average, weak scripted answers) run through the real engine.</summary>
    public bool Interviews { get; set; } = true;

    /// <summary>The demo API key to (re)create; ./candor run generates one and keeps it in .data/.</summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Password of the demo logins admin@demo.candor.local (Admin) and evaluator@demo.candor.local (Evaluator);
    /// none are created without it. ./candor run generates one and keeps it in .data/demo-admin-password.
    /// </summary>
    public string? AdminPassword { get; set; }

    public string OrganizationName { get; set; } = "Acme Robotics (demo)";
}
