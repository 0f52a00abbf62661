using Bourse.Identity;
using Bourse.Server.Email;

namespace Bourse.Server.Identity;

/// <summary>Queues identity emails in the outbox; the email sender delivers them (or the demo sink shows them).</summary>
public sealed class OutboxMailer(EmailOutbox outbox) : IMailer
{
    public void Send(string to, string subject, string body) => outbox.Enqueue(to, subject, body);
}
