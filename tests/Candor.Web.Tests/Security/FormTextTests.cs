using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Candor.Web.Tests.Features;
using Candor.Web.Tests.Features.Accounts;
using Candor.Web.Tests.Features.Dashboard;
using Candor.Web.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Candor.Web.Tests.Security;

/// <summary>
/// The pages' side of issue 8, item 4: a U+0000 typed or pasted into any form field, or a CSV cell, gets a
/// validation message (or is refused as a problem), never a 500. The sweep fills every text field of every
/// form on the pages it visits, so a form added to those pages is covered without editing a list.
/// </summary>
public sealed partial class FormTextTests(AccountsApp app) : IClassFixture<AccountsApp>
{
    private const string Hostile = "Bad\u0000value";

    [Fact]
    public async Task Every_text_field_of_every_form_answers_a_nul_without_a_server_error()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        var jobNode = await org.Api.Api.GetJson($"/api/v1/jobs/{job}");
        var done = await org.Api.ScheduleAsync(job, "Rita Review", "rita@example.com");
        await org.Api.CompleteAsync(done.Token, new CandidatePersonas(jobNode).Strong);
        await org.Api.WaitForResultsAsync(done.InterviewId);

        var signedIn = new[]
        {
            "/app/jobs/new", $"/app/jobs/{job}", $"/app/jobs/{job}/library", $"/app/interviews/new?job_id={job}",
            "/app/settings", "/app/team", $"/app/interviews/{done.InterviewId}",
        };
        var anonymous = new[] { "/signup", "/login", "/forgot-password" };
        var failures = new List<string>();
        var swept = 0;
        foreach (var (session, url) in signedIn.Select(u => (org.Admin, u)).Concat(anonymous.Select(u => (new PageSession(app), u))))
        {
            foreach (var (formName, fields) in TextForms(await session.GetPageAsync(url)))
            {
                var response = await session.SubmitAsync(url, formName, fields);
                swept++;
                if ((int)response.StatusCode >= 500)
                {
                    failures.Add($"{url} form '{formName}' ({string.Join(", ", fields.Keys)}): {(int)response.StatusCode}");
                }
            }
        }

