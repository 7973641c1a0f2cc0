using System.Net;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.Accounts;

public sealed class DemoAccountsApp : CandorApp
{
    public const string DemoPassword = "demo-password-123";

    public DemoAccountsApp()
    {
        With("Candor:Demo:Enabled", "true");
        With("Candor:Demo:AdminPassword", DemoPassword);
    }
}

public sealed class DemoLoginTests(DemoAccountsApp app) : IClassFixture<DemoAccountsApp>
{
    [Fact]
    public async Task The_demo_organisation_has_an_Admin_and_an_Evaluator_login()
    {
        var admin = new PageSession(app);
        await admin.LogInAsync("admin@demo.candor.local", DemoAccountsApp.DemoPassword);
        var team = await admin.GetPageAsync("/app/team");
        team.ShouldContain("Acme Robotics (demo)");
        team.ShouldContain("evaluator@demo.candor.local");

        var evaluator = new PageSession(app);
        await evaluator.LogInAsync("evaluator@demo.candor.local", DemoAccountsApp.DemoPassword);
        (await evaluator.Client.GetAsync("/app/team")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await evaluator.Client.GetAsync("/dev/outbox")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
    }
}
