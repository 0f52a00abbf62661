namespace Bourse.Identity;

/// <summary>Queues an email for delivery (the server's outbox); identity code never talks SMTP itself.</summary>
public interface IMailer
{
    /// <summary>Whether <see cref="SendAsync"/> takes this address; sign-up asks before it writes an account.</summary>
    bool Accepts(string to);

    Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken);
}
