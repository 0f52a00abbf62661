using Bourse.Identity;
using Bourse.Store.Identity;

namespace Bourse.Server.Identity;

/// <summary>Queues identity emails in the outbox table; the email sender delivers them.</summary>
public sealed class OutboxMailer(IdentityDatabase database, TimeProvider time) : IMailer
{
    public void Send(string to, string subject, string body)
    {
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        database.Execute("""
            INSERT INTO email_outbox (recipient, subject, body, created_at, attempts, next_attempt_at) VALUES (@to, @subject, @body, @now, 0, @now)
            """, ("@to", to), ("@subject", subject), ("@body", body), ("@now", now));
    }
}
