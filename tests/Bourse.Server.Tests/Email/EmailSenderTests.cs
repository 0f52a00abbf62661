using MimeKit;

namespace Bourse.Server.Tests.Email;

/// <summary>The outbox and its sender against a real SMTP server on loopback.</summary>
public sealed class EmailSenderTests
{
    [Fact]
    public async Task A_delivered_message_has_the_configured_sender_and_the_recipient_subject_and_body()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        await using var rig = await MailRig.StartAsync(smtp.Port);

        var id = await rig.Outbox.EnqueueAsync("ann@example.com", "Verify your email", "Open https://bourse.test/verify?token=abc123 to verify.", CancellationToken.None);

        var sent = await rig.SentAsync(id);
        var message = await Eventually.UntilAsync(() => smtp.Received.SingleOrDefault(), () => "message received");
        Assert.Equal("no-reply@bourse.test", Assert.IsType<MailboxAddress>(Assert.Single(message.From)).Address);
        Assert.Equal("Bourse", message.From[0].Name);
        Assert.Equal("ann@example.com", Assert.IsType<MailboxAddress>(Assert.Single(message.To)).Address);
        Assert.Equal("Verify your email", message.Subject);
        Assert.Equal("Open https://bourse.test/verify?token=abc123 to verify.", message.TextBody?.TrimEnd());
        Assert.Equal((1, (string?)null, (long?)null), (sent.Attempts, sent.LastError, sent.GivenUpAt));
    }

    [Fact]
    public async Task Several_messages_are_each_delivered_once()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        await using var rig = await MailRig.StartAsync(smtp.Port);

        var ids = new List<long>();
        for (var i = 0; i < 25; i++)
        {
            ids.Add(await rig.Outbox.EnqueueAsync($"user{i}@example.com", $"Message {i}", $"Body {i}", CancellationToken.None));
        }

        foreach (var id in ids)
        {
            await rig.SentAsync(id);
        }

        Assert.Equal(Enumerable.Range(0, 25).Select(i => $"Message {i}").Order(), smtp.Received.Select(m => m.Subject).Order());
    }

    [Fact]
    public async Task Mail_queued_while_the_smtp_server_is_down_is_retried_and_delivered_once_it_is_up()
    {
        await using var smtp = LoopbackSmtpServer.OnFreePort();
        await using var rig = await MailRig.StartAsync(smtp.Port, o => o.MaxAttempts = 1_000);

        var id = await rig.Outbox.EnqueueAsync("ann@example.com", "Reset your password", "https://bourse.test/reset?token=xyz", CancellationToken.None);
        var failing = await Eventually.UntilAsync(() => rig.Store.Find(id) is { Attempts: >= 2, LastError: not null } m ? m : null, () => "two failed attempts");
        Assert.Null(failing.SentAt);
        Assert.Empty(smtp.Received);

        await smtp.ListenAsync();

        var sent = await rig.SentAsync(id);
        Assert.True(sent.Attempts > failing.Attempts);
        Assert.Equal("Reset your password", Assert.Single(smtp.Received).Subject);
    }

    [Fact]
    public async Task A_refused_recipient_is_retried_then_given_up_after_max_attempts_keeping_the_last_error()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync(refuses: to => to == "nobody@example.com");
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var rig = await MailRig.StartAsync(smtp.Port, o => o.MaxAttempts = 3, time);

        var refused = await rig.Outbox.EnqueueAsync("nobody@example.com", "Welcome", "body", CancellationToken.None);
        var givenUp = await Eventually.UntilAsync(() =>
        {
            if (rig.Store.Find(refused) is { GivenUpAt: not null } m)
            {
                return m;
            }

            // Retry delays pass on the rig's clock.
            time.Advance(TimeSpan.FromMilliseconds(50));
            return null;
        }, () => $"given up: {rig.Store.Find(refused)}\n{rig.Log.Text}");

        Assert.Equal(3, givenUp.Attempts);
        Assert.Null(givenUp.SentAt);
        Assert.StartsWith("550 ", givenUp.LastError, StringComparison.Ordinal);
        Assert.Equal(3, smtp.Refusals);
        Assert.Contains("given up after 3 attempts", rig.Log.Text, StringComparison.Ordinal);

        // Long enough for several retry delays and polls to pass; then other mail still flows and the refused one is left alone.
        time.Advance(TimeSpan.FromSeconds(1));
        await rig.SentAsync(await rig.Outbox.EnqueueAsync("ann@example.com", "Still working", "body", CancellationToken.None));
        Assert.Equal(3, smtp.Refusals);
        Assert.Equal(givenUp, rig.Store.Find(refused));
        Assert.Equal("Still working", Assert.Single(smtp.Received).Subject);
    }

    [Fact]
    public async Task A_server_that_requires_a_login_gets_the_configured_one()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync(login: new SmtpLogin("bourse", "correct horse"));
        await using var rig = await MailRig.StartAsync(smtp.Port, o => (o.Smtp.Username, o.Smtp.Password) = ("bourse", "correct horse"));

        await rig.SentAsync(await rig.Outbox.EnqueueAsync("ann@example.com", "Verify your email", "body", CancellationToken.None));

        Assert.Equal("Verify your email", Assert.Single(smtp.Received).Subject);
    }

    [Fact]
    public async Task A_refused_login_is_retried_then_given_up_and_the_password_is_never_recorded()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync(login: new SmtpLogin("bourse", "correct horse"));
        await using var rig = await MailRig.StartAsync(smtp.Port, o =>
        {
            (o.Smtp.Username, o.Smtp.Password) = ("bourse", "wrong-battery-staple");
            o.MaxAttempts = 2;
        });

        var id = await rig.Outbox.EnqueueAsync("ann@example.com", "Verify your email", "body", CancellationToken.None);

        var givenUp = await Eventually.UntilAsync(() => rig.Store.Find(id) is { GivenUpAt: not null } m ? m : null, () => $"given up\n{rig.Log.Text}");
        Assert.Equal(2, givenUp.Attempts);
        Assert.Contains("Authentication", givenUp.LastError, StringComparison.Ordinal);
        Assert.Empty(smtp.Received);
        Assert.DoesNotContain("wrong-battery-staple", rig.Log.Text + givenUp.LastError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_smtp_host_mail_is_marked_delivered_and_logged_without_its_body()
    {
        await using var rig = await MailRig.StartAsync(_ => { });

        var id = await rig.Outbox.EnqueueAsync("ann@example.com", "Reset your password", "https://bourse.test/reset?token=secret-token-123", CancellationToken.None);

        var sent = await rig.SentAsync(id);
        Assert.Null(sent.LastError);
        var log = await Eventually.UntilAsync(() => rig.Log.Text.Contains("Reset your password", StringComparison.Ordinal) ? rig.Log.Text : null, () => "logged");
        Assert.Contains("ann@example.com", log, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-token-123", log, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("not an address")]
    [InlineData("")]
    [InlineData("Ann <ann@example.com>")]
    public async Task Enqueue_refuses_what_is_not_a_single_address_and_stores_nothing(string to)
    {
        await using var rig = await MailRig.StartAsync(_ => { });

        await Assert.ThrowsAsync<ArgumentException>(() => rig.Outbox.EnqueueAsync(to, "s", "b", CancellationToken.None));

        Assert.Empty(await rig.Store.RecentAsync(10, null, CancellationToken.None));
    }
}
