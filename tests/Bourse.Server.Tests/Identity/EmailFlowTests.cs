using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Bourse.Server.Tests.Identity;

/// <summary>
/// Email verification and password reset end to end, reading the mail the server sent from the demo-mode mail sink:
/// links are single use, expire, and a reset ends every session.
/// </summary>
public sealed partial class EmailFlowTests : IAsyncLifetime
{
    private const string Password = "correct horse battery staple";
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(DateTimeOffset.UtcNow);
    private InProcessServer _server = null!;
    private PlatformClient _client = null!;

    public async Task InitializeAsync()
    {
        _server = await InProcessServer.StartAsync(_directory.Path, _time, "--demo", "--Bourse:DemoMarketMaker=false",
            "--Bourse:Limits:AuthPerMinutePerIp=100000", "--Bourse:Identity:PasswordResetLifetime=00:00:04");
        _client = new PlatformClient(_server.Http);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task A_verification_link_verifies_once()
    {
        var email = PlatformServerFixture.NewEmail("verify");
        var tokens = await _client.NewUserAsync(email);
        Assert.False((await _client.GetAsync("/api/v1/account", tokens.AccessToken)).Json!.Value.GetProperty("emailVerified").GetBoolean());

        var token = TokenIn(await MailAsync(email, "Verify"));
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsync("/api/v1/auth/verify-email", new { token })).Status);
        Assert.True((await _client.GetAsync("/api/v1/account", tokens.AccessToken)).Json!.Value.GetProperty("emailVerified").GetBoolean());
        (await _client.PostAsync("/api/v1/auth/verify-email", new { token })).AssertProblem(HttpStatusCode.BadRequest, "invalid_token");
        (await _client.PostAsync("/api/v1/auth/verify-email", new { token = token[..^1] + (token[^1] == 'A' ? "B" : "A") })).AssertProblem(HttpStatusCode.BadRequest, "invalid_token");
    }

    [Fact]
    public async Task Signing_up_with_a_taken_email_tells_its_owner_not_the_caller()
    {
        var email = PlatformServerFixture.NewEmail("taken");
        await _client.NewUserAsync(email);
        Assert.Equal(HttpStatusCode.Accepted, (await _client.SignUpAsync(email, "someone else's passphrase")).Status);
        var warning = await MailAsync(email, "Someone tried to sign up");
        Assert.DoesNotContain("token=", warning, StringComparison.Ordinal);

        // The original password still signs in; the intruder's does not.
        await _client.LoginAsync(email, Password);
        (await _client.PostAsync("/api/v1/auth/login", new { email, password = "someone else's passphrase" })).AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task A_reset_link_sets_a_new_password_once_and_ends_every_session()
    {
        var email = PlatformServerFixture.NewEmail("reset");
        var first = await _client.NewUserAsync(email);
        var second = await _client.LoginAsync(email, Password);
        Assert.Equal(HttpStatusCode.Accepted, (await _client.PostAsync("/api/v1/auth/forgot-password", new { email })).Status);
        var token = TokenIn(await MailAsync(email, "Reset"));

        // A refused password does not spend the link, nor does one refused for containing the account's email.
        (await _client.PostAsync("/api/v1/auth/reset-password", new { token, password = "password123" })).AssertProblem(HttpStatusCode.BadRequest, "weak_password");
        (await _client.PostAsync("/api/v1/auth/reset-password", new { token, password = email.Split('@')[0] + " is my password" })).AssertProblem(HttpStatusCode.BadRequest, "weak_password");
        const string NewPassword = "a brand new passphrase";
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsync("/api/v1/auth/reset-password", new { token, password = NewPassword })).Status);
        (await _client.PostAsync("/api/v1/auth/reset-password", new { token, password = "yet another passphrase" })).AssertProblem(HttpStatusCode.BadRequest, "invalid_token");

        foreach (var session in new[] { first, second })
        {
            (await _client.GetAsync("/api/v1/account", session.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "session_expired");
            (await _client.PostAsync("/api/v1/auth/refresh", new { refreshToken = session.RefreshToken })).AssertProblem(HttpStatusCode.Unauthorized, "session_expired");
        }

        (await _client.PostAsync("/api/v1/auth/login", new { email, password = Password })).AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        var signedIn = await _client.LoginAsync(email, NewPassword);
        var log = await _client.GetAsync("/api/v1/account/security-log", signedIn.AccessToken);
        var types = log.Json!.Value.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Contains("password_reset_requested", types);
        Assert.Contains("password_reset", types);
    }

    [Fact]
    public async Task A_reset_link_expires_and_a_newer_one_voids_the_older()
    {
        var email = PlatformServerFixture.NewEmail("expire");
        await _client.NewUserAsync(email);
        await _client.PostAsync("/api/v1/auth/forgot-password", new { email });
        var older = TokenIn(await MailAsync(email, "Reset"));
        await _client.PostAsync("/api/v1/auth/forgot-password", new { email });
        var newer = TokenIn(await MailAsync(email, "Reset", skip: older));
        (await _client.PostAsync("/api/v1/auth/reset-password", new { token = older, password = "a brand new passphrase" })).AssertProblem(HttpStatusCode.BadRequest, "invalid_token");

        _time.Advance(TimeSpan.FromSeconds(5));
        (await _client.PostAsync("/api/v1/auth/reset-password", new { token = newer, password = "a brand new passphrase" })).AssertProblem(HttpStatusCode.BadRequest, "invalid_token");
        await _client.LoginAsync(email, Password);
    }

    [Theory]
    [InlineData("münchen.de", "xn--mnchen-3ya.de")]
    [InlineData("банк.рф", "xn--80ab2al.xn--p1ai")]
    public async Task An_internationalized_domain_signs_up_verifies_and_is_one_account_with_its_punycode_spelling(string domain, string punycode)
    {
        var local = "idn-" + Guid.NewGuid().ToString("N")[..10];
        var ascii = $"{local}@{punycode}";
        Assert.Equal(HttpStatusCode.Accepted, (await _client.SignUpAsync($"{local}@{domain}", Password)).Status);

        // The mail goes to the punycode spelling; the dev mailbox finds it by either.
        Assert.Equal(TokenIn(await MailAsync(ascii, "Verify")), TokenIn(await MailAsync(ascii, "Verify", query: $"{local}@{domain}")));
        Assert.Equal(HttpStatusCode.NoContent, (await _client.PostAsync("/api/v1/auth/verify-email", new { token = TokenIn(await MailAsync(ascii, "Verify")) })).Status);
        var tokens = await _client.LoginAsync(ascii, Password);
        var profile = (await _client.GetAsync("/api/v1/account", tokens.AccessToken)).Json!.Value;
        Assert.True(profile.GetProperty("emailVerified").GetBoolean());
        Assert.Equal(ascii, profile.GetProperty("email").GetString());
        await _client.LoginAsync($"{local.ToUpperInvariant()}@{domain.ToUpperInvariant()}", Password);

        // The other spelling is the same account: its owner is told, nobody gets a second one.
        Assert.Equal(HttpStatusCode.Accepted, (await _client.SignUpAsync(ascii, "someone else's passphrase")).Status);
        Assert.DoesNotContain("token=", await MailAsync(ascii, "Someone tried to sign up"), StringComparison.Ordinal);
        (await _client.PostAsync("/api/v1/auth/login", new { email = ascii, password = "someone else's passphrase" })).AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    /// <summary>The newest mail to <paramref name="to"/> whose subject starts with <paramref name="subject"/>, waiting for it.</summary>
    private async Task<string> MailAsync(string to, string subject, string? skip = null, string? query = null)
    {
        return await Eventually.UntilAsync(async () =>
        {
            var response = await _client.GetAsync($"/api/v1/dev/mail?to={Uri.EscapeDataString(query ?? to)}", null);
            Assert.Equal(HttpStatusCode.OK, response.Status);
            foreach (var mail in response.Json!.Value.EnumerateArray().Reverse())
            {
                var body = mail.GetProperty("body").GetString()!;
                if (mail.GetProperty("to").GetString() == to && mail.GetProperty("subject").GetString()!.StartsWith(subject, StringComparison.Ordinal) &&
                    (skip is null || !body.Contains(skip, StringComparison.Ordinal)))
                {
                    return body;
                }
            }

            return null;
        }, () => $"mail '{subject}' to {to}");
    }

    private static string TokenIn(string body) => TokenPattern().Match(body) is { Success: true } match ? match.Groups[1].Value : throw new InvalidOperationException(body);

    [GeneratedRegex("token=([A-Za-z0-9_-]{43})")]
    private static partial Regex TokenPattern();
}
