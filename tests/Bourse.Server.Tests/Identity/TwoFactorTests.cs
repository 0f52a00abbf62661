using System.Net;

namespace Bourse.Server.Tests.Identity;

/// <summary>TOTP enrollment, sign-in with a code, replay refusal, recovery codes, disabling, and operator policy.</summary>
public sealed class TwoFactorTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private const string Password = "correct horse battery staple";

    private PlatformClient Client => fixture.Client;

    [Fact]
    public async Task Enrolled_2fa_is_required_at_sign_in_and_a_code_works_only_once()
    {
        var email = PlatformServerFixture.NewEmail("totp");
        var tokens = await Client.NewUserAsync(email);
        var (authenticator, recoveryCodes) = await EnableAsync(tokens);
        Assert.Equal(10, recoveryCodes.Count);
        Assert.Equal(10, recoveryCodes.Distinct().Count());

        (await Client.PostAsync("/api/v1/auth/login", new { email, password = Password })).AssertProblem(HttpStatusCode.Unauthorized, "two_factor_required");
        (await Client.PostAsync("/api/v1/auth/login", new { email, password = Password, code = "000000" })).AssertProblem(HttpStatusCode.Unauthorized, "invalid_two_factor_code");

        // Enrollment spent the current step's code; the next step's code signs in once, and replaying it fails.
        var code = authenticator.Next();
        var signedIn = await Client.LoginAsync(email, Password, code);
        Assert.False(signedIn.TwoFactorSetupRequired);
        (await Client.PostAsync("/api/v1/auth/login", new { email, password = Password, code })).AssertProblem(HttpStatusCode.Unauthorized, "invalid_two_factor_code");
        (await Client.PostAsync("/api/v1/auth/login", new { email, password = Password, code = authenticator.Now() })).AssertProblem(HttpStatusCode.Unauthorized, "invalid_two_factor_code");

        // A wrong password with a right-looking code still says only "invalid credentials".
        (await Client.PostAsync("/api/v1/auth/login", new { email, password = "wrong password here", code = "123456" })).AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");

        // Each recovery code works once, in any spelling.
        await Client.LoginAsync(email, Password, recoveryCodes[0].ToUpperInvariant());
        (await Client.PostAsync("/api/v1/auth/login", new { email, password = Password, code = recoveryCodes[0] })).AssertProblem(HttpStatusCode.Unauthorized, "invalid_two_factor_code");
        await Client.LoginAsync(email, Password, recoveryCodes[1].Replace("-", "", StringComparison.Ordinal));
        var status = await Client.GetAsync("/api/v1/account/2fa", signedIn.AccessToken);
        Assert.True(status.Json!.Value.GetProperty("enabled").GetBoolean());
        Assert.Equal(8, status.Json!.Value.GetProperty("recoveryCodesLeft").GetInt64());

        var log = await Client.GetAsync("/api/v1/account/security-log?limit=100", signedIn.AccessToken);
        var types = log.Json!.Value.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Contains("two_factor_enabled", types);
        Assert.Contains("recovery_code_used", types);
        Assert.Contains("login_failed", types);
    }

    [Fact]
    public async Task Confirming_needs_a_right_code_and_disabling_needs_a_fresh_one()
    {
        var tokens = await Client.NewUserAsync(PlatformServerFixture.NewEmail("disable"));
        (await Client.PostAsync("/api/v1/account/2fa/confirm", new { code = "123456", password = Password }, tokens.AccessToken)).AssertProblem(HttpStatusCode.Conflict, "two_factor_not_started");
        var enrollment = await Client.PostAsync("/api/v1/account/2fa/enroll", null, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, enrollment.Status);
        var json = enrollment.Json!.Value;
        Assert.StartsWith("otpauth://totp/", json.GetProperty("otpauthUri").GetString(), StringComparison.Ordinal);
        Assert.Contains("<svg", json.GetProperty("qrSvg").GetString(), StringComparison.Ordinal);
        (await Client.PostAsync("/api/v1/account/2fa/confirm", new { code = "000000", password = Password }, tokens.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "invalid_two_factor_code");
        (await Client.PostAsync("/api/v1/account/2fa/confirm", new { code = "000000" }, tokens.AccessToken)).AssertProblem(HttpStatusCode.BadRequest, "missing_field");
        Assert.False((await Client.GetAsync("/api/v1/account/2fa", tokens.AccessToken)).Json!.Value.GetProperty("enabled").GetBoolean());

        var authenticator = new Authenticator(json.GetProperty("secret").GetString()!);
        var confirmCode = authenticator.Now();
        (await Client.PostAsync("/api/v1/account/2fa/confirm", new { code = confirmCode, password = "not the password" }, tokens.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        Assert.False((await Client.GetAsync("/api/v1/account/2fa", tokens.AccessToken)).Json!.Value.GetProperty("enabled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, (await Client.PostAsync("/api/v1/account/2fa/confirm", new { code = confirmCode, password = Password }, tokens.AccessToken)).Status);
        (await Client.PostAsync("/api/v1/account/2fa/enroll", null, tokens.AccessToken)).AssertProblem(HttpStatusCode.Conflict, "two_factor_already_enabled");

        // The code that confirmed cannot also disable (replay); a wrong one cannot either.
        (await Client.PostAsync("/api/v1/account/2fa/disable", new { code = confirmCode }, tokens.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "invalid_two_factor_code");
        (await Client.PostAsync("/api/v1/account/2fa/disable", new { code = "12345" }, tokens.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "invalid_two_factor_code");
        Assert.True((await Client.GetAsync("/api/v1/account/2fa", tokens.AccessToken)).Json!.Value.GetProperty("enabled").GetBoolean());

        Assert.Equal(HttpStatusCode.NoContent, (await Client.PostAsync("/api/v1/account/2fa/disable", new { code = authenticator.Next() }, tokens.AccessToken)).Status);
        Assert.False((await Client.GetAsync("/api/v1/account/2fa", tokens.AccessToken)).Json!.Value.GetProperty("enabled").GetBoolean());
    }

    [Fact]
    public async Task Step_up_codes_cannot_be_brute_forced_from_a_session()
    {
        var tokens = await Client.NewUserAsync(PlatformServerFixture.NewEmail("stepup"));
        var (authenticator, _) = await EnableAsync(tokens);
        for (var i = 0; i < 5; i++)
        {
            (await Client.PostAsync("/api/v1/account/2fa/disable", new { code = $"00000{i}" }, tokens.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "invalid_two_factor_code");
        }

        // Even the right code is refused while locked, and 2FA stays on.
        var locked = await Client.PostAsync("/api/v1/account/2fa/disable", new { code = authenticator.Next() }, tokens.AccessToken);
        locked.AssertProblem(HttpStatusCode.TooManyRequests, "account_locked");
        Assert.NotNull(locked.RetryAfter);
        (await Client.PostAsync("/api/v1/account/2fa/recovery-codes", new { code = authenticator.Next() }, tokens.AccessToken)).AssertProblem(HttpStatusCode.TooManyRequests, "account_locked");
        Assert.True((await Client.GetAsync("/api/v1/account/2fa", tokens.AccessToken)).Json!.Value.GetProperty("enabled").GetBoolean());
        var log = await Client.GetAsync("/api/v1/account/security-log?limit=100", tokens.AccessToken);
        Assert.Equal(7, log.Json!.Value.GetProperty("events").EnumerateArray().Count(e => e.GetProperty("type").GetString() == "two_factor_failed"));
    }

    [Fact]
    public async Task Changing_the_password_needs_the_current_one_and_the_second_factor()
    {
        var email = PlatformServerFixture.NewEmail("change");
        var tokens = await Client.NewUserAsync(email);
        var before = await Client.LoginAsync(email, Password);
        var (authenticator, recoveryCodes) = await EnableAsync(tokens);

        // Turning 2FA on ends the other sessions (a thief's session must not outlive it).
        (await Client.GetAsync("/api/v1/account", before.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "session_expired");
        var other = await Client.LoginAsync(email, Password, recoveryCodes[0]);
        const string NewPassword = "another long passphrase";

        (await Client.PostAsync("/api/v1/account/password", new { currentPassword = "not the password", newPassword = NewPassword, code = authenticator.Next() }, tokens.AccessToken))
            .AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        (await Client.PostAsync("/api/v1/account/password", new { currentPassword = Password, newPassword = NewPassword }, tokens.AccessToken))
            .AssertProblem(HttpStatusCode.Unauthorized, "two_factor_required");
        (await Client.PostAsync("/api/v1/account/password", new { currentPassword = Password, newPassword = "password1234", code = authenticator.Next() }, tokens.AccessToken))
            .AssertProblem(HttpStatusCode.BadRequest, "weak_password");
        Assert.Equal(HttpStatusCode.NoContent,
            (await Client.PostAsync("/api/v1/account/password", new { currentPassword = Password, newPassword = NewPassword, code = authenticator.Next() }, tokens.AccessToken)).Status);

        // This session stays; the other one ends; only the new password signs in.
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/v1/account", tokens.AccessToken)).Status);
        (await Client.GetAsync("/api/v1/account", other.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "session_expired");
        (await Client.PostAsync("/api/v1/auth/login", new { email, password = Password, code = "123456" })).AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
    }

    [Fact]
    public async Task An_operator_can_make_2fa_mandatory_for_an_account()
    {
        using var directory = new TempDirectory();
        const string AdminEmail = "operator@example.com";
        await using var server = await InProcessServer.StartAsync(directory.Path, "--demo", "--Bourse:DemoMarketMaker=false");
        var client = new PlatformClient(server.Http);

        // Being an operator is not enough: the session must be signed in with 2FA.
        var link = await server.CreateOperatorAsync(AdminEmail, ["support"]);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/auth/operator-setup", new { token = link[(link.IndexOf("token=", StringComparison.Ordinal) + 6)..], password = Password })).Status);
        var verified = await client.LoginAsync(AdminEmail, Password);
        Assert.True(verified.TwoFactorSetupRequired);
        (await client.GetAsync("/api/v1/admin/audit", verified.AccessToken)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        var (adminAuthenticator, _) = await EnableAsync(verified, client);
        var refreshedAdmin = Tokens.From((await client.PostAsync("/api/v1/auth/refresh", new { refreshToken = verified.RefreshToken })).Json!.Value);
        (await client.GetAsync("/api/v1/admin/audit", refreshedAdmin.AccessToken)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        var admin = await client.LoginAsync(AdminEmail, Password, adminAuthenticator.Next());
        var email = PlatformServerFixture.NewEmail("policy");
        var user = await client.NewUserAsync(email);

        Assert.Equal(HttpStatusCode.NoContent,
            (await client.SendAsync(HttpMethod.Put, $"/api/v1/admin/users/{user.UserId}/two-factor-required", new { required = true }, admin.AccessToken)).Status);
        (await client.SendAsync(HttpMethod.Put, "/api/v1/admin/users/999999/two-factor-required", new { required = true }, admin.AccessToken)).AssertProblem(HttpStatusCode.NotFound, "not_found");

        // Signing in works but holds everything back until 2FA is on.
        var owing = await client.LoginAsync(email, Password);
        Assert.True(owing.TwoFactorSetupRequired);
        (await client.GetAsync("/api/v1/sessions", owing.AccessToken)).AssertProblem(HttpStatusCode.Forbidden, "two_factor_setup_required");
        Assert.True((await client.GetAsync("/api/v1/account", owing.AccessToken)).Json!.Value.GetProperty("twoFactorRequired").GetBoolean());

        var (authenticator, _) = await EnableAsync(owing, client);
        var refreshed = await client.PostAsync("/api/v1/auth/refresh", new { refreshToken = owing.RefreshToken });
        var ready = Tokens.From(refreshed.Json!.Value);
        Assert.False(ready.TwoFactorSetupRequired);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/sessions", ready.AccessToken)).Status);
        (await client.PostAsync("/api/v1/account/2fa/disable", new { code = authenticator.Next() }, ready.AccessToken)).AssertProblem(HttpStatusCode.Forbidden, "two_factor_mandatory");

        // The operator sees the policy change and the user's events in the audit log.
        var audit = await client.GetAsync($"/api/v1/admin/audit?userId={user.UserId}", admin.AccessToken);
        var types = audit.Json!.Value.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Contains("two_factor_policy_changed", types);
        Assert.Contains("two_factor_enabled", types);
        var logins = await client.GetAsync("/api/v1/admin/audit?type=login&limit=1", admin.AccessToken);
        Assert.Single(logins.Json!.Value.GetProperty("events").EnumerateArray());
        Assert.True(logins.Json!.Value.TryGetProperty("nextBefore", out _));
    }

    private Task<(Authenticator Authenticator, List<string> RecoveryCodes)> EnableAsync(Tokens tokens) => EnableAsync(tokens, Client);

    private static async Task<(Authenticator Authenticator, List<string> RecoveryCodes)> EnableAsync(Tokens tokens, PlatformClient client)
    {
        var enrollment = await client.PostAsync("/api/v1/account/2fa/enroll", null, tokens.AccessToken);
        Assert.Equal(HttpStatusCode.OK, enrollment.Status);
        var authenticator = new Authenticator(enrollment.Json!.Value.GetProperty("secret").GetString()!);
        var confirmed = await client.PostAsync("/api/v1/account/2fa/confirm", new { code = authenticator.Now(), password = Password }, tokens.AccessToken);
        Assert.True(confirmed.Status == HttpStatusCode.OK, confirmed.Text);
        return (authenticator, confirmed.Json!.Value.GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList());
    }
}
