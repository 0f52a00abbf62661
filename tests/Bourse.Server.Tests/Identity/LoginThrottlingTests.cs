using System.Diagnostics;
using System.Net;

namespace Bourse.Server.Tests.Identity;

/// <summary>Lockout per account, throttling per IP, and answers that never reveal whether an email is registered.</summary>
public sealed class LoginThrottlingTests(PlatformServerFixture fixture) : IClassFixture<PlatformServerFixture>
{
    private const string Password = "correct horse battery staple";

    private PlatformClient Client => fixture.Client;

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_one()
    {
        var email = PlatformServerFixture.NewEmail("brute");
        var tokens = await Client.NewUserAsync(email);
        for (var i = 0; i < 5; i++)
        {
            (await Client.PostAsync("/api/v1/auth/login", new { email, password = $"guess number {i}" })).AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        var locked = await Client.PostAsync("/api/v1/auth/login", new { email, password = Password });
        locked.AssertProblem(HttpStatusCode.TooManyRequests, "account_locked");
        Assert.True(locked.RetryAfter > TimeSpan.FromMinutes(10), $"Retry-After {locked.RetryAfter}");
        Assert.True(locked.Json!.Value.GetProperty("retryAfterSeconds").GetInt64() > 600);

        // The existing session is not touched by a lock on new sign-ins, and the log shows the attack.
        var log = await Client.GetAsync("/api/v1/account/security-log?limit=20", tokens.AccessToken);
        var types = log.Json!.Value.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).ToList();
        Assert.Equal(5, types.Count(t => t == "login_failed"));
        Assert.Single(types, t => t == "login_locked");
    }

