using System.Net;
using System.Net.Mail;
using System.Net.Mime;
using System.Text;
using System.Text.Json;
using Candor.Web.Data;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Candor.Web.Features.Mail;

/// <summary>Delivers one message now, throwing on failure. Call it from the mail job only (see <see cref="MailQueue"/>).</summary>
public interface IMailSender
{
    Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken);
}

/// <summary>Sends through an SMTP relay (Candor:Mail:Smtp:*).</summary>
public sealed class SmtpMailSender(IOptions<MailOptions> options) : IMailSender
{
    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        var smtp = options.Value.Smtp;
        using var message = new MailMessage(new MailAddress(smtp.From), new MailAddress(mail.To))
        {
            Subject = mail.Subject,
            Body = mail.Body,
            BodyEncoding = Encoding.UTF8,
            SubjectEncoding = Encoding.UTF8,
        };
        message.Headers.Add("Message-ID", $"<{mail.Id:N}@candor>");
        if (mail.Html is not null)
        {
            // Body (text/plain) plus this view make the message multipart/alternative.
            message.AlternateViews.Add(AlternateView.CreateAlternateViewFromString(mail.Html, Encoding.UTF8, MediaTypeNames.Text.Html));
        }
        using var client = new SmtpClient(smtp.Host, smtp.Port) { EnableSsl = smtp.EnableSsl };
        if (!string.IsNullOrEmpty(smtp.Username))
        {
            client.Credentials = new NetworkCredential(smtp.Username, smtp.Password);
        }
        await client.SendMailAsync(message, cancellationToken);
    }
}

/// <summary>
/// Writes each message to a folder as an .eml (open it in any mail client) and a .json summary (read by the
/// /dev/outbox page). The default when no SMTP host is configured, so local runs and tests need no mail server.
/// </summary>
public sealed class FolderMailSender(IOptions<MailOptions> options, IHostEnvironment environment, TimeProvider clock) : IMailSender
{
    /// <param name="Body">The plain-text part.</param>
    /// <param name="Html">The HTML part, when the message has one.</param>
    public sealed record StoredMail(Guid Id, string To, string Subject, string Body, Guid? OrganizationId, DateTimeOffset SentAt, string? Html = null);

    public string Folder => Path.GetFullPath(options.Value.Folder, environment.ContentRootPath);

    public async Task SendAsync(OutgoingMail mail, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(Folder);
        var sentAt = clock.GetUtcNow();
        // Named by the message id, so a retried job rewrites the same files instead of adding a copy.
        var basePath = Path.Combine(Folder, $"{mail.Id:N}");
        await WriteAtomicallyAsync(basePath + ".eml", ToEml(mail, options.Value.Smtp.From, sentAt), cancellationToken);
        var stored = new StoredMail(mail.Id, mail.To, mail.Subject, mail.Body, mail.OrganizationId, sentAt, mail.Html);
        await WriteAtomicallyAsync(basePath + ".json", JsonSerializer.Serialize(stored, CandorJson.Options), cancellationToken);
    }

    // Readers (the outbox page, a developer's mail client) never see a half-written file.
    private static async Task WriteAtomicallyAsync(string path, string text, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, text, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>The organisation's messages (all of them when null), newest first.</summary>
    public async Task<IReadOnlyList<StoredMail>> ListAsync(Guid? organizationId, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(Folder))
        {
            return [];
        }
        var messages = new List<StoredMail>();
        foreach (var path in Directory.EnumerateFiles(Folder, "*.json"))
        {
            try
            {
                var stored = JsonSerializer.Deserialize<StoredMail>(await File.ReadAllTextAsync(path, cancellationToken), CandorJson.Options);
                if (stored is not null && (organizationId is null || stored.OrganizationId == organizationId))
                {
                    messages.Add(stored);
                }
            }
            catch (Exception e) when (e is JsonException or IOException)
            {
                // A half-written or foreign file: skip it rather than break the page.
            }
        }
        return [.. messages.OrderByDescending(m => m.SentAt)];
    }

    /// <summary>The message as an SMTP server would receive it (MimeKit writes the MIME structure and encodings).</summary>
    private static string ToEml(OutgoingMail mail, string from, DateTimeOffset sentAt)
    {
        var message = new MimeMessage
        {
            Subject = mail.Subject,
            Date = sentAt,
            MessageId = $"{mail.Id:N}@candor",
            Body = new BodyBuilder { TextBody = mail.Body, HtmlBody = mail.Html }.ToMessageBody(),
        };
        message.From.Add(MailboxAddress.Parse(from));
        message.To.Add(MailboxAddress.Parse(mail.To));
        using var stream = new MemoryStream();
        message.WriteTo(FormatOptions.Default, stream);
        return Encoding.UTF8.GetString(stream.ToArray());
    }
}
