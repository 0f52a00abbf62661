using System.Net;
using System.Text.RegularExpressions;
using MimeKit;

namespace Bourse.Server.Tests.Email;

/// <summary>
/// The whole forgot-password flow with a real SMTP conversation: the server mails the link to a loopback SMTP server,
/// the test reads it from the received message, and the token resets the password once.
/// </summary>
public sealed partial class PasswordResetOverSmtpTests
{
    [Fact]
    public async Task A_reset_link_delivered_over_smtp_resets_the_password()
    {
        await using var smtp = await LoopbackSmtpServer.StartAsync();
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--Bourse:Email:PollInterval=00:00:00.100",
            "--Bourse:Email:Smtp:Host=127.0.0.1", $"--Bourse:Email:Smtp:Port={smtp.Port}", "--Bourse:Email:Smtp:Security=None",
            "--Bourse:Email:From=Bourse <no-reply@bourse.test>", "--Bourse:Identity:PublicUrl=https://exchange.example");
        var client = new PlatformClient(server.Http);
        var email = PlatformServerFixture.NewEmail("smtp");
        await client.NewUserAsync(email);
        await Eventually.UntilAsync(() => smtp.Received.FirstOrDefault(m => m.Subject?.StartsWith("Verify", StringComparison.Ordinal) == true), () => server.Output);

        Assert.Equal(HttpStatusCode.Accepted, (await client.PostAsync("/api/v1/auth/forgot-password", new { email })).Status);
        var mail = await Eventually.UntilAsync(() => smtp.Received.FirstOrDefault(m => m.Subject?.StartsWith("Reset", StringComparison.Ordinal) == true), () => server.Output);
        Assert.Equal(email, Assert.IsType<MailboxAddress>(Assert.Single(mail.To)).Address);
        var link = LinkPattern().Match(mail.TextBody ?? string.Empty);
        Assert.True(link.Success, mail.TextBody);

        const string NewPassword = "reset over a real smtp conversation";
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/auth/reset-password", new { token = link.Groups[1].Value, password = NewPassword })).Status);
        await client.LoginAsync(email, NewPassword);
        await Eventually.UntilAsync(() => smtp.Received.FirstOrDefault(m => m.Subject?.Contains("password was changed", StringComparison.Ordinal) == true), () => server.Output);

        // The token travelled only by mail: it is not in the server's logs.
        Assert.DoesNotContain(link.Groups[1].Value, server.Output, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"https://exchange\.example/reset-password\?token=([A-Za-z0-9_-]{43})")]
    private static partial Regex LinkPattern();
}
