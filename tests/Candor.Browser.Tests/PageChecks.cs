using System.Text.Json;
using Microsoft.Playwright;

namespace Candor.Browser.Tests;

/// <summary>Accessibility (axe-core), Content-Security-Policy violations and screenshots, for any page.</summary>
public static class PageChecks
{
    /// <summary>
    /// Runs in every page before its own scripts (an init script is not subject to the page's CSP) and records what
    /// the policy blocked, which the browser otherwise only logs.
    /// </summary>
    public const string RecordCspViolations = """
        window.__cspViolations = [];
        document.addEventListener('securitypolicyviolation', e =>
          window.__cspViolations.push(`${e.effectiveDirective} blocked ${e.blockedURI || 'inline code'} at ${e.sourceFile || document.location.pathname}:${e.lineNumber}`));
        """;

    private static readonly Lazy<string> AxePath = new(() =>
    {
        var path = Path.Combine(BrowserSite.RepositoryRoot(), "tests", "Candor.Browser.Tests", "node_modules", "axe-core", "axe.min.js");
        File.Exists(path).ShouldBeTrue($"axe-core is missing at {path}: run ./candor test, or npm ci in tests/Candor.Browser.Tests.");
        return path;
    });

    /// <summary>Runs axe on the page as it is now; fails on serious or critical violations, listing them.</summary>
    public static async Task ShouldHaveNoSeriousAccessibilityViolationsAsync(this IPage page, string what)
    {
        // Every page checked for accessibility is checked against its Content-Security-Policy too.
        await page.ShouldHaveNoContentSecurityPolicyViolationsAsync(what);
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            // Evaluated, not added as a <script> tag: the pages' CSP rightly refuses inline scripts.
            await page.EvaluateAsync(await File.ReadAllTextAsync(AxePath.Value));
        }
        var violations = await page.EvaluateAsync<JsonElement>("""
            async () => {
              const result = await axe.run(document, { resultTypes: ['violations'] });
              return result.violations
                .filter(v => v.impact === 'serious' || v.impact === 'critical')
                .map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map(n => n.target.join(' ')).join(', ')})`);
            }
            """);
        var list = violations.EnumerateArray().Select(v => v.GetString()).ToList();
        list.ShouldBeEmpty($"axe found serious or critical problems on the {what}:\n{string.Join("\n", list)}");
    }

    /// <summary>Fails if the page's Content-Security-Policy blocked anything since it loaded.</summary>
    public static async Task ShouldHaveNoContentSecurityPolicyViolationsAsync(this IPage page, string what)
    {
        var blocked = await page.EvaluateAsync<string[]>("() => window.__cspViolations ?? []");
        blocked.ShouldBeEmpty($"the Content-Security-Policy blocked something on the {what}:\n{string.Join("\n", blocked)}");
    }

    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        var path = Path.Combine(BrowserSite.ScreenshotDirectory(), name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
    }
}
