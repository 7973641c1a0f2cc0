using System.Text.Json;
using Candor.Web.Data;
using Candor.Web.Jobs;
using Microsoft.Extensions.Options;

namespace Candor.Web.Features.Mail;

/// <summary>
/// Mail goes through the durable job queue: queued in the same transaction as the change that causes it,
/// retried with backoff while the SMTP server is down, parked as dead (and replayable) after the last try.
/// </summary>
public static class MailQueue
{
    public const string JobKind = "send_mail";

    /// <summary>With the queue's backoff capped at 10 minutes, roughly an hour of retrying.</summary>
    public const int MaxAttempts = 10;

    public static void EnqueueMail(this CandorDbContext db, OutgoingMail mail) =>
        db.EnqueueJob(JobKind, mail, mail.OrganizationId, MaxAttempts);
}

public sealed class SendMailJob(IMailSender sender, ILogger<SendMailJob> logger) : IJobHandler
{
    public async Task HandleAsync(JsonElement payload, CancellationToken cancellationToken)
    {
        var mail = payload.Deserialize<OutgoingMail>(CandorJson.Options)!;
        await sender.SendAsync(mail, cancellationToken);
        logger.LogInformation("Sent mail {MailId} '{Subject}'", mail.Id, mail.Subject);
    }
}

public static class MailServices
{
    public static IServiceCollection AddMail(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<MailOptions>(configuration.GetSection(MailOptions.Section));
        services.AddSingleton<FolderMailSender>();
        services.AddSingleton<SmtpMailSender>();
        // Chosen when first used, not now: test hosts may still add configuration.
        services.AddSingleton<IMailSender>(provider =>
            string.IsNullOrWhiteSpace(provider.GetRequiredService<IOptions<MailOptions>>().Value.Smtp.Host)
                ? provider.GetRequiredService<FolderMailSender>()
                : provider.GetRequiredService<SmtpMailSender>());
        services.AddJobHandler<SendMailJob>(MailQueue.JobKind);
        return services;
    }

    /// <summary>The local-folder sender when it is the active one (the dev outbox shows its messages), else null.</summary>
    public static FolderMailSender? ActiveFolderSender(this IServiceProvider services) =>
        services.GetRequiredService<IMailSender>() as FolderMailSender;
}
