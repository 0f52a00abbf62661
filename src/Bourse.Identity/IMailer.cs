namespace Bourse.Identity;

/// <summary>Queues an email for delivery (the server's outbox); identity code never talks SMTP itself.</summary>
public interface IMailer
{
    Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken);
}
