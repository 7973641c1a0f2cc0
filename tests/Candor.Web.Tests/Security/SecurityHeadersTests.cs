using System.Net;
using System.Text.RegularExpressions;
using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Features.CandidateResults;
using Candor.Web.Tests.Infrastructure;

namespace Candor.Web.Tests.Security;

public sealed partial class SecurityHeadersTests(ResultsApp app) : IClassFixture<ResultsApp>
{
    [Fact]
    public async Task Every_page_carries_the_security_headers_and_token_bearing_pages_send_no_referrer()
    {
        var completed = await app.CompletedAsync();
        var admin = await app.LogInAsync(completed.AdminEmail);
        var results = $"/app/interviews/{completed.InterviewId}";
        var share = ExportsAndSharesTests.ShareLinkPattern()
            .Match(await admin.SubmitExpectingPageAsync(results, "share", new Dictionary<string, string> { ["Share.Lifetime"] = "24h" })).Groups["path"].Value;
        share.ShouldNotBeEmpty();
        var driver = new InterviewDriver(app, completed.Tenant);
        var token = (await driver.ScheduleAsync(Guid.Parse(completed.Results["interview"]!["job_id"]!.GetValue<string>()))).Token;
        await driver.StartAsync(token);
        var candidateLink = $"/i/{token}";
        var anonymous = new PageSession(app);

        var pages = new (PageSession Who, string Path, bool TokenBearing)[]
        {
            (admin, "/app", false), (admin, results, false), (admin, "/app/settings", false), (admin, "/app/jobs", false),
            (anonymous, "/login", false), (anonymous, "/signup", false), (anonymous, "/forgot-password", false),
            (anonymous, "/reset-password?email=a%40example.com&token=abc", true), (anonymous, share, true),
            (anonymous, candidateLink, true), (anonymous, $"{candidateLink}/interview", true),
            // A room's link carries its token in the fragment, which never leaves the browser.
            (anonymous, $"/rooms/{Guid.NewGuid()}", false),
        };
        foreach (var (who, path, tokenBearing) in pages)
        {
            var response = await who.Client.GetAsync(path);
            response.StatusCode.ShouldBe(HttpStatusCode.OK, path);
            var csp = Header(response, "Content-Security-Policy");
            csp.ShouldContain("default-src 'self'", Case.Sensitive, path);
            csp.ShouldContain("frame-ancestors 'none'", Case.Sensitive, path);
            csp.ShouldContain("object-src 'none'", Case.Sensitive, path);
            ScriptSources(csp).ShouldNotContain("'unsafe-inline'", Case.Sensitive, path);
            ScriptSources(csp).ShouldNotContain("'unsafe-eval'", Case.Sensitive, path);
            Header(response, "X-Content-Type-Options").ShouldBe("nosniff", path);
            Header(response, "X-Frame-Options").ShouldBe("DENY", path);
            Header(response, "Referrer-Policy").ShouldBe(tokenBearing ? "no-referrer" : "strict-origin-when-cross-origin", path);
            var permissions = Header(response, "Permissions-Policy");
            permissions.ShouldContain("camera=()", Case.Sensitive, path);
            // Voice interviews record on the candidate's page and voice rooms on the room page; nowhere else may ask for the microphone.
            var recordsVoice = path.StartsWith("/i/", StringComparison.Ordinal) || path.StartsWith("/rooms/", StringComparison.Ordinal);
            permissions.ShouldContain(recordsVoice ? "microphone=(self)" : "microphone=()", Case.Sensitive, path);

            // The policy allows scripts from files only: a page with an inline script or handler would break under it.
            var html = await response.Content.ReadAsStringAsync();
            InlineScript().Matches(html).ShouldBeEmpty($"{path} has an inline script the policy would block");
            InlineHandler().Matches(html).ShouldBeEmpty($"{path} has an inline event handler the policy would block");
        }

        // The API and the exports carry them too, and so do error answers.
        foreach (var response in new[]
                 {
                     await completed.Tenant.Client.GetAsync("/api/v1/jobs"), await admin.Client.GetAsync("/app/interviews.csv"),
                     await anonymous.Client.GetAsync("/api/v1/jobs"), await anonymous.Client.GetAsync("/i/not-a-real-token"),
                 })
        {
            Header(response, "X-Content-Type-Options").ShouldBe("nosniff");
            Header(response, "X-Frame-Options").ShouldBe("DENY");
            Header(response, "Content-Security-Policy").ShouldContain("frame-ancestors 'none'");
        }
    }

    private static string Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : throw new ShouldAssertException($"{response.RequestMessage!.RequestUri} has no {name} header");

    private static string ScriptSources(string csp) =>
        csp.Split(';', StringSplitOptions.TrimEntries).Single(d => d.StartsWith("script-src ", StringComparison.Ordinal));

    [GeneratedRegex(@"<script(?![^>]*\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex(@"<[^>]+\son[a-z]+\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex InlineHandler();
}
