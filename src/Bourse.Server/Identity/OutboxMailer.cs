using Bourse.Identity;
using Bourse.Server.Email;

namespace Bourse.Server.Identity;

/// <summary>Queues identity emails in the outbox; the email sender delivers them (or the demo sink shows them).</summary>
public sealed class OutboxMailer(EmailOutbox outbox) : IMailer
{
    public bool Accepts(string to) => EmailOutbox.Accepts(to);

    public Task SendAsync(string to, string subject, string body, CancellationToken cancellationToken) =>
        outbox.EnqueueAsync(to, subject, body, cancellationToken);
}
