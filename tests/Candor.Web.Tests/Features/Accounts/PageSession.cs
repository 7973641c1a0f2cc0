using System.Net;
using System.Text.RegularExpressions;
using Candor.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Candor.Web.Tests.Features.Accounts;

/// <summary>
/// A browser without JavaScript: keeps cookies, never follows redirects on its own (tests assert them), and
/// posts forms the way a browser does, with the anti-forgery field and the form's _handler read from the page.
/// </summary>
public sealed partial class PageSession(CandorApp app)
{
    public HttpClient Client { get; } = app.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<string> GetPageAsync(string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var response = await Client.GetAsync(url);
        var html = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(expected, $"GET {url}: {Excerpt(html)}");
        return html;
    }

    /// <summary>Loads <paramref name="url"/>, fills the form named <paramref name="formName"/> and submits it.</summary>
    public async Task<HttpResponseMessage> SubmitAsync(string url, string formName, IDictionary<string, string> fields, string? action = null)
    {
        var html = await GetPageAsync(url);
        var form = FormHtml(html, formName);
        var values = new Dictionary<string, string>(fields)
        {
            ["__RequestVerificationToken"] = HiddenValue(form, "__RequestVerificationToken"),
            // A test may forge the handler on purpose (posting a form the page didn't offer); keep it then.
            ["_handler"] = fields.TryGetValue("_handler", out var forged) ? forged : formName,
        };
        foreach (Match hidden in HiddenInputPattern().Matches(form))
        {
            values.TryAdd(WebUtility.HtmlDecode(hidden.Groups["name"].Value), WebUtility.HtmlDecode(hidden.Groups["value"].Value));
        }
        var target = action ?? FormAction(form) ?? url;
        return await Client.PostAsync(target, new FormUrlEncodedContent(values));
    }

    /// <summary>Submits and expects a redirect; returns where it points.</summary>
    public async Task<string> SubmitExpectingRedirectAsync(string url, string formName, IDictionary<string, string> fields)
    {
        var response = await SubmitAsync(url, formName, fields);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"POST {url} ({formName}): {Excerpt(body)}");
        var location = response.Headers.Location!;
        return location.IsAbsoluteUri ? location.PathAndQuery : location.OriginalString;
    }

    /// <summary>Submits and expects the page again (a validation error); returns its HTML.</summary>
    public async Task<string> SubmitExpectingPageAsync(string url, string formName, IDictionary<string, string> fields)
    {
        var response = await SubmitAsync(url, formName, fields);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, $"POST {url} ({formName}): {Excerpt(body)}");
        return WebUtility.HtmlDecode(body);
    }

    public async Task LogInAsync(string email, string password)
    {
        var location = await SubmitExpectingRedirectAsync("/login", "login", new Dictionary<string, string> { ["Input.Email"] = email, ["Input.Password"] = password });
        location.ShouldBe("/app");
    }

    private static string FormHtml(string html, string formName)
    {
        foreach (Match form in FormPattern().Matches(html))
        {
            if (form.Value.Contains($"name=\"_handler\" value=\"{formName}\"", StringComparison.Ordinal))
            {
                return form.Value;
            }
        }
        throw new ShouldAssertException($"No form named '{formName}' on the page: {Excerpt(html)}");
    }

    private static string HiddenValue(string form, string name) =>
        HiddenInputPattern().Matches(form).FirstOrDefault(m => m.Groups["name"].Value == name)?.Groups["value"].Value
            ?? throw new ShouldAssertException($"The form has no hidden {name}.");

    private static string? FormAction(string form) =>
        FormActionPattern().Match(form) is { Success: true } match ? WebUtility.HtmlDecode(match.Groups["action"].Value) : null;

    private static string Excerpt(string html) => html.Length > 3000 ? html[..3000] : html;

    [GeneratedRegex("<form\\b.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenInputPattern();

    [GeneratedRegex("<form[^>]*\\baction=\"(?<action>[^\"]+)\"")]
    private static partial Regex FormActionPattern();
}
