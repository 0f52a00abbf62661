using Bourse.Identity;
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
    public async Task Migrations_run_once_and_reopening_keeps_the_data(string provider)
    {
        var location = _stores.NewLocation(provider);
        using (var first = _stores.OpenIdentity(provider, location))
        {
            Assert.Equal(1, await new SqlUsers(first).CreateAsync("a@example.com", "hash", 1, CancellationToken.None));
        }

        using var second = _stores.OpenIdentity(provider, location);
        Assert.Equal("a@example.com", (await new SqlUsers(second).FindAsync(1, CancellationToken.None))!.Email);
        Assert.Equal(IdentitySchema.Migrations(second.Dialect).Count,
            second.QueryFirst("SELECT COUNT(*) FROM schema_migrations", r => Convert.ToInt32(r.GetValue(0), System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_email_is_registered_once(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var users = new SqlUsers(database);
        var id = await users.CreateAsync("a@example.com", "hash", 1, CancellationToken.None);
        Assert.NotNull(id);
        Assert.Null(await users.CreateAsync("a@example.com", "other", 2, CancellationToken.None));
        Assert.Equal("hash", (await users.FindByEmailAsync("a@example.com", CancellationToken.None))!.PasswordHash);
        Assert.NotEqual(id, await users.CreateAsync("b@example.com", "hash", 3, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_user_count_includes_every_account_and_nothing_else(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var users = new SqlUsers(database);
        Assert.Equal(0, await users.CountAsync(CancellationToken.None));
        await users.CreateAsync("a@example.com", "hash", 1, CancellationToken.None);
        await users.CreateWithIdAsync(50, "b@example.com", "hash", 2, CancellationToken.None);
        await users.CreateAsync("a@example.com", "again", 3, CancellationToken.None);
        Assert.Equal(2, await users.CountAsync(CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Sign_ups_never_get_a_reserved_or_explicitly_taken_id(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var users = new SqlUsers(database);
        Assert.Equal(2, await users.CreateWithIdAsync(2, "bob@demo.example", "hash", 1, CancellationToken.None));
        Assert.Null(await users.CreateWithIdAsync(2, "other@demo.example", "hash", 1, CancellationToken.None));
        Assert.Equal(3, await users.CreateAsync("first@example.com", "hash", 2, CancellationToken.None));

        // A key was made for engine user 28, which has no account: nobody may sign up into it.
        users.ReserveIdsThrough(28);
        Assert.Equal(29, await users.CreateAsync("second@example.com", "hash", 3, CancellationToken.None));
        users.ReserveIdsThrough(5);
        Assert.Equal(30, await users.CreateAsync("third@example.com", "hash", 4, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_refresh_token_is_spent_once(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var sessions = new SqlSessions(database);
        await sessions.CreateAsync(new SessionRecord("s1", 7, 100, 100, "127.0.0.1", "test", null, null), "token-hash", CancellationToken.None);
        Assert.Equal(("s1", true), await sessions.SpendRefreshTokenAsync("token-hash", 200, CancellationToken.None));
        Assert.Equal(("s1", false), await sessions.SpendRefreshTokenAsync("token-hash", 300, CancellationToken.None));
        Assert.Null(await sessions.SpendRefreshTokenAsync("unknown", 300, CancellationToken.None));

        Assert.False(await sessions.RevokeAsync(8, "s1", "not theirs", 400, CancellationToken.None));
        Assert.True(await sessions.RevokeAsync(7, "s1", "logout", 400, CancellationToken.None));
        Assert.False(await sessions.RevokeAsync(7, "s1", "again", 500, CancellationToken.None));
        Assert.Equal("logout", (await sessions.FindAsync("s1", CancellationToken.None))!.RevokeReason);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Email_tokens_are_single_use_and_expire(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var tokens = new SqlEmailTokens(database);
        await tokens.AddAsync("t1", 7, "reset", 100, 1_000, CancellationToken.None);
        Assert.Null(await tokens.ConsumeAsync("t1", "verify", 200, CancellationToken.None));
        Assert.Equal(7, await tokens.ConsumeAsync("t1", "reset", 200, CancellationToken.None));
        Assert.Null(await tokens.ConsumeAsync("t1", "reset", 300, CancellationToken.None));

        await tokens.AddAsync("t2", 7, "reset", 100, 1_000, CancellationToken.None);
        Assert.Null(await tokens.ConsumeAsync("t2", "reset", 1_000, CancellationToken.None));

        await tokens.AddAsync("t3", 7, "reset", 100, 1_000, CancellationToken.None);
        await tokens.InvalidateAsync(7, "reset", 150, CancellationToken.None);
        Assert.Null(await tokens.ConsumeAsync("t3", "reset", 200, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Totp_steps_only_move_forward_and_recovery_codes_work_once(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var users = new SqlUsers(database);
        var id = (await users.CreateAsync("a@example.com", "hash", 1, CancellationToken.None))!.Value;
        Assert.True(await users.SetPendingTotpSecretAsync(id, "secret", CancellationToken.None));
        Assert.True(await users.EnableTotpAsync(id, 10, CancellationToken.None));
        Assert.False(await users.SetPendingTotpSecretAsync(id, "replaced", CancellationToken.None));
        Assert.False(await users.TryUseTotpStepAsync(id, 10, CancellationToken.None));
        Assert.False(await users.TryUseTotpStepAsync(id, 9, CancellationToken.None));
        Assert.True(await users.TryUseTotpStepAsync(id, 11, CancellationToken.None));

        var codes = new SqlRecoveryCodes(database);
        await codes.ReplaceAsync(id, ["h1", "h2"], CancellationToken.None);
        Assert.True(await codes.UseAsync(id, "h1", 5, CancellationToken.None));
        Assert.False(await codes.UseAsync(id, "h1", 6, CancellationToken.None));
        Assert.False(await codes.UseAsync(id + 1, "h2", 6, CancellationToken.None));
        Assert.Equal(1, await codes.RemainingAsync(id, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Attempts_beyond_the_threshold_in_the_window_lock_and_old_ones_are_forgotten(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var failures = new SqlLoginFailures(database);
        Assert.Equal(0, await failures.BeginAttemptAsync("a@example.com", 1_000, 10_000, 3, 60_000, CancellationToken.None));
        Assert.Equal(0, await failures.BeginAttemptAsync("a@example.com", 2_000, 10_000, 3, 60_000, CancellationToken.None));

        // This attempt is outside the first one's window: the count starts over, and the fourth in the window locks.
        Assert.Equal(0, await failures.BeginAttemptAsync("a@example.com", 20_000, 10_000, 3, 60_000, CancellationToken.None));
        Assert.Equal(0, await failures.BeginAttemptAsync("a@example.com", 21_000, 10_000, 3, 60_000, CancellationToken.None));
        Assert.Equal(0, await failures.BeginAttemptAsync("a@example.com", 22_000, 10_000, 3, 60_000, CancellationToken.None));
        Assert.Equal(83_000, await failures.BeginAttemptAsync("a@example.com", 23_000, 10_000, 3, 60_000, CancellationToken.None));
        Assert.Equal(83_000, await failures.BeginAttemptAsync("a@example.com", 30_000, 10_000, 3, 60_000, CancellationToken.None));
        Assert.Equal(83_000, await failures.LockedUntilAsync("a@example.com", CancellationToken.None));
        Assert.Equal(0, await failures.LockedUntilAsync("b@example.com", CancellationToken.None));

        // After the lock the count starts over.
        Assert.Equal(0, await failures.BeginAttemptAsync("a@example.com", 90_000, 10_000, 3, 60_000, CancellationToken.None));
        Assert.Equal(0, await failures.BeginAttemptAsync("a@example.com", 91_000, 10_000, 3, 60_000, CancellationToken.None));
        await failures.ClearAsync("a@example.com", CancellationToken.None);
        Assert.Equal(0, await failures.LockedUntilAsync("a@example.com", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_audit_log_pages_newest_first_and_filters(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var audit = new SqlAuditLog(database);
        for (var i = 0; i < 5; i++)
        {
            await audit.AddAsync(i % 2 == 0 ? 1 : 2, i == 4 ? "login_failed" : "login", "127.0.0.1", "test", $"event {i}", i, CancellationToken.None);
        }

        await audit.AddAsync(null, "login_failed", "10.0.0.1", "", "unknown email", 9, CancellationToken.None);
        var page = await audit.ReadAsync(1, null, null, 2, CancellationToken.None);
        Assert.Equal(["event 4", "event 2"], page.Select(e => e.Detail));
        Assert.Equal(["event 0"], (await audit.ReadAsync(1, null, page[^1].Id, 2, CancellationToken.None)).Select(e => e.Detail));
        Assert.Equal(2, (await audit.ReadAsync(null, "login_failed", null, 10, CancellationToken.None)).Count);
        Assert.Null((await audit.ReadAsync(null, "login_failed", null, 10, CancellationToken.None))[0].UserId);
    }

    public void Dispose() => _stores.Dispose();
}
