using Candor.Web.Features.Accounts;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Candor.Browser.Tests;

/// <summary>
/// The dashboard's Decision column, e-mail wrapping and CSV export with the filters on screen; once-only secrets
/// (a new API key, a new share link) brought into view, focused and copyable; revoking a share link asks first.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ResultsAndSecretsTests(BrowserSite site)
{
    private const string LongEmail = "maximilian.alexander.featherstonehaugh@researchanddevelopment.example.com";

    /// <summary>The characters each wrapped line of an element's text starts with (after the first line).</summary>
    private const string LineStarts = """
        el => {
          const starts = [];
          let lastTop = null;
          const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
          for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            for (let i = 0; i < node.length; i++) {
              const range = document.createRange();
              range.setStart(node, i);
              range.setEnd(node, i + 1);
              const top = range.getBoundingClientRect().top;
              if (lastTop !== null && top > lastTop + 2) starts.push(node.data[i]);
              lastTop = top;
            }
          }
          return starts;
        }
        """;

    private async Task<(Invitation Invitation, IPage Admin)> AdminOfAnOrganisationAsync(ViewportSize? viewport = null)
    {
        var invitation = await site.InviteAsync(organization: "Export House Ltd");
        var email = await site.App.MemberAsync(invitation.Tenant.OrganizationId, MemberRole.Admin);
        var admin = await site.NewPageAsync(viewport);
        await admin.LogInAsync(email);
        return (invitation, admin);
    }

    [Fact]
    public async Task The_dashboard_shows_decisions_wraps_e_mails_at_sensible_points_and_exports_the_filtered_view()
    {
        var (invitation, admin) = await AdminOfAnOrganisationAsync(BrowserSite.Phone);
        var jobId = Guid.Parse(invitation.Job["id"]!.GetValue<string>());
        await invitation.Driver.ScheduleAsync(jobId, "Maximilian Featherstonehaugh", LongEmail);

        await admin.GotoAsync("/app");
        await Expect(admin.GetByRole(AriaRole.Columnheader, new() { Name = "Decision" })).ToBeAttachedAsync();
        var email = admin.Locator(".candidate-email", new() { HasText = "featherstonehaugh" });
        await Expect(email).ToHaveAttributeAsync("title", LongEmail);
        var starts = await email.EvaluateAsync<string[]>(LineStarts);
        starts.ShouldNotBeEmpty("at 375 px the address needs more than one line");
        starts.ShouldAllBe(c => c == "@" || c == ".", $"lines start only at '@' or '.', not mid-word: {string.Join(" ", starts)}");
        await admin.ShouldHaveNoSeriousAccessibilityViolationsAsync("dashboard at 375 px with a long address");

        // The export carries the filters on screen: only Maximilian matches this search.
        await admin.SetViewportSizeAsync(BrowserSite.Desktop.Width, BrowserSite.Desktop.Height);
        await admin.GotoAsync("/app?q=featherstonehaugh&status=scheduled");
        var export = admin.GetByRole(AriaRole.Link, new() { Name = "Export CSV" });
        (await export.GetAttributeAsync("href")).ShouldBe("/app/interviews.csv?status=scheduled&q=featherstonehaugh");
        var download = await admin.RunAndWaitForDownloadAsync(() => export.ClickAsync());
        var rows = (await File.ReadAllTextAsync((await download.PathAsync())!)).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        rows.Length.ShouldBe(2, "the header and Maximilian, not Grace");
        rows[1].ShouldStartWith($"Maximilian Featherstonehaugh,{LongEmail},");
    }

    [Fact]
    public async Task A_new_api_key_is_scrolled_to_focused_and_copied()
    {
        var (_, admin) = await AdminOfAnOrganisationAsync();
        await admin.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        await admin.GotoAsync("/app/settings");
        await admin.GetByLabel("Name", new() { Exact = true }).FillAsync("Greenhouse production");
        await admin.GetByLabel("interviews:read").CheckAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create key" }).ClickAsync();

        var secret = admin.Locator("#new-api-key");
        await Expect(secret).ToBeFocusedAsync();
        await Expect(secret).ToBeInViewportAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Copy key" }).ClickAsync();
        await Expect(admin.Locator("#new-key-copy-status")).ToHaveTextAsync("Key copied to the clipboard.");
        (await admin.EvaluateAsync<string>("() => navigator.clipboard.readText()")).ShouldBe(await secret.InputValueAsync());
        await admin.ShouldHaveNoSeriousAccessibilityViolationsAsync("settings page with a new key");
    }

    [Fact]
    public async Task A_new_share_link_is_scrolled_to_focused_and_copied_and_revoking_it_asks_first()
    {
        var (invitation, admin) = await AdminOfAnOrganisationAsync(BrowserSite.Phone);
        await admin.Context.GrantPermissionsAsync(["clipboard-read", "clipboard-write"]);
        var page = $"/app/interviews/{invitation.InterviewId}";
        await admin.GotoAsync(page);
        await admin.GetByRole(AriaRole.Button, new() { Name = "Create share link" }).ClickAsync();

        var link = admin.Locator("#new-share-link");
        await Expect(link).ToBeFocusedAsync();
        await Expect(link).ToBeInViewportAsync();
        await admin.GetByRole(AriaRole.Button, new() { Name = "Copy link" }).ClickAsync();
        await Expect(admin.Locator("#new-share-copy-status")).ToHaveTextAsync("Link copied to the clipboard.");
        var url = await link.InputValueAsync();
        (await admin.EvaluateAsync<string>("() => navigator.clipboard.readText()")).ShouldBe(url);
        await admin.ShouldHaveNoSeriousAccessibilityViolationsAsync("results page with a new share link");

        // Revoke first asks; until the reviewer confirms, the link still works.
        await admin.GotoAsync(page);
        await admin.Locator(".share-revoke summary").ClickAsync();
        var confirm = admin.GetByRole(AriaRole.Button, new() { Name = "Yes, revoke this link", Exact = false });
        await Expect(confirm).ToBeVisibleAsync();
        await Expect(admin.GetByText("Anyone using this link loses access at once.")).ToBeVisibleAsync();
        var stranger = await site.NewPageAsync();
        (await stranger.GotoAsync(url))!.Status.ShouldBe(200);
        await confirm.ClickAsync();
        await Expect(admin.GetByText("Link revoked: it stops working at once.")).ToBeVisibleAsync();
        (await stranger.GotoAsync(url))!.Status.ShouldBe(410);
    }
}
