using System.Text.Json;
using Microsoft.Playwright;

namespace Candor.Browser.Tests;

/// <summary>Accessibility (axe-core) and screenshots, for any page.</summary>
public static class PageChecks
{
    private static readonly Lazy<string> AxePath = new(() =>
    {
        var path = Path.Combine(BrowserSite.RepositoryRoot(), "tests", "Candor.Browser.Tests", "node_modules", "axe-core", "axe.min.js");
        File.Exists(path).ShouldBeTrue($"axe-core is missing at {path}: run ./candor test, or npm ci in tests/Candor.Browser.Tests.");
        return path;
    });

    /// <summary>Runs axe on the page as it is now; fails on serious or critical violations, listing them.</summary>
    public static async Task ShouldHaveNoSeriousAccessibilityViolationsAsync(this IPage page, string what)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe !== 'undefined'"))
        {
            await page.AddScriptTagAsync(new() { Path = AxePath.Value });
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

    public static async Task ScreenshotAsync(this IPage page, string name)
    {
        var path = Path.Combine(BrowserSite.ScreenshotDirectory(), name + ".png");
        await page.ScreenshotAsync(new() { Path = path, FullPage = true });
    }
}
