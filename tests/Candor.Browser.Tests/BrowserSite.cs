using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace Candor.Browser.Tests;

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserSite>
{
    public const string Name = "Browser";
}

/// <summary>
/// One real Candor (Kestrel on a free 127.0.0.1 port, fresh database) and one Debian Chromium for the
/// whole browser suite. Pages get their own browser context, so tests don't share cookies or storage.
/// </summary>
public sealed class BrowserSite : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";
    private static readonly string[] ChromiumArgs =
        ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync"];

    public static readonly ViewportSize Desktop = new() { Width = 1280, Height = 900 };
    public static readonly ViewportSize Phone = new() { Width = 375, Height = 812 };

    private IPlaywright? _playwright;

    public BrowserApp App { get; } = new();
    public IBrowser Browser { get; private set; } = null!;
    public string BaseUrl { get; private set; } = "";

    public async Task InitializeAsync()
    {
        File.Exists(ChromiumPath).ShouldBeTrue(
            $"The browser tests drive Debian's Chromium at {ChromiumPath}: run ./candor test (it installs it) or apt-get install -y chromium.");
        // The port is chosen before the app starts so its public base URL is the real one: the links it signs
        // (recruiters' audio players) must open in this browser.
        var port = FreePort();
        BaseUrl = $"http://127.0.0.1:{port}";
        App.With("Candor:PublicBaseUrl", BaseUrl).UseKestrel(port);
        await App.InitializeAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new() { ExecutablePath = ChromiumPath, Headless = true, Args = ChromiumArgs });
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }
        _playwright?.Dispose();
        await App.DisposeAsync();
    }

    public async Task<IPage> NewPageAsync(ViewportSize? viewport = null)
    {
        var context = await Browser.NewContextAsync(new() { BaseURL = BaseUrl, ViewportSize = viewport ?? Desktop });
        await context.AddInitScriptAsync(PageChecks.RecordCspViolations);
        return await context.NewPageAsync();
    }

    /// <summary>
    /// A new organisation, a job with the given tools, and one scheduled interview for it. <paramref name="questions"/>
    /// keeps only the first few of the drafted questions (a job is drafted with at least 8), for a shorter interview.
    /// </summary>
    public async Task<Invitation> InviteAsync(
        bool codeEditor = false, string mode = "text", string organization = "Northwind Logistics", bool whiteboard = false, int? questions = null)
    {
        var tenant = await App.CreateTenantAsync(organization);
        var driver = new InterviewDriver(App, tenant);
        var job = await (await tenant.Client.PostJson("/api/v1/jobs", new
        {
            title = "Senior Backend Engineer",
            description = InterviewDriver.BackendJobDescription,
            question_count = 8,
            stage_type = "technical",
            tools = new { mode, code_editor = codeEditor, whiteboard },
        })).Json(HttpStatusCode.Created);
        if (questions is { } kept)
        {
            var first = job["questions"]!.AsArray().Take(kept).Select(q => new { id = q!["id"]!.GetValue<string>(), text = q["text"]!.GetValue<string>() });
            job = await (await tenant.Client.PutJson($"/api/v1/jobs/{job["id"]!.GetValue<string>()}/questions", new { questions = first })).Json();
        }
        var scheduled = await driver.ScheduleAsync(Guid.Parse(job["id"]!.GetValue<string>()), name: "Grace Hopper", email: "grace@example.com");
        return new Invitation(tenant, driver, scheduled.InterviewId, scheduled.Token, job);
    }

    /// <summary>Where screenshots go: TestResults/screenshots at the repository root (CANDOR_SCREENSHOTS overrides).</summary>
    public static string ScreenshotDirectory()
    {
        var configured = Environment.GetEnvironmentVariable("CANDOR_SCREENSHOTS");
        var directory = configured is { Length: > 0 } ? configured : Path.Combine(RepositoryRoot(), "TestResults", "screenshots");
        Directory.CreateDirectory(directory);
        return directory;
    }

    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Candor.slnx")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("Candor.slnx not found above " + AppContext.BaseDirectory);
    }
}

public sealed record Invitation(Tenant Tenant, InterviewDriver Driver, Guid InterviewId, string Token, JsonNode Job)
{
    public string Landing => $"/i/{Token}";
}

/// <summary>The real app on Kestrel, with the answer stream slowed down on the wire so streaming is observable.</summary>
public sealed class BrowserApp : CandorApp
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseStaticWebAssets(); // Serve wwwroot as built (with its compressed variants) outside Development too.
        builder.ConfigureServices(services => services.AddTransient<IStartupFilter, SlowAnswerStreams>());
    }
}
