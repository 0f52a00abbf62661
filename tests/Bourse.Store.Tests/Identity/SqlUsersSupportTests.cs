using Bourse.Store.Identity;

namespace Bourse.Store.Tests.Identity;

/// <summary>What the back office asks of the users table, on SQLite and on a real PostgreSQL: search, restrictions, forced resets.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SqlUsersSupportTests(PostgresServer postgres) : IDisposable
{
    private readonly StoreFactory _stores = new(postgres);

    public static TheoryData<string> Providers => [HistoryStores.Sqlite, HistoryStores.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Search_finds_by_email_substring_in_any_case_by_id_and_by_api_key_newest_first(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var users = new SqlUsers(database);
        var alice = (await users.CreateAsync("alice@example.com", "hash", 1, CancellationToken.None))!.Value;
        var bob = (await users.CreateAsync("bob@example.com", "hash", 2, CancellationToken.None))!.Value;
        var carol = (await users.CreateAsync("carol_1@example.org", "hash", 3, CancellationToken.None))!.Value;
        Assert.True(new SqlApiKeys(database).Insert(new StoredApiKey("KEY123", bob, "bot", ["read"], [], "secret", 4)));

        Assert.Equal([bob, alice], Ids(await users.SearchAsync("EXAMPLE.COM", null, 10, CancellationToken.None)));
        Assert.Equal([alice], Ids(await users.SearchAsync("Ali", null, 10, CancellationToken.None)));
        Assert.Equal([carol], Ids(await users.SearchAsync(carol.ToString(System.Globalization.CultureInfo.InvariantCulture), null, 10, CancellationToken.None)));
        Assert.Equal([bob], Ids(await users.SearchAsync("KEY123", null, 10, CancellationToken.None)));
        Assert.Equal([carol, bob, alice], Ids(await users.SearchAsync(null, null, 10, CancellationToken.None)));
        Assert.Equal([bob, alice], Ids(await users.SearchAsync(null, carol, 10, CancellationToken.None)));
        Assert.Equal([carol], Ids(await users.SearchAsync(null, null, 1, CancellationToken.None)));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Search_takes_like_wildcards_and_backslashes_literally(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var users = new SqlUsers(database);
        var underscore = (await users.CreateAsync("a_b@example.com", "hash", 1, CancellationToken.None))!.Value;
        await users.CreateAsync("axb@example.com", "hash", 2, CancellationToken.None);

        Assert.Equal([underscore], Ids(await users.SearchAsync("a_b", null, 10, CancellationToken.None)));
        Assert.Empty(await users.SearchAsync("%", null, 10, CancellationToken.None));
        Assert.Empty(await users.SearchAsync("\\", null, 10, CancellationToken.None));
        Assert.Empty(await users.SearchAsync("a%b", null, 10, CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_login_freeze_keeps_its_reason_and_operator_and_is_listed_until_lifted(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var users = new SqlUsers(database);
        var id = (await users.CreateAsync("a@example.com", "hash", 1, CancellationToken.None))!.Value;
        Assert.False(await users.SetRestrictionsAsync(id + 1, true, "no such user", 7, 10, CancellationToken.None));

        Assert.True(await users.SetRestrictionsAsync(id, true, "chargeback fraud", 7, 10, CancellationToken.None));
        var frozen = (await users.FindAsync(id, CancellationToken.None))!;
        Assert.True(frozen.LoginFrozen);
        Assert.Equal(("chargeback fraud", 7L, 10L), (frozen.RestrictionReason, frozen.RestrictedBy!.Value, frozen.RestrictedAt!.Value));
        Assert.Equal([id], await users.LoginFrozenAsync(CancellationToken.None));
        Assert.Equal([id], users.LoginFrozen());

        Assert.True(await users.SetRestrictionsAsync(id, false, "cleared", 8, 20, CancellationToken.None));
        Assert.False((await users.FindAsync(id, CancellationToken.None))!.LoginFrozen);
        Assert.Empty(await users.LoginFrozenAsync(CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_forced_password_reset_holds_until_a_new_password_is_set(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var users = new SqlUsers(database);
        var id = (await users.CreateAsync("a@example.com", "hash", 1, CancellationToken.None))!.Value;

        Assert.True(await users.SetPasswordResetRequiredAsync(id, true, CancellationToken.None));
        Assert.True((await users.FindAsync(id, CancellationToken.None))!.PasswordResetRequired);
        await users.SetPasswordAsync(id, "new hash", 5, CancellationToken.None);
        Assert.False((await users.FindAsync(id, CancellationToken.None))!.PasswordResetRequired);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Revoking_every_key_of_a_user_leaves_other_users_keys_alone(string provider)
    {
        using var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        var keys = new SqlApiKeys(database);
        keys.Insert(new StoredApiKey("A1", 1, "one", ["read"], [], "s", 1));
        keys.Insert(new StoredApiKey("A2", 1, "two", ["read"], [], "s", 2));
        keys.Insert(new StoredApiKey("B1", 2, "other", ["read"], [], "s", 3));

        Assert.Equal(["A1", "A2"], (await keys.RevokeAllAsync(1, 10, CancellationToken.None)).Order(StringComparer.Ordinal));
        Assert.Empty(await keys.RevokeAllAsync(1, 11, CancellationToken.None));
        Assert.Equal(["B1"], (await keys.ListActiveAsync(2, CancellationToken.None)).Select(k => k.ApiKey));
        var history = await keys.ForUserAsync(1, 10, CancellationToken.None);
        Assert.Equal(["A2", "A1"], history.Select(k => k.ApiKey));
        Assert.All(history, k => Assert.Equal(10, k.RevokedAt));
    }

    public void Dispose() => _stores.Dispose();

    private static long[] Ids(IReadOnlyList<Bourse.Identity.UserRecord> users) => [.. users.Select(u => u.Id)];
}
