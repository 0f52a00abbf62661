using Bourse.Faults.Tests.Drills;
using Bourse.Server.Tests.Email;
using Bourse.Store.Identity;

namespace Bourse.Faults.Tests.Dependencies;

/// <summary>
/// SMTP down while the server has mail to send, and the server killed with that mail still queued: sign-up goes on,
/// the outbox keeps retrying, and once SMTP is back every message arrives exactly once.
/// </summary>
public class SmtpOutageTests
{
    [Fact]
    public async Task Mail_queued_while_smtp_is_down_is_delivered_exactly_once_when_it_is_back_also_across_a_kill()
    {
        await using var smtp = LoopbackSmtpServer.OnFreePort();
        using var directory = new TempDirectory();
        await using var server = await DrillServer.StartAsync(directory.Path,
            "--Bourse:Email:Smtp:Host=127.0.0.1", $"--Bourse:Email:Smtp:Port={smtp.Port}", "--Bourse:Email:Smtp:Security=None",
            "--Bourse:Email:Smtp:Timeout=00:00:02", "--Bourse:Email:From=Exchange <mail@bourse.test>", "--Bourse:Email:PollInterval=00:00:00.100",
            "--Bourse:Email:RetryDelay=00:00:05", "--Bourse:Email:MaxRetryDelay=00:00:05", "--Bourse:Limits:AuthPerMinutePerIp=100000");
        using var client = new DrillClient(server, TimeSpan.FromSeconds(10));
        var recipients = new List<string>();

        async Task SignUpAsync(string name)
        {
            var email = $"{name}@example.com";
            var signUp = await client.PublicAsync(HttpMethod.Post, "/api/v1/auth/signup", new { email, password = "correct horse battery staple" });
            Assert.True(signUp.Status == 202, $"sign-up of {email} with SMTP down: {signUp}");
            recipients.Add(email);
        }

        for (var i = 0; i < 6; i++)
        {
            await SignUpAsync($"before-{i}");
        }

        // The sender has tried and failed: the mail waits in the outbox for its next attempt. The kill comes between
        // attempts: a message claimed when the process dies is, by design, not retried before its claim lapses
        // (15 minutes), so that a send the crash cut short is not repeated at once.
        using (var database = IdentityDatabase.Open("sqlite", null, directory.Path))
        {
            var outbox = new SqlEmailOutbox(database);
            await Eventually.UntilAsync(async () =>
            {
                var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
                return (await outbox.RecentAsync(100, null, CancellationToken.None)) is { Count: 6 } mail
                    && mail.All(m => m.LastError is not null && m.SentAt is null && m.NextAttemptAt > now + 300 && m.NextAttemptAt < now + 60_000);
            }, () => $"failed attempts recorded, none in progress\n{server.Tail()}");
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();

        await server.KillAndRestartAsync();
        for (var i = 0; i < 4; i++)
        {
            await SignUpAsync($"after-{i}");
        }

        await smtp.ListenAsync();
        await Eventually.UntilAsync(() => recipients.All(r => smtp.Received.Any(m => To(m) == r)), () => $"every message delivered\n{server.Tail()}");

        // One more message, sent after all the others: once it arrives the sender has passed over the outbox again.
        await SignUpAsync("sentinel");
        await Eventually.UntilAsync(() => smtp.Received.Any(m => To(m) == "sentinel@example.com"), () => "the last message delivered");
        Assert.All(recipients, r => Assert.Equal(1, smtp.Received.Count(m => To(m) == r)));
        Assert.Empty(server.ServerErrors);
    }

    private static string To(MimeKit.MimeMessage message) => message.To.Mailboxes.Single().Address;
}