        swept.ShouldBeGreaterThan(10, "the sweep should have found the pages' forms");
        failures.ShouldBeEmpty(string.Join("\n", failures));
        (await org.DbAsync(db => db.Jobs.CountAsync())).ShouldBe(1, "no form wrote a job from the hostile values");
        (await org.DbAsync(db => db.Interviews.CountAsync())).ShouldBe(1);
    }

    [Theory]
    [InlineData("/app/jobs/new", "new-job", "Input.Title", "Remove the control characters (such as U+0000) pasted into this field.")]
    [InlineData("/app/jobs/new", "new-job", "Input.Description", "Remove the control characters (such as U+0000) pasted into this field.")]
    [InlineData("/app/interviews/new", "schedule", "Input.Name", "Remove the control characters (such as U+0000) pasted into this field.")]
    [InlineData("/app/settings", "create-key", "NewKey.Name", "Remove the control characters (such as U+0000) pasted into this field.")]
    [InlineData("/app/team", "invite", "Invite.Email", "Enter an e-mail address like name@example.com.")]
    public async Task A_nul_in_a_form_field_is_shown_beside_it_and_nothing_is_written(string page, string form, string field, string message)
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        var url = page == "/app/interviews/new" ? $"{page}?job_id={job}" : page;
        var fields = new Dictionary<string, string>
        {
            ["Input.Title"] = "Backend Engineer", ["Input.Description"] = "Builds APIs in C#.", ["Input.QuestionCount"] = "8",
            ["Input.JobId"] = job.ToString(), ["Input.Name"] = "Ada Lovelace", ["Input.Email"] = "ada@example.com",
            ["NewKey.Name"] = "ci", ["Invite.Email"] = "new.member@example.com",
        };
        fields[field] = Hostile;
        // The page again, with the message beside the field (some pages answer it as 400, as a form error is one).
        var response = await org.Admin.SubmitAsync(url, form, fields);
        response.StatusCode.ShouldBeOneOf(HttpStatusCode.OK, HttpStatusCode.BadRequest);
        WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync()).ShouldContain(message);

        (await org.DbAsync(db => db.Jobs.CountAsync())).ShouldBe(1);
        (await org.DbAsync(db => db.Interviews.CountAsync())).ShouldBe(0);
        (await org.DbAsync(db => db.ApiKeys.CountAsync())).ShouldBe(1, "only the key the test arranged with");
    }

    [Fact]
    public async Task Sign_up_with_a_nul_in_a_name_shows_the_message_and_creates_nothing()
    {
        var page = await new PageSession(app).SubmitExpectingPageAsync("/signup", "signup", new Dictionary<string, string>
        {
            ["Input.OrganizationName"] = "Acme" + Hostile, ["Input.DisplayName"] = "Ada", ["Input.Email"] = $"nul-{Guid.NewGuid():N}@example.com",
            ["Input.Password"] = AccountsApp.Password,
        });
        page.ShouldContain("Enter your organisation's name (at most 200 characters, no control characters).");
    }

    [Fact]
    public async Task A_csv_row_with_a_nul_is_reported_and_skipped_and_the_others_are_scheduled()
    {
        var org = await WorkspaceOrg.CreateAsync(app);
        var job = await org.CreateJobAsync();
        var tag = Guid.NewGuid().ToString("N")[..8];
        var url = $"/app/interviews/import?job_id={job}";
        var page = await org.Admin.GetPageAsync(url);
        using var upload = new MultipartFormDataContent
        {
            { new StringContent(AntiforgeryToken(page)), "__RequestVerificationToken" },
            { new StringContent("upload"), "_handler" },
            { new StringContent(job.ToString()), "Upload.JobId" },
            { new StringContent(""), "Upload.ExpiresInHours" },
            { new ByteArrayContent(Encoding.UTF8.GetBytes($"name,email\nAnn Able,ann-{tag}@example.com\nNul{Hostile},nul-{tag}@example.com\n")), "file", "candidates.csv" },
        };
        var response = await org.Admin.Client.PostAsync(url, upload);
        var report = WebUtility.HtmlDecode(await response.Content.ReadAsStringAsync());
        response.StatusCode.ShouldBe(HttpStatusCode.OK, report[..Math.Min(2000, report.Length)]);
        report.ShouldContain("1 ready to schedule");
        report.ShouldContain("Contains a control character (such as U+0000)");

        var confirm = ConfirmFormPattern().Match(report).Value;
        var confirmation = HiddenPattern().Matches(confirm).ToDictionary(m => m.Groups["name"].Value, m => WebUtility.HtmlDecode(m.Groups["value"].Value));
        var confirmed = await org.Admin.Client.PostAsync(url, new FormUrlEncodedContent(confirmation));
        var results = WebUtility.HtmlDecode(await confirmed.Content.ReadAsStringAsync());
        confirmed.StatusCode.ShouldBe(HttpStatusCode.OK, results[..Math.Min(2000, results.Length)]);
        results.ShouldContain("Scheduled 1 of 2");
        (await org.DbAsync(db => db.Interviews.Select(i => i.CandidateName).ToListAsync())).ShouldBe(["Ann Able"]);
    }

    /// <summary>The page's forms that have text a person types: each with every such field (and the first choice of each radio group) filled in.</summary>
    private static IEnumerable<(string FormName, Dictionary<string, string> Fields)> TextForms(string html)
    {
        foreach (Match form in FormPattern().Matches(html))
        {
            var handler = HiddenPattern().Matches(form.Value).FirstOrDefault(m => m.Groups["name"].Value == "_handler")?.Groups["value"].Value;
            var fields = new Dictionary<string, string>();
            foreach (Match field in FieldPattern().Matches(form.Value))
            {
                var type = TypePattern().Match(field.Value) is { Success: true } t ? t.Groups["type"].Value : "text";
                var name = WebUtility.HtmlDecode(field.Groups["name"].Value);
                if (type is "text" or "email" or "password" or "url" or "search" or "number" or "tel" || field.Value.StartsWith("<textarea", StringComparison.Ordinal))
                {
                    fields[name] = Hostile;
                }
                else if (type == "radio" && ValuePattern().Match(field.Value) is { Success: true } value)
                {
                    fields.TryAdd(name, WebUtility.HtmlDecode(value.Groups["value"].Value));
                }
            }
            if (handler is not null && fields.ContainsValue(Hostile))
            {
                yield return (WebUtility.HtmlDecode(handler), fields);
            }
        }
    }

    private static string AntiforgeryToken(string html) =>
        WebUtility.HtmlDecode(HiddenPattern().Matches(html).First(m => m.Groups["name"].Value == "__RequestVerificationToken").Groups["value"].Value);

    [GeneratedRegex("<form\\b.*?</form>", RegexOptions.Singleline)]
    private static partial Regex FormPattern();

    [GeneratedRegex("<form\\b[^>]*>(?:(?!</form>).)*name=\"_handler\" value=\"confirm\".*?</form>", RegexOptions.Singleline)]
    private static partial Regex ConfirmFormPattern();

    [GeneratedRegex("<(?:input|textarea)\\b[^>]*\\bname=\"(?<name>[^\"]+)\"[^>]*>")]
    private static partial Regex FieldPattern();

    [GeneratedRegex("\\btype=\"(?<type>[^\"]+)\"")]
    private static partial Regex TypePattern();

    [GeneratedRegex("\\bvalue=\"(?<value>[^\"]*)\"")]
    private static partial Regex ValuePattern();

    [GeneratedRegex("<input type=\"hidden\" name=\"(?<name>[^\"]+)\" value=\"(?<value>[^\"]*)\"")]
    private static partial Regex HiddenPattern();
}
