using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Bourse.Store.Identity;
using MimeKit;

namespace Bourse.Server.Tests.Email;

/// <summary>
/// The real server's mail: messages put in its outbox (identity.db, as another process such as a CLI command would)
/// are delivered over SMTP or, without an SMTP host, by the development sink that demo mode lists at /api/v1/dev/mail.
/// </summary>
public sealed class ServerMailTests
{
    private const string FastPoll = "--Bourse:Email:PollInterval=00:00:00.100";

    [Fact]
    public async Task Without_demo_mode_the_dev_mail_endpoint_does_not_exist()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path);

        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/api/v1/dev/mail?to=ann@example.com")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await server.Http.GetAsync("/api/v1/dev/mail")).StatusCode);
    }

    [Fact]
    public async Task In_demo_mode_the_sink_delivers_and_the_dev_mail_endpoint_lists_mail_to_one_address_with_its_body()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false", FastPoll);
        Assert.Equal("[]", await server.Http.GetStringAsync("/api/v1/dev/mail?to=ann@example.com"));

        long first, second;
        using (var database = IdentityDatabase.Open("sqlite", null, directory.Path))
        {
            var outbox = new SqlEmailOutbox(database);
            var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
            first = outbox.Enqueue("ann@example.com", "Verify your email", "https://bourse.test/verify?token=first-token", now);
            outbox.Enqueue("bob@example.com", "Verify your email", "https://bourse.test/verify?token=bobs-token", now);
            second = outbox.Enqueue("ann@example.com", "Reset your password", "https://bourse.test/reset?token=second-token", now);
        }

        var mail = await Eventually.UntilAsync(async () =>
        {
            var list = await server.Http.GetFromJsonAsync<JsonElement>("/api/v1/dev/mail?to=Ann@Example.com");
            return list.GetArrayLength() == 2 && list.EnumerateArray().All(m => m.GetProperty("sentAt").ValueKind == JsonValueKind.String)
                ? list.EnumerateArray().ToArray()
                : null;
        }, () => $"both of ann's messages delivered by the sink\n{server.Output}");

        Assert.Equal([second, first], mail.Select(m => m.GetProperty("id").GetInt64()));
        Assert.All(mail, m => Assert.Equal("ann@example.com", m.GetProperty("to").GetString()));
        Assert.Equal(["Reset your password", "Verify your email"], mail.Select(m => m.GetProperty("subject").GetString()));
        Assert.Equal("https://bourse.test/reset?token=second-token", mail[0].GetProperty("body").GetString());
        Assert.True(mail[0].GetProperty("createdAt").GetDateTimeOffset() <= mail[0].GetProperty("sentAt").GetDateTimeOffset());
        Assert.Equal(3, (await server.Http.GetFromJsonAsync<JsonElement>("/api/v1/dev/mail")).GetArrayLength());

        // The log says who got what, never the links inside.
        Assert.Contains("ann@example.com", server.Output, StringComparison.Ordinal);
        Assert.Contains("Reset your password", server.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("token=", server.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task With_an_smtp_host_the_server_delivers_its_outbox_over_smtp()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, FastPoll,
            "--Bourse:Email:Smtp:Host=127.0.0.1", $"--Bourse:Email:Smtp:Port={smtp.Port}", "--Bourse:Email:Smtp:Security=None",
            "--Bourse:Email:From=Exchange <mail@bourse.test>");

        using (var database = IdentityDatabase.Open("sqlite", null, directory.Path))
        {
            new SqlEmailOutbox(database).Enqueue("ann@example.com", "Verify your email", "https://bourse.test/verify?token=t1",
                DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        }

        var message = await Eventually.UntilAsync(() => smtp.Received.SingleOrDefault(), () => $"message received\n{server.Output}");
        Assert.Equal("mail@bourse.test", Assert.IsType<MailboxAddress>(Assert.Single(message.From)).Address);
        Assert.Equal("ann@example.com", Assert.IsType<MailboxAddress>(Assert.Single(message.To)).Address);
        Assert.Equal("Verify your email", message.Subject);
        Assert.Equal("https://bourse.test/verify?token=t1", message.TextBody?.TrimEnd());
    }

    [Fact]
    public async Task Signing_up_with_an_internationalized_domain_mails_its_punycode_address_over_smtp()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, FastPoll,
            "--Bourse:Email:Smtp:Host=127.0.0.1", $"--Bourse:Email:Smtp:Port={smtp.Port}", "--Bourse:Email:Smtp:Security=None",
            "--Bourse:Email:From=Exchange <mail@bourse.test>");

        var signUp = await server.Http.PostAsJsonAsync("/api/v1/auth/signup", new { email = "Joerg@München.de", password = "correct horse battery staple" });
        Assert.Equal(HttpStatusCode.Accepted, signUp.StatusCode);

        var message = await Eventually.UntilAsync(() => smtp.Received.SingleOrDefault(), () => $"message received\n{server.Output}");
        Assert.Equal("joerg@xn--mnchen-3ya.de", Assert.IsType<MailboxAddress>(Assert.Single(message.To)).GetAddress(idnEncode: true));
        Assert.StartsWith("Verify", message.Subject, StringComparison.Ordinal);
        using var database = IdentityDatabase.Open("sqlite", null, directory.Path);
        Assert.NotNull(await new SqlUsers(database).FindByEmailAsync("joerg@xn--mnchen-3ya.de", CancellationToken.None));
    }

    [Fact]
    public async Task An_invalid_from_address_stops_the_server_at_start_naming_the_setting()
    {
        using var directory = new TempDirectory();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            InProcessServer.StartAsync(directory.Path, "--Bourse:Email:From=not an address"));

        Assert.Contains("Bourse:Email:From", failure.Message, StringComparison.Ordinal);
    }
}
