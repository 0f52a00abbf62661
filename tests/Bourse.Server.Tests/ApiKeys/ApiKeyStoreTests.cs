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
    public void A_created_key_is_found_with_its_secret_and_listed_without_it()
    {
        var created = _keys.Create(7, "  bot  ", ["trade", "read", "read"], ["192.168.1.10", " 10.0.0.0/8 ", "192.168.1.10", "2001:db8::/32"]);

        Assert.Null(created.Error);
        var key = created.Key!;
        Assert.Equal(("bot", 7L), (key.Label, key.UserId));
        Assert.Equal(["read", "trade"], key.Permissions);
        Assert.Equal(["192.168.1.10", "10.0.0.0/8", "2001:db8::/32"], key.IpAllowList);
        var found = _keys.Find(key.Key)!;
        Assert.Equal(created.Secret, found.Secret);
        Assert.True(found.AllowsAddress(IPAddress.Parse("10.20.30.40")));
        Assert.True(found.AllowsAddress(IPAddress.Parse("::ffff:192.168.1.10")));
        Assert.True(found.AllowsAddress(IPAddress.Parse("2001:db8::1")));
        Assert.False(found.AllowsAddress(IPAddress.Parse("192.168.1.11")));
        Assert.False(found.AllowsAddress(IPAddress.Loopback));
        Assert.False(found.AllowsAddress(null));

        var listed = Assert.Single(_keys.List(7));
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
    public void Invalid_settings_create_nothing(string error, string[] permissions, string[] ips)
    {
        Assert.Equal(error, _keys.Create(7, "bot", permissions, ips).Error);
        Assert.Equal(ApiKeyErrors.InvalidLabel, _keys.Create(7, new string('x', 65), ["read"]).Error);
        Assert.Equal(ApiKeyErrors.TooManyIps, _keys.Create(7, "bot", ["read"], Enumerable.Range(0, 31).Select(i => $"10.0.0.{i}")).Error);
        Assert.Empty(_keys.List(7));
    }

    [Fact]
    public void Only_the_owner_revokes_a_key_and_it_stops_working_at_once()
    {
        var alices = _keys.Create(1, "a", ["read"]).Key!;
        var bobs = _keys.Create(2, "b", ["read"]).Key!;
        var live = _keys.Find(alices.Key)!;

        Assert.False(_keys.Revoke(2, alices.Key));
        Assert.False(_keys.Revoke(2, "no-such-key"));
        Assert.NotNull(_keys.Find(alices.Key));
        Assert.Equal([bobs.Key], _keys.List(2).Select(k => k.Key));

        Assert.True(_keys.Revoke(1, alices.Key));
        Assert.True(live.Revoked.IsCancellationRequested);
        Assert.Null(_keys.Find(alices.Key));
        Assert.False(_keys.Revoke(1, alices.Key));
        Assert.Empty(_keys.List(1));
        Assert.NotNull(_keys.Find(bobs.Key));
    }

    public void Dispose()
    {
        _keys.Dispose();
        _database.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }
}
