using System.Net;
using System.Text.Json.Nodes;
using Candor.Web.Features.Accounts;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Features.Evidence;

/// <summary>The validity card: the figures eval/results/latest.json holds, served to integrations and members, never anonymously.</summary>
public sealed class ValidityCardTests(EvidenceApp app) : IClassFixture<EvidenceApp>
{
    /// <summary>The evaluator this build runs offline, as the card names it (provider/model/version).</summary>
    private static readonly string CurrentOfflineEvaluator =
        $"{Candor.Engine.Ai.Provenance.Offline.Provider}/{Candor.Engine.Ai.Provenance.Offline.Model}/{Candor.Engine.Ai.Provenance.Offline.PromptVersion}";

    private static JsonNode Latest() => JsonNode.Parse(File.ReadAllText(Path.Combine(RepositoryRoot(), "eval", "results", "latest.json")))!;

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Candor.slnx")))
        {
            directory = directory.Parent;
        }
        return directory?.FullName ?? throw new DirectoryNotFoundException("Candor.slnx not found above the test output");
    }

    [Fact]
    public async Task An_api_key_reads_the_latest_figures_with_what_they_hold_for_and_do_not_cover()
    {
        var tenant = await app.CreateTenantAsync("Validity Org");
        var latest = Latest();

        var card = await tenant.Client.GetJson("/api/v1/validity");

        card["measured_at"]!.GetValue<DateTimeOffset>().ShouldBe(latest["generated_at"]!.GetValue<DateTimeOffset>());
        card["evaluators"]!.AsArray().Select(e => e!.GetValue<string>()).ShouldBe(latest["evaluators"]!.AsArray().Select(e => e!.GetValue<string>()));
        card["current_offline_evaluator"]!.GetValue<string>().ShouldBe(CurrentOfflineEvaluator);
        card["holds_for_current_offline_evaluator"]!.GetValue<bool>().ShouldBeTrue();
        card["calibration_set_fingerprint"]!.GetValue<string>().ShouldBe(latest["calibration_set"]!["fingerprint"]!.GetValue<string>());
        card["graded_interviews"]!.GetValue<int>().ShouldBe(latest["calibration_set"]!["graded_interviews"]!.GetValue<int>());
        card["pooled"]!["spearman"]!.GetValue<double>().ShouldBe(latest["pooled"]!["spearman"]!.GetValue<double>());
        card["pooled"]!["qwk"]!.GetValue<double>().ShouldBe(latest["pooled"]!["qwk"]!.GetValue<double>());
        card["pooled"]!["pairwise_accuracy"]!.GetValue<double>().ShouldBe(latest["pooled"]!["pairwise_accuracy"]!.GetValue<double>());
        card["thresholds"]!["min_spearman"]!.GetValue<double>().ShouldBe(latest["thresholds"]!["min_spearman"]!.GetValue<double>());
        card["passed_thresholds"]!.GetValue<bool>().ShouldBe(latest["passed"]!.GetValue<bool>());

        var jobs = card["job_figures"]!.AsArray();
        jobs.Count.ShouldBe(latest["jobs"]!.AsArray().Count);
        foreach (var job in latest["jobs"]!.AsArray())
        {
            var served = jobs.Single(j => j!["id"]!.GetValue<string>() == job!["id"]!.GetValue<string>())!;
            served["rubric_fingerprint"]!.GetValue<string>().ShouldBe(job!["rubric_fingerprint"]!.GetValue<string>());
            served["figures"]!["qwk"]!.GetValue<double>().ShouldBe(job["figures"]!["qwk"]!.GetValue<double>());
        }

        var notCovered = card["not_covered"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        notCovered.ShouldContain(n => n.Contains("LLM provider"));
        notCovered.ShouldContain(n => n.Contains("English"));
        notCovered.ShouldContain(n => n.StartsWith("A small set:"));
        notCovered.ShouldContain(n => n.StartsWith("Synthetic"));
        card["targets"]!["qwk"]!.GetValue<double>().ShouldBe(0.75);
    }

    [Fact]
    public async Task Any_scope_will_do_but_no_key_is_a_401_problem_and_a_bad_key_too()
    {
        var tenant = await app.CreateTenantAsync("Narrow Key Org", "webhooks:manage");
        (await tenant.Client.GetAsync("/api/v1/validity")).StatusCode.ShouldBe(HttpStatusCode.OK);

        var anonymous = await app.CreateClient().GetAsync("/api/v1/validity");
        anonymous.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        anonymous.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        anonymous.Headers.Location.ShouldBeNull("an API call is answered, not redirected to the login page");

        (await app.WithBearer("cnd_not_a_real_key").GetAsync("/api/v1/validity")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_signed_in_member_reads_the_card_in_words()
    {
        var tenant = await app.CreateTenantAsync("Members Org");
        var evaluator = await app.MemberAsync(tenant.OrganizationId, MemberRole.Evaluator);

        var page = WebUtility.HtmlDecode(await evaluator.GetPageAsync("/app/validity"));
        var latest = Latest();
        page.ShouldContain("How far the scores can be trusted");
        page.ShouldContain(CurrentOfflineEvaluator);
        page.ShouldContain(latest["pooled"]!["spearman"]!.GetValue<double>().ToString("0.00", System.Globalization.CultureInfo.InvariantCulture));
        page.ShouldContain("What these figures do not cover");
        page.ShouldContain("Written English answers only");
        foreach (var job in latest["jobs"]!.AsArray())
        {
            page.ShouldContain(job!["title"]!.GetValue<string>());
            page.ShouldContain(job["rubric_fingerprint"]!.GetValue<string>());
        }
        page.ShouldNotContain("min_spearman", Case.Sensitive, "codes stay in the API");
    }

    [Fact]
    public async Task The_page_asks_an_anonymous_visitor_to_sign_in()
    {
        var response = await app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { AllowAutoRedirect = false })
            .GetAsync("/app/validity");
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        response.Headers.Location!.ToString().ShouldContain("/login");
    }
}
