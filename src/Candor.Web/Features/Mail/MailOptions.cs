namespace Candor.Web.Features.Mail;

/// <summary>Settings under Candor:Mail. With Smtp:Host set mail goes out by SMTP; otherwise it is written to <see cref="Folder"/>.</summary>
public sealed class MailOptions
{
    public const string Section = "Candor:Mail";

    /// <summary>Where the local sender writes .eml and .json files; relative paths are under the content root.</summary>
    public string Folder { get; set; } = ".data/mail";

    public SmtpOptions Smtp { get; set; } = new();
}

public sealed class SmtpOptions
{
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? Username { get; set; }
    public string? Password { get; set; }
    public bool EnableSsl { get; set; } = true;
    public string From { get; set; } = "Candor <no-reply@candor.local>";
}

/// <summary>
/// One e-mail: <see cref="Body"/> is the plain text every client can show; <see cref="Html"/>, when set, is the same
/// message as HTML, and the two go out as multipart/alternative (clients pick the richer one they support).
/// <see cref="OrganizationId"/> lets the dev outbox show an admin their organisation's mail only.
/// </summary>
public sealed record OutgoingMail(Guid Id, string To, string Subject, string Body, Guid? OrganizationId, string? Html = null)
{
    public static OutgoingMail Create(string to, string subject, string body, Guid? organizationId, string? html = null) =>
        new(Guid.CreateVersion7(), to, subject, body, organizationId, html);
}
