using System.Globalization;
using System.Net;
using System.Text;
using Candor.Web.Data;
using Candor.Web.Data.Entities;
using Candor.Web.Features.Accounts;
using Candor.Web.Features.Audio;
using Candor.Web.Features.Mail;
using Candor.Web.Infrastructure;
using Candor.Web.Providers.Speech;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Interviews;

/// <summary>
/// The e-mails a candidate receives about an interview (the invitation, a new link, a cancellation), each as HTML
/// with a plain-text alternative, queued in the caller's transaction. Every value a person typed (names, titles,
/// addresses) is HTML-encoded in the HTML part; the text part has one line per paragraph, so no client shows a
/// sentence broken in the middle.
/// </summary>
public sealed class CandidateMails(CandorDbContext db, IHttpContextAccessor http, IOptions<CandorOptions> options, ISpeechProviders speech)
{
    /// <summary>Queues the invitation (or, with <paramref name="resent"/>, the new-link e-mail) for <paramref name="interview"/>.</summary>
    public async Task EnqueueInvitationAsync(Interview interview, string url, bool resent, CancellationToken cancellationToken)
    {
        var (jobTitle, organization, contact) = await FactsAsync(interview, cancellationToken);
        // A voice interview promises only the speech the organisation's engines really have (STT/TTS may be "none").
        var organizationId = OrganizationOf(interview);
        var capabilities = interview.Tools.IsVoice ? await VoiceCapabilities.ForAsync(speech, organizationId, cancellationToken) : VoiceCapabilities.Full;
        var outline = InterviewOutline.Of(interview, options.Value.Interviews, capabilities);
        var (subject, text, html) = Invitation(interview, outline, url, jobTitle, organization, contact, resent);
        db.EnqueueMail(OutgoingMail.Create(interview.CandidateEmail, subject, text, organizationId, html));
    }

    /// <summary>The invitation's subject, plain text and HTML (pure: no database), for a scheduled interview.</summary>
    internal static (string Subject, string Text, string Html) Invitation(
        Interview interview, InterviewOutline outline, string url, string jobTitle, string organization, string contact, bool resent)
    {
        var expires = interview.ExpiresAt.UtcDateTime.ToString("dddd d MMMM yyyy, HH:mm", CultureInfo.InvariantCulture) + " UTC";
        // The name as the recruiter (or the ATS) gave it: guessing which part is the first name goes wrong for many names.
        var name = interview.CandidateName;
        var invites = $"{organization} invites you to a {outline.ModeAdjective} interview for the {jobTitle} role. It is conducted by Candor, an AI interviewer, and a person at {organization} reviews the results.";
        const string NewLink = "This is a new link: the link we sent you before no longer works.";
        var facts = new List<string> { outline.Length, outline.HowYouAnswer };
        facts.AddRange(outline.ToolSentences);
        facts.Add("If your connection drops or you close the page, open the link again to carry on where you left off.");
        var validity = $"The link works until {expires}. It is personal: please do not share it.";
        const string HelpQuestion = "Questions, or need an adjustment to take part (more time, a different format, assistive technology)? Write to";

        var text = new StringBuilder()
            .Append("Hello ").Append(name).Append(",\n\n")
            .Append(invites).Append("\n\n");
        if (resent)
        {
            text.Append(NewLink).Append("\n\n");
        }
        text.Append("Start your interview when you are ready:\n").Append(url).Append("\n\n")
            .Append("What to expect:\n");
        foreach (var fact in facts)
        {
            text.Append("- ").Append(fact).Append('\n');
        }
        text.Append('\n').Append(validity).Append("\n\n").Append(HelpQuestion).Append(' ').Append(contact).Append(".\n\nGood luck!\n");

        var html = new StringBuilder();
        html.Append(Paragraph($"Hello {name},")).Append(Paragraph(invites));
        if (resent)
        {
            html.Append("<p style=\"margin:0 0 16px;font-weight:bold\">").Append(Encode(NewLink)).Append("</p>");
        }
        html.Append("<p style=\"margin:24px 0\"><a href=\"").Append(Encode(url))
            .Append("\" style=\"background:#1c5fd4;color:#ffffff;padding:12px 20px;border-radius:6px;text-decoration:none;font-weight:bold;display:inline-block\">Start your interview</a></p>")
            .Append(Paragraph($"Or copy this link into your browser: {url}", small: true))
            .Append("<h2 style=\"font-size:18px;margin:24px 0 8px\">What to expect</h2><ul style=\"margin:0 0 16px;padding-left:20px\">");
        foreach (var fact in facts)
        {
            html.Append("<li style=\"margin:0 0 8px\">").Append(Encode(fact)).Append("</li>");
        }
        html.Append("</ul>").Append(Paragraph(validity))
            .Append("<p style=\"margin:0 0 16px\">").Append(Encode(HelpQuestion)).Append(' ').Append(MailLink(contact)).Append(".</p>")
            .Append(Paragraph("Good luck!"));

        var subject = $"{(resent ? "New link: y" : "Y")}our interview for {jobTitle} at {organization}";
        return (subject, text.ToString(), Document(subject, html.ToString()));
    }

