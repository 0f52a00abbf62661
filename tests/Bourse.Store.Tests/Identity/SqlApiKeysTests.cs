using Bourse.Store.Identity;

namespace Bourse.Store.Tests.Identity;

/// <summary>The api_keys table on SQLite and on a real PostgreSQL: keys are scoped to their owner in every operation.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SqlApiKeysTests(PostgresServer postgres) : IDisposable
{
    private readonly StoreFactory _stores = new(postgres);
    private readonly List<IdentityDatabase> _databases = [];

    public static TheoryData<string> Providers => [HistoryStores.Sqlite, HistoryStores.Postgres];

    private SqlApiKeys Open(string provider, string location)
    {
        var database = IdentityDatabase.Open(provider, location, Path.GetTempPath());
        _databases.Add(database);
        return new SqlApiKeys(database);
    }

    private static StoredApiKey Key(string name, long userId, long createdAt, string[]? ips = null) =>
        new(name, userId, $"label {name}", ["read", "trade"], ips ?? [], $"protected-{name}", createdAt);

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_key_round_trips_and_a_duplicate_key_string_is_refused(string provider)
    {
        var keys = Open(provider, _stores.NewLocation(provider));
        var key = Key("k1", 7, 1_000, ["127.0.0.1", "10.0.0.0/8", "2001:db8::/32"]);

        Assert.True(await keys.InsertAsync(key, CancellationToken.None));
        Assert.False(await keys.InsertAsync(key with { UserId = 8, ProtectedSecret = "other" }, CancellationToken.None));

        var found = keys.Find("k1")!;
        Assert.Equal((key.ApiKey, key.UserId, key.Label, key.ProtectedSecret, key.CreatedAt, (long?)null),
            (found.ApiKey, found.UserId, found.Label, found.ProtectedSecret, found.CreatedAt, found.RevokedAt));
        Assert.Equal(key.Permissions, found.Permissions);
        Assert.Equal(key.IpAllowList, found.IpAllowList);
        Assert.Null(keys.Find("k2"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_user_lists_and_revokes_only_their_own_keys(string provider)
    {
        var keys = Open(provider, _stores.NewLocation(provider));
        keys.Insert(Key("a1", 1, 1_000));
        keys.Insert(Key("a2", 1, 2_000));
        keys.Insert(Key("b1", 2, 1_500));

        Assert.Equal(["a1", "a2"], (await keys.ListActiveAsync(1, CancellationToken.None)).Select(k => k.ApiKey));
        Assert.Equal(["b1"], (await keys.ListActiveAsync(2, CancellationToken.None)).Select(k => k.ApiKey));
        Assert.Empty(await keys.ListActiveAsync(3, CancellationToken.None));

        // User 1 cannot revoke user 2's key, and the answer is the same as for a key that does not exist.
        Assert.False(await keys.RevokeAsync(1, "b1", 3_000, CancellationToken.None));
        Assert.False(await keys.RevokeAsync(1, "nope", 3_000, CancellationToken.None));
        Assert.Null(keys.Find("b1")!.RevokedAt);
        Assert.Equal(["b1"], (await keys.ListActiveAsync(2, CancellationToken.None)).Select(k => k.ApiKey));

        Assert.True(await keys.RevokeAsync(1, "a1", 3_000, CancellationToken.None));
        Assert.False(await keys.RevokeAsync(1, "a1", 4_000, CancellationToken.None));
        Assert.Equal(3_000, keys.Find("a1")!.RevokedAt);
        Assert.Equal(["a2"], (await keys.ListActiveAsync(1, CancellationToken.None)).Select(k => k.ApiKey));
        Assert.Equal(["a2", "b1"], keys.AllActive().Select(k => k.ApiKey).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Changes_since_a_time_hold_keys_created_or_revoked_from_then_on_and_survive_a_reopen(string provider)
    {
        var location = _stores.NewLocation(provider);
        var keys = Open(provider, location);
        keys.Insert(Key("old", 1, 1_000));
        keys.Insert(Key("gone", 1, 1_100));
        keys.Insert(Key("new", 2, 5_000));
        await keys.RevokeAsync(1, "gone", 6_000, CancellationToken.None);

        Assert.Equal(["gone", "new"], (await keys.ChangedSinceAsync(5_000, CancellationToken.None)).Select(k => k.ApiKey).Order(StringComparer.Ordinal));
        Assert.Equal(["gone"], (await keys.ChangedSinceAsync(5_001, CancellationToken.None)).Select(k => k.ApiKey));
        Assert.Empty(await keys.ChangedSinceAsync(6_001, CancellationToken.None));

        var reopened = Open(provider, location);
        Assert.Equal(["old", "new"], reopened.AllActive().Select(k => k.ApiKey));
        Assert.Equal(6_000, reopened.Find("gone")!.RevokedAt);
    }

    public void Dispose()
    {
        foreach (var database in _databases)
        {
            database.Dispose();
        }

        _stores.Dispose();
    }
}
