using System.Net;
using Bourse.Server.ApiKeys;
using Bourse.Store.Identity;

namespace Bourse.Server.Tests.ApiKeys;

/// <summary>
/// <see cref="ApiKeyStore"/> as the accounts API calls it, on a real SQLite identity database: validation, owner
/// scoping and in-process revocation.
/// </summary>
public sealed class ApiKeyStoreTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly IdentityDatabase _database;
    private readonly ApiKeyStore _keys;

    public ApiKeyStoreTests()
    {
        _database = IdentityDatabase.Open("sqlite", null, _directory.Path);
        _keys = new ApiKeyStore(new SqlApiKeys(_database), Protection.For(_directory.Path), _directory.Path, TimeProvider.System, watch: false);
    }

    [Fact]
    public async Task A_created_key_is_found_with_its_secret_and_listed_without_it()
    {
        var created = await _keys.CreateAsync(7, "  bot  ", ["trade", "read", "read"], ["192.168.1.10", " 10.0.0.0/8 ", "192.168.1.10", "2001:db8::/32"],
            CancellationToken.None);

        Assert.Null(created.Error);
        var key = created.Key!;
        Assert.Equal(("bot", 7L), (key.Label, key.UserId));
        Assert.Equal(["read", "trade"], key.Permissions);
        Assert.Equal(["192.168.1.10", "10.0.0.0/8", "2001:db8::/32"], key.IpAllowList);
        var found = (await _keys.FindAsync(key.Key, CancellationToken.None))!;
        Assert.Equal(created.Secret, found.Secret);
        Assert.True(found.AllowsAddress(IPAddress.Parse("10.20.30.40")));
        Assert.True(found.AllowsAddress(IPAddress.Parse("::ffff:192.168.1.10")));
        Assert.True(found.AllowsAddress(IPAddress.Parse("2001:db8::1")));
        Assert.False(found.AllowsAddress(IPAddress.Parse("192.168.1.11")));
        Assert.False(found.AllowsAddress(IPAddress.Loopback));
        Assert.False(found.AllowsAddress(null));

        var listed = Assert.Single(await _keys.ListAsync(7, CancellationToken.None));
        Assert.Equal(key, listed with { Permissions = key.Permissions, IpAllowList = key.IpAllowList });
        Assert.DoesNotContain(created.Secret!, listed.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(ApiKeyErrors.InvalidPermissions, new[] { "read", "admin" }, new string[0])]
    [InlineData(ApiKeyErrors.InvalidPermissions, new string[0], new string[0])]
    [InlineData(ApiKeyErrors.InvalidIpAllowList, new[] { "read" }, new[] { "10.0.0.1/8" })]
    [InlineData(ApiKeyErrors.InvalidIpAllowList, new[] { "read" }, new[] { "10.0.0.0/33" })]
    [InlineData(ApiKeyErrors.InvalidIpAllowList, new[] { "read" }, new[] { "localhost" })]
    [InlineData(ApiKeyErrors.InvalidIpAllowList, new[] { "read" }, new[] { "1.2.3" })]
    public async Task Invalid_settings_create_nothing(string error, string[] permissions, string[] ips)
    {
        Assert.Equal(error, (await _keys.CreateAsync(7, "bot", permissions, ips, CancellationToken.None)).Error);
        Assert.Equal(ApiKeyErrors.InvalidLabel, (await _keys.CreateAsync(7, new string('x', 65), ["read"], null, CancellationToken.None)).Error);
        var tooManyIps = Enumerable.Range(0, 31).Select(i => $"10.0.0.{i}");
        Assert.Equal(ApiKeyErrors.TooManyIps, (await _keys.CreateAsync(7, "bot", ["read"], tooManyIps, CancellationToken.None)).Error);
        Assert.Empty(await _keys.ListAsync(7, CancellationToken.None));
    }

    [Fact]
    public async Task Only_the_owner_revokes_a_key_and_it_stops_working_at_once()
    {
        var alices = (await _keys.CreateAsync(1, "a", ["read"], null, CancellationToken.None)).Key!;
        var bobs = (await _keys.CreateAsync(2, "b", ["read"], null, CancellationToken.None)).Key!;
        var live = (await _keys.FindAsync(alices.Key, CancellationToken.None))!;

        Assert.False(await _keys.RevokeAsync(2, alices.Key, CancellationToken.None));
        Assert.False(await _keys.RevokeAsync(2, "no-such-key", CancellationToken.None));
        Assert.NotNull(await _keys.FindAsync(alices.Key, CancellationToken.None));
        Assert.Equal([bobs.Key], (await _keys.ListAsync(2, CancellationToken.None)).Select(k => k.Key));

        Assert.True(await _keys.RevokeAsync(1, alices.Key, CancellationToken.None));
        Assert.True(live.Revoked.IsCancellationRequested);
        Assert.Null(await _keys.FindAsync(alices.Key, CancellationToken.None));
        Assert.False(await _keys.RevokeAsync(1, alices.Key, CancellationToken.None));
        Assert.Empty(await _keys.ListAsync(1, CancellationToken.None));
        Assert.NotNull(await _keys.FindAsync(bobs.Key, CancellationToken.None));
    }

    [Fact]
    public async Task Revoking_every_key_of_a_user_ends_their_streams_and_leaves_other_users_keys_working()
    {
        var first = (await _keys.CreateAsync(1, "a", ["read"], null, CancellationToken.None)).Key!;
        var second = (await _keys.CreateAsync(1, "b", ["read"], null, CancellationToken.None)).Key!;
        var other = (await _keys.CreateAsync(2, "c", ["read"], null, CancellationToken.None)).Key!;
        var live = (await _keys.FindAsync(first.Key, CancellationToken.None))!;

        Assert.Equal(2, await _keys.RevokeAllAsync(1, CancellationToken.None));
        Assert.True(live.Revoked.IsCancellationRequested);
        Assert.Null(await _keys.FindAsync(first.Key, CancellationToken.None));
        Assert.Null(await _keys.FindAsync(second.Key, CancellationToken.None));
        Assert.NotNull(await _keys.FindAsync(other.Key, CancellationToken.None));
        Assert.Equal(0, await _keys.RevokeAllAsync(1, CancellationToken.None));
        Assert.All(await _keys.HistoryAsync(1, 10, CancellationToken.None), k => Assert.NotNull(k.RevokedAt));
    }

    [Fact]
    public async Task A_suspension_ends_the_keys_streams_but_keeps_the_keys_for_the_unfreeze()
    {
        var key = (await _keys.CreateAsync(1, "a", ["read"], null, CancellationToken.None)).Key!;
        var before = (await _keys.FindAsync(key.Key, CancellationToken.None))!;

        _keys.SetSuspended(1, true);
        Assert.True(_keys.IsSuspended(1));
        Assert.False(_keys.IsSuspended(2));
        Assert.True(before.Revoked.IsCancellationRequested);
        var during = (await _keys.FindAsync(key.Key, CancellationToken.None))!;
        Assert.False(during.Revoked.IsCancellationRequested);

        _keys.SetSuspended(1, false);
        Assert.False(_keys.IsSuspended(1));
        Assert.Equal(during.Secret, (await _keys.FindAsync(key.Key, CancellationToken.None))!.Secret);
    }

    [Fact]
    public async Task A_sign_in_freeze_stored_by_another_process_is_loaded_at_start_and_picked_up_by_the_poll()
    {
        var users = new SqlUsers(_database);
        var frozen = (await users.CreateAsync("frozen@example.com", "hash", 1, CancellationToken.None))!.Value;
        var later = (await users.CreateAsync("later@example.com", "hash", 1, CancellationToken.None))!.Value;
        await users.SetRestrictionsAsync(frozen, true, "fraud", 99, 2, CancellationToken.None);
        using var watching = new ApiKeyStore(new SqlApiKeys(_database), Protection.For(_directory.Path), _directory.Path, TimeProvider.System);
        Assert.True(watching.IsSuspended(frozen));
        Assert.False(watching.IsSuspended(later));

        await users.SetRestrictionsAsync(later, true, "fraud too", 99, 3, CancellationToken.None);
        await users.SetRestrictionsAsync(frozen, false, "cleared", 99, 4, CancellationToken.None);
        await Eventually.UntilAsync(() => watching.IsSuspended(later) && !watching.IsSuspended(frozen), () => "the poll to read the new freezes");
    }

    public void Dispose()
    {
        _keys.Dispose();
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