    /// <summary>Queues the short notice that <paramref name="interview"/> was cancelled and its link no longer works.</summary>
    public async Task EnqueueCancellationNoticeAsync(Interview interview, CancellationToken cancellationToken)
    {
        var (jobTitle, organization, contact) = await FactsAsync(interview, cancellationToken);
        var greeting = $"Hello {interview.CandidateName},";
        var cancelled = $"{organization} has cancelled your interview for the {jobTitle} role, so the link you were sent no longer works. You don't need to do anything.";
        var questions = $"If you have questions, write to {contact}.";
        var text = $"{greeting}\n\n{cancelled}\n\n{questions}\n";
        var html = new StringBuilder().Append(Paragraph(greeting)).Append(Paragraph(cancelled))
            .Append("<p style=\"margin:0 0 16px\">If you have questions, write to ").Append(MailLink(contact)).Append(".</p>");
        var subject = $"Your interview for {jobTitle} at {organization} was cancelled";
        db.EnqueueMail(OutgoingMail.Create(interview.CandidateEmail, subject, text, OrganizationOf(interview), Document(subject, html.ToString())));
    }

    /// <summary>
    /// Who the candidate can write to: the organisation's help contact when set; otherwise the signed-in member doing
    /// this (the inviting recruiter); otherwise (the API, Greenhouse) the organisation's first Admin.
    /// </summary>
    public async Task<string> HelpContactAsync(Guid organizationId, CancellationToken cancellationToken)
    {
        var configured = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.CandidateHelpEmail).FirstOrDefaultAsync(cancellationToken);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return configured;
        }
        var members = db.Users.Where(u => u.OrganizationId == organizationId && u.Email != null);
        if (http.HttpContext?.User.UserId() is { } userId
            && await members.Where(u => u.Id == userId).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken) is { } recruiter)
        {
            return recruiter;
        }
        return await members.Where(u => u.Role == MemberRole.Admin).OrderBy(u => u.CreatedAt).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken)
            ?? await members.OrderBy(u => u.CreatedAt).Select(u => u.Email).FirstOrDefaultAsync(cancellationToken)
            ?? "the hiring team that invited you";
    }

    private async Task<(string JobTitle, string Organization, string Contact)> FactsAsync(Interview interview, CancellationToken cancellationToken)
    {
        var jobTitle = await db.Jobs.Where(j => j.Id == interview.JobId).Select(j => j.Title).FirstAsync(cancellationToken);
        var organizationId = OrganizationOf(interview);
        var organization = await db.Organizations.Where(o => o.Id == organizationId).Select(o => o.Name).FirstOrDefaultAsync(cancellationToken) ?? "Candor";
        return (jobTitle, organization, await HelpContactAsync(organizationId, cancellationToken));
    }

    /// <summary>A new interview gets its organisation from the tenant only when saved; until then the tenant's is the one.</summary>
    private Guid OrganizationOf(Interview interview) =>
        interview.OrganizationId != Guid.Empty ? interview.OrganizationId : db.Tenant.OrganizationId ?? throw new InvalidOperationException("No tenant for a new interview's e-mail.");

    private static string Encode(string value) => WebUtility.HtmlEncode(value);

    /// <summary>A mailto link for a real address; the fallback wording ("the hiring team…") as plain text.</summary>
    private static string MailLink(string contact) => EmailAddresses.IsDeliverable(contact)
        ? $"<a href=\"mailto:{Encode(contact)}\">{Encode(contact)}</a>"
        : Encode(contact);

    private static string Paragraph(string text, bool small = false) =>
        $"<p style=\"margin:0 0 16px{(small ? ";font-size:13px;color:#555555;word-break:break-all" : "")}\">{Encode(text)}</p>";

    /// <summary>A complete, well-formed HTML document; inline styles only, as mail clients drop style sheets.</summary>
    private static string Document(string title, string body) =>
        $"""
        <!DOCTYPE html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{Encode(title)}</title></head>
        <body style="margin:0;padding:0;background:#f4f5f7">
        <div style="max-width:600px;margin:0 auto;padding:24px;background:#ffffff;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1a1a1a">
        {body}
        </div>
        </body>
        </html>
        """;
}
