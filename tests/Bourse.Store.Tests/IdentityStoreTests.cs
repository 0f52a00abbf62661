using Bourse.Store.Identity;

namespace Bourse.Store.Tests;

/// <summary>
/// The identity tables on SQLite and on a real PostgreSQL: migrations are idempotent, and every single-use value
/// (refresh token, email token, TOTP step, recovery code) can be spent exactly once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class IdentityStoreTests(PostgresServer postgres) : IDisposable
{
    private readonly StoreFactory _stores = new(postgres);

    public static TheoryData<string> Providers => [HistoryStores.Sqlite, HistoryStores.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public void Migrations_run_once_and_reopening_keeps_the_data(string provider)
    {
        var location = _stores.NewLocation(provider);
        using (var first = _stores.OpenIdentity(provider, location))
        {
            Assert.Equal(1, new SqlUsers(first).Create("a@example.com", "hash", 1));
        }

        using var second = _stores.OpenIdentity(provider, location);
        Assert.Equal("a@example.com", new SqlUsers(second).Find(1)!.Email);
        Assert.Equal(IdentitySchema.Migrations(second.Dialect).Count,
            second.QueryFirst("SELECT COUNT(*) FROM schema_migrations", r => Convert.ToInt32(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void An_email_is_registered_once(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var users = new SqlUsers(database);
        var id = users.Create("a@example.com", "hash", 1);
        Assert.NotNull(id);
        Assert.Null(users.Create("a@example.com", "other", 2));
        Assert.Equal("hash", users.FindByEmail("a@example.com")!.PasswordHash);
        Assert.NotEqual(id, users.Create("b@example.com", "hash", 3));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Sign_ups_never_get_a_reserved_or_explicitly_taken_id(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var users = new SqlUsers(database);
        Assert.Equal(2, users.CreateWithId(2, "bob@demo.example", "hash", 1));
        Assert.Null(users.CreateWithId(2, "other@demo.example", "hash", 1));
        Assert.Equal(3, users.Create("first@example.com", "hash", 2));

        // A key was made for engine user 28, which has no account: nobody may sign up into it.
        users.ReserveIdsThrough(28);
        Assert.Equal(29, users.Create("second@example.com", "hash", 3));
        users.ReserveIdsThrough(5);
        Assert.Equal(30, users.Create("third@example.com", "hash", 4));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void A_refresh_token_is_spent_once(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var sessions = new SqlSessions(database);
        sessions.Create(new SessionRecord("s1", 7, 100, 100, "127.0.0.1", "test", null, null), "token-hash");
        Assert.Equal(("s1", true), sessions.SpendRefreshToken("token-hash", 200));
        Assert.Equal(("s1", false), sessions.SpendRefreshToken("token-hash", 300));
        Assert.Null(sessions.SpendRefreshToken("unknown", 300));

        Assert.False(sessions.Revoke(8, "s1", "not theirs", 400));
        Assert.True(sessions.Revoke(7, "s1", "logout", 400));
        Assert.False(sessions.Revoke(7, "s1", "again", 500));
        Assert.Equal("logout", sessions.Find("s1")!.RevokeReason);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Email_tokens_are_single_use_and_expire(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var tokens = new SqlEmailTokens(database);
        tokens.Add("t1", 7, "reset", 100, 1_000);
        Assert.Null(tokens.Consume("t1", "verify", 200));
        Assert.Equal(7, tokens.Consume("t1", "reset", 200));
        Assert.Null(tokens.Consume("t1", "reset", 300));

        tokens.Add("t2", 7, "reset", 100, 1_000);
        Assert.Null(tokens.Consume("t2", "reset", 1_000));

        tokens.Add("t3", 7, "reset", 100, 1_000);
        tokens.Invalidate(7, "reset", 150);
        Assert.Null(tokens.Consume("t3", "reset", 200));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Totp_steps_only_move_forward_and_recovery_codes_work_once(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var users = new SqlUsers(database);
        var id = users.Create("a@example.com", "hash", 1)!.Value;
        Assert.True(users.SetPendingTotpSecret(id, "secret"));
        Assert.True(users.EnableTotp(id, 10));
        Assert.False(users.SetPendingTotpSecret(id, "replaced"));
        Assert.False(users.TryUseTotpStep(id, 10));
        Assert.False(users.TryUseTotpStep(id, 9));
        Assert.True(users.TryUseTotpStep(id, 11));

        var codes = new SqlRecoveryCodes(database);
        codes.Replace(id, ["h1", "h2"]);
        Assert.True(codes.Use(id, "h1", 5));
        Assert.False(codes.Use(id, "h1", 6));
        Assert.False(codes.Use(id + 1, "h2", 6));
        Assert.Equal(1, codes.Remaining(id));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void Attempts_beyond_the_threshold_in_the_window_lock_and_old_ones_are_forgotten(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var failures = new SqlLoginFailures(database);
        Assert.Equal(0, failures.BeginAttempt("a@example.com", 1_000, 10_000, 3, 60_000));
        Assert.Equal(0, failures.BeginAttempt("a@example.com", 2_000, 10_000, 3, 60_000));

        // This attempt is outside the first one's window: the count starts over, and the fourth in the window locks.
        Assert.Equal(0, failures.BeginAttempt("a@example.com", 20_000, 10_000, 3, 60_000));
        Assert.Equal(0, failures.BeginAttempt("a@example.com", 21_000, 10_000, 3, 60_000));
        Assert.Equal(0, failures.BeginAttempt("a@example.com", 22_000, 10_000, 3, 60_000));
        Assert.Equal(83_000, failures.BeginAttempt("a@example.com", 23_000, 10_000, 3, 60_000));
        Assert.Equal(83_000, failures.BeginAttempt("a@example.com", 30_000, 10_000, 3, 60_000));
        Assert.Equal(83_000, failures.LockedUntil("a@example.com"));
        Assert.Equal(0, failures.LockedUntil("b@example.com"));

        // After the lock the count starts over.
        Assert.Equal(0, failures.BeginAttempt("a@example.com", 90_000, 10_000, 3, 60_000));
        Assert.Equal(0, failures.BeginAttempt("a@example.com", 91_000, 10_000, 3, 60_000));
        failures.Clear("a@example.com");
        Assert.Equal(0, failures.LockedUntil("a@example.com"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public void The_audit_log_pages_newest_first_and_filters(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var audit = new SqlAuditLog(database);
        for (var i = 0; i < 5; i++)
        {
            audit.Add(i % 2 == 0 ? 1 : 2, i == 4 ? "login_failed" : "login", "127.0.0.1", "test", $"event {i}", i);
        }

        audit.Add(null, "login_failed", "10.0.0.1", "", "unknown email", 9);
        var page = audit.Read(1, null, null, 2);
        Assert.Equal(["event 4", "event 2"], page.Select(e => e.Detail));
        Assert.Equal(["event 0"], audit.Read(1, null, page[^1].Id, 2).Select(e => e.Detail));
        Assert.Equal(2, audit.Read(null, "login_failed", null, 10).Count);
        Assert.Null(audit.Read(null, "login_failed", null, 10)[0].UserId);
    }

    public void Dispose() => _stores.Dispose();
}
