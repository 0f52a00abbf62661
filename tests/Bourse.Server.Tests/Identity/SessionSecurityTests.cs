using System.Net;

namespace Bourse.Server.Tests.Identity;

/// <summary>Refresh-token rotation and reuse detection, sign-out, listing and revoking sessions.</summary>
public sealed class SessionSecurityTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private PlatformClient Client => fixture.Client;

    [Fact]
    public async Task Refresh_rotates_and_reusing_a_spent_token_revokes_the_whole_session()
    {
        var email = PlatformServerFixture.NewEmail("rotate");
        var first = await Client.NewUserAsync(email);
        var second = await Refresh(first.RefreshToken);
        Assert.NotEqual(first.RefreshToken, second.RefreshToken);
        Assert.Equal(first.SessionId, second.SessionId);
        var third = await Refresh(second.RefreshToken);

        // A stolen copy of the first token is replayed: refused, and everything descended from that sign-in dies.
        var replay = await Client.PostAsync("/api/v1/auth/refresh", new { refreshToken = first.RefreshToken });
        replay.AssertProblem(HttpStatusCode.Unauthorized, "refresh_token_reused");
        (await Client.PostAsync("/api/v1/auth/refresh", new { refreshToken = third.RefreshToken })).AssertProblem(HttpStatusCode.Unauthorized, "session_expired");
        (await Client.GetAsync("/api/v1/account", third.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "session_expired");

        var relogin = await Client.LoginAsync(email, "correct horse battery staple");
        var log = await Client.GetAsync("/api/v1/account/security-log", relogin.AccessToken);
        Assert.Contains(log.Json!.Value.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "refresh_token_reuse");
    }

    [Fact]
    public async Task Unknown_refresh_tokens_are_refused()
    {
        (await Client.PostAsync("/api/v1/auth/refresh", new { refreshToken = "made-up" })).AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
        (await Client.PostAsync("/api/v1/auth/refresh", new { refreshToken = new string('a', 5000) })).AssertProblem(HttpStatusCode.Unauthorized, "invalid_refresh_token");
    }

    [Fact]
    public async Task Sessions_are_listed_and_a_revoked_one_stops_working_at_once()
    {
        var email = PlatformServerFixture.NewEmail("devices");
        var laptop = await Client.NewUserAsync(email);
        var phone = await Client.LoginAsync(email, "correct horse battery staple", userAgent: "PhoneApp/1.0");

        var listed = await Client.GetAsync("/api/v1/sessions", laptop.AccessToken);
        var sessions = listed.Json!.Value.EnumerateArray().ToList();
        Assert.Equal(2, sessions.Count);
        Assert.Contains(sessions, s => s.GetProperty("id").GetString() == laptop.SessionId && s.GetProperty("current").GetBoolean());
        Assert.Contains(sessions, s => s.GetProperty("id").GetString() == phone.SessionId && s.GetProperty("userAgent").GetString() == "PhoneApp/1.0"
            && s.GetProperty("ip").GetString() == "127.0.0.1");

        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(HttpMethod.Delete, $"/api/v1/sessions/{phone.SessionId}", accessToken: laptop.AccessToken)).Status);
        (await Client.GetAsync("/api/v1/account", phone.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "session_expired");
        (await Client.PostAsync("/api/v1/auth/refresh", new { refreshToken = phone.RefreshToken })).AssertProblem(HttpStatusCode.Unauthorized, "session_expired");
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/v1/account", laptop.AccessToken)).Status);

        // Revoking again is "not found": it is no longer a live session.
        (await Client.SendAsync(HttpMethod.Delete, $"/api/v1/sessions/{phone.SessionId}", accessToken: laptop.AccessToken)).AssertProblem(HttpStatusCode.NotFound, "not_found");
        var log = await Client.GetAsync("/api/v1/account/security-log", laptop.AccessToken);
        Assert.Contains(log.Json!.Value.GetProperty("events").EnumerateArray(), e => e.GetProperty("type").GetString() == "session_revoked");
    }

    [Fact]
    public async Task Logout_revokes_the_session_and_its_refresh_token()
    {
        var tokens = await Client.NewUserAsync(PlatformServerFixture.NewEmail("logout"));
        Assert.Equal(HttpStatusCode.NoContent, (await Client.PostAsync("/api/v1/auth/logout", null, tokens.AccessToken)).Status);
        (await Client.GetAsync("/api/v1/account", tokens.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "session_expired");
        (await Client.PostAsync("/api/v1/auth/refresh", new { refreshToken = tokens.RefreshToken })).AssertProblem(HttpStatusCode.Unauthorized, "session_expired");
    }

    [Fact]
    public async Task A_user_cannot_see_or_revoke_another_users_sessions_or_security_log()
    {
        var alice = await Client.NewUserAsync(PlatformServerFixture.NewEmail("alice"));
        var mallory = await Client.NewUserAsync(PlatformServerFixture.NewEmail("mallory"));

        (await Client.SendAsync(HttpMethod.Delete, $"/api/v1/sessions/{alice.SessionId}", accessToken: mallory.AccessToken)).AssertProblem(HttpStatusCode.NotFound, "not_found");
        Assert.Equal(HttpStatusCode.OK, (await Client.GetAsync("/api/v1/account", alice.AccessToken)).Status);

        var mallorySessions = await Client.GetAsync("/api/v1/sessions", mallory.AccessToken);
        Assert.DoesNotContain(mallorySessions.Json!.Value.EnumerateArray(), s => s.GetProperty("id").GetString() == alice.SessionId);
        var malloryLog = await Client.GetAsync("/api/v1/account/security-log", mallory.AccessToken);
        Assert.All(malloryLog.Json!.Value.GetProperty("events").EnumerateArray(), e => Assert.Equal(mallory.UserId, e.GetProperty("userId").GetInt64()));

        // The operator's audit query is for operators only.
        (await Client.GetAsync($"/api/v1/admin/audit?userId={alice.UserId}", mallory.AccessToken)).AssertProblem(HttpStatusCode.Forbidden, "forbidden");
        (await Client.SendAsync(HttpMethod.Put, $"/api/v1/admin/users/{alice.UserId}/two-factor-required", new { required = true }, mallory.AccessToken))
            .AssertProblem(HttpStatusCode.Forbidden, "forbidden");
    }

    [Fact]
    public async Task Idle_sessions_end_and_busy_ones_end_at_the_absolute_limit()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var server = await InProcessServer.StartAsync(directory.Path, time,
            "--Bourse:Identity:SessionIdleTimeout=00:00:02", "--Bourse:Identity:SessionAbsoluteTimeout=00:00:06");
        var client = new PlatformClient(server.Http);
        var email = PlatformServerFixture.NewEmail("timeouts");
        var idle = await client.NewUserAsync(email);
        var busy = await client.LoginAsync(email, "correct horse battery staple");

        // The busy session is used every half second and outlives the idle timeout several times over.
        var started = time.GetUtcNow();
        while (time.GetUtcNow() - started < TimeSpan.FromSeconds(4))
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account", busy.AccessToken)).Status);
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        (await client.GetAsync("/api/v1/account", idle.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "session_expired");
        (await client.PostAsync("/api/v1/auth/refresh", new { refreshToken = idle.RefreshToken })).AssertProblem(HttpStatusCode.Unauthorized, "session_expired");

        // However busy, a session ends at its absolute limit.
        while (time.GetUtcNow() - started < TimeSpan.FromSeconds(7))
        {
            await client.GetAsync("/api/v1/account", busy.AccessToken);
            time.Advance(TimeSpan.FromMilliseconds(500));
        }

        (await client.GetAsync("/api/v1/account", busy.AccessToken)).AssertProblem(HttpStatusCode.Unauthorized, "session_expired");
    }

    private async Task<Tokens> Refresh(string refreshToken)
    {
        var response = await Client.PostAsync("/api/v1/auth/refresh", new { refreshToken });
        Assert.True(response.Status == HttpStatusCode.OK, response.Text);
        return Tokens.From(response.Json!.Value);
    }
}