    [Fact]
    public async Task Parallel_guesses_get_no_more_tries_than_serial_ones()
    {
        var email = PlatformServerFixture.NewEmail("parallel");
        await Client.NewUserAsync(email);
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => Client.PostAsync("/api/v1/auth/login", new { email, password = $"parallel guess {i}" })));
        Assert.True(answers.Count(a => a.Code == "invalid_credentials") <= 5, string.Join(", ", answers.Select(a => a.Code)));
        Assert.All(answers, a => Assert.Contains(a.Code, new[] { "invalid_credentials", "account_locked" }));
        (await Client.PostAsync("/api/v1/auth/login", new { email, password = Password })).AssertProblem(HttpStatusCode.TooManyRequests, "account_locked");
    }

    [Fact]
    public async Task Guessing_the_password_from_a_signed_in_session_locks_too()
    {
        var email = PlatformServerFixture.NewEmail("changer");
        var tokens = await Client.NewUserAsync(email);
        for (var i = 0; i < 5; i++)
        {
            (await Client.PostAsync("/api/v1/account/password", new { currentPassword = $"guess number {i}", newPassword = "a brand new passphrase" }, tokens.AccessToken))
                .AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        (await Client.PostAsync("/api/v1/account/password", new { currentPassword = Password, newPassword = "a brand new passphrase" }, tokens.AccessToken))
            .AssertProblem(HttpStatusCode.TooManyRequests, "account_locked");
        (await Client.PostAsync("/api/v1/auth/login", new { email, password = Password })).AssertProblem(HttpStatusCode.TooManyRequests, "account_locked");
    }

    [Fact]
    public async Task Unknown_emails_get_the_same_answers_as_registered_ones()
    {
        var registered = PlatformServerFixture.NewEmail("known");
        await Client.NewUserAsync(registered);
        var unknown = PlatformServerFixture.NewEmail("unknown");

        var wrongPassword = await Client.PostAsync("/api/v1/auth/login", new { email = registered, password = "not the password" });
        var noAccount = await Client.PostAsync("/api/v1/auth/login", new { email = unknown, password = "not the password" });
        Assert.Equal(wrongPassword.Status, noAccount.Status);
        Assert.Equal(wrongPassword.Text, noAccount.Text);

        // Signing up again with a taken address looks exactly like a new sign-up.
        var again = await Client.SignUpAsync(registered.ToUpperInvariant(), "a different passphrase");
        var fresh = await Client.SignUpAsync(PlatformServerFixture.NewEmail("fresh"), "a different passphrase");
        Assert.Equal(fresh.Status, again.Status);
        Assert.Equal(fresh.Text, again.Text);

        var forgotKnown = await Client.PostAsync("/api/v1/auth/forgot-password", new { email = registered });
        var forgotUnknown = await Client.PostAsync("/api/v1/auth/forgot-password", new { email = unknown });
        Assert.Equal(HttpStatusCode.Accepted, forgotKnown.Status);
        Assert.Equal(forgotKnown.Text, forgotUnknown.Text);

        // Unknown emails lock out the same way, so the lock does not reveal registration either.
        for (var i = 0; i < 5; i++)
        {
            await Client.PostAsync("/api/v1/auth/login", new { email = unknown, password = $"guess number {i}" });
        }

        (await Client.PostAsync("/api/v1/auth/login", new { email = unknown, password = Password })).AssertProblem(HttpStatusCode.TooManyRequests, "account_locked");
    }

    [Fact]
    public async Task A_wrong_password_for_a_registered_email_costs_as_much_as_one_for_an_unknown_email()
    {
        // Loose bounds on purpose: this catches a missing dummy hash (an unknown email answering many times faster),
        // not small differences on a noisy machine. Different emails each time, so lockout does not interfere.
        var registered = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            var email = PlatformServerFixture.NewEmail("timing");
            Assert.Equal(HttpStatusCode.Accepted, (await Client.SignUpAsync(email, Password)).Status);
            registered.Add(email);
        }

        var known = new List<double>();
        var unknown = new List<double>();
        for (var i = 0; i < registered.Count; i++)
        {
            known.Add(await TimeLogin(registered[i]));
            unknown.Add(await TimeLogin(PlatformServerFixture.NewEmail("nobody")));
        }

        var ratio = Median(known) / Median(unknown);
        Assert.InRange(ratio, 0.33, 3.0);
    }

    [Fact]
    public async Task Auth_endpoints_are_throttled_per_ip()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--Bourse:Limits:AuthPerMinutePerIp=5");
        var client = new PlatformClient(server.Http);
        for (var i = 0; i < 5; i++)
        {
            var response = await client.PostAsync("/api/v1/auth/login", new { email = $"stuffing{i}@example.com", password = "leaked password" });
            response.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        }

        var throttled = await client.PostAsync("/api/v1/auth/login", new { email = "stuffing@example.com", password = "leaked password" });
        throttled.AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(throttled.RetryAfter);
        (await client.SignUpAsync("new@example.com", Password)).AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    [Fact]
    public async Task The_auth_throttle_says_how_long_until_the_window_lets_the_next_attempt_through()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, time, "--Bourse:Limits:AuthPerMinutePerIp=3");
        var client = new PlatformClient(server.Http);
        async Task<PlatformResponse> Attempt() => await client.PostAsync("/api/v1/auth/login", new { email = "stuffing@example.com", password = "leaked password" });
        for (var i = 0; i < 3; i++)
        {
            (await Attempt()).AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
            time.Advance(TimeSpan.FromSeconds(1.2));
        }

        // The first attempt was 3.6 s ago: it leaves the minute in 56.4 s, announced as 57 (rounded up, never 1 s early).
        var throttled = await Attempt();
        throttled.AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(TimeSpan.FromSeconds(57), throttled.RetryAfter);
        Assert.Equal(57, throttled.Json!.Value.GetProperty("retryAfterSeconds").GetInt64());

        time.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal(TimeSpan.FromSeconds(27), (await Attempt()).RetryAfter);
        time.Advance(TimeSpan.FromSeconds(26.4));
        (await Attempt()).AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        var again = await Attempt();
        again.AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.Equal(TimeSpan.FromSeconds(2), again.RetryAfter);
    }

    [Fact]
    public async Task The_platform_api_budget_is_per_user_not_per_ip()
    {
        using var directory = new TempDirectory();
        await using var server = await InProcessServer.StartAsync(directory.Path, "--Bourse:Limits:PlatformPerMinute=5");
        var client = new PlatformClient(server.Http);
        var busy = await client.NewUserAsync(PlatformServerFixture.NewEmail("busy"));
        var quiet = await client.NewUserAsync(PlatformServerFixture.NewEmail("quiet"));
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account", busy.AccessToken)).Status);
        }

        var limited = await client.GetAsync("/api/v1/account", busy.AccessToken);
        limited.AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
        Assert.NotNull(limited.RetryAfter);

        // Same IP, another user: their own budget. The busy one gets a token back only after a fifth of a minute
        // (the limiter says so rather than the test waiting for it).
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/account", quiet.AccessToken)).Status);
        Assert.Equal(TimeSpan.FromSeconds(12), limited.RetryAfter);
        (await client.GetAsync("/api/v1/account", busy.AccessToken)).AssertProblem(HttpStatusCode.TooManyRequests, "rate_limited");
    }

    private async Task<double> TimeLogin(string email)
    {
        var watch = Stopwatch.StartNew();
        var response = await Client.PostAsync("/api/v1/auth/login", new { email, password = "not the password" });
        watch.Stop();
        response.AssertProblem(HttpStatusCode.Unauthorized, "invalid_credentials");
        return watch.Elapsed.TotalMilliseconds;
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted[sorted.Count / 2];
    }
}
