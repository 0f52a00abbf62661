using Bourse.Identity.Operators;
using Bourse.Store.Identity;

namespace Bourse.Store.Tests.Identity;

/// <summary>
/// The operator audit log on SQLite and on a real PostgreSQL: a hash chain that reports the first entry altered or the
/// entry after one removed, refuses UPDATE and DELETE, and stays one chain when two stores append at once.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SqlOperatorAuditLogTests(PostgresServer postgres) : IDisposable
{
    private readonly StoreFactory _stores = new(postgres);
    private readonly List<IdentityDatabase> _databases = [];

    public static TheoryData<string> Providers => [HistoryStores.Sqlite, HistoryStores.Postgres];

    private IdentityDatabase Open(string provider, string location)
    {
        var database = _stores.OpenIdentity(provider, location);
        _databases.Add(database);
        return database;
    }

    private static OperatorAction Action(int n) =>
        new(7, "admin,treasury", "market.halt", "market", $"BTC{n}USDT", "{\"status\":\"TRADING\"}", "{\"status\":\"HALTED\"}", n % 2 == 0 ? null : "maintenance", "10.0.0.1", 1_000 + n);

    private static async Task AppendAsync(SqlOperatorAuditLog log, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            await log.AddAsync(Action(i), CancellationToken.None);
        }
    }

    /// <summary>Runs a statement with the append-only triggers out of the way, as someone with the database file would.</summary>
    private static void Tamper(IdentityDatabase database, string provider, string sql)
    {
        if (provider == HistoryStores.Postgres)
        {
            database.Execute($"ALTER TABLE operator_audit DISABLE TRIGGER USER; {sql}; ALTER TABLE operator_audit ENABLE TRIGGER USER");
        }
        else
        {
            database.Execute($"DROP TRIGGER operator_audit_no_update; DROP TRIGGER operator_audit_no_delete; {sql}");
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Entries_link_into_one_chain_and_search_finds_them_newest_first(string provider)
    {
        var log = new SqlOperatorAuditLog(Open(provider, _stores.NewLocation(provider)));
        Assert.Equal(new OperatorAuditVerification(true, 0, null, "the log is empty"), await log.VerifyAsync(CancellationToken.None));
        await AppendAsync(log, 5);

        var all = await log.SearchAsync(new OperatorAuditQuery(null, null, null, null, null, 10), CancellationToken.None);
        Assert.Equal([5L, 4, 3, 2, 1], all.Select(e => e.Id));
        Assert.Equal(OperatorAuditChain.Genesis, all[^1].PreviousHash);
        Assert.All(all.Zip(all.Skip(1)), pair => Assert.Equal(pair.Second.Hash, pair.First.PreviousHash));
        Assert.Equal(Action(3), all.Single(e => e.Id == 3).Action);

        var one = await log.SearchAsync(new OperatorAuditQuery(7, "market.halt", "market", "BTC2USDT", null, 10), CancellationToken.None);
        Assert.Equal([2L], one.Select(e => e.Id));
        Assert.Equal([2L, 1], (await log.SearchAsync(new OperatorAuditQuery(null, null, null, null, 3, 10), CancellationToken.None)).Select(e => e.Id));
        Assert.Empty(await log.SearchAsync(new OperatorAuditQuery(8, null, null, null, null, 10), CancellationToken.None));

        var verified = await log.VerifyAsync(CancellationToken.None);
        Assert.True(verified.Intact, verified.Detail);
        Assert.Equal(5, verified.Entries);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Update_and_delete_are_refused_by_the_database(string provider)
    {
        var database = Open(provider, _stores.NewLocation(provider));
        await AppendAsync(new SqlOperatorAuditLog(database), 2);

        Assert.ThrowsAny<Exception>(() => database.Execute("UPDATE operator_audit SET reason = 'nothing happened' WHERE id = 1"));
        Assert.ThrowsAny<Exception>(() => database.Execute("DELETE FROM operator_audit WHERE id = 2"));
        Assert.Equal(2, (await new SqlOperatorAuditLog(database).VerifyAsync(CancellationToken.None)).Entries);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_altered_entry_is_reported_at_exactly_that_entry(string provider)
    {
        var database = Open(provider, _stores.NewLocation(provider));
        var log = new SqlOperatorAuditLog(database);
        await AppendAsync(log, 6);

        Tamper(database, provider, "UPDATE operator_audit SET after_state = '{\"status\":\"TRADING\"}' WHERE id = 4");

        var verified = await log.VerifyAsync(CancellationToken.None);
        Assert.False(verified.Intact);
        Assert.Equal(4, verified.FirstBrokenId);
        Assert.Contains("altered", verified.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task A_deleted_middle_entry_is_reported_at_the_entry_after_it(string provider)
    {
        var database = Open(provider, _stores.NewLocation(provider));
        var log = new SqlOperatorAuditLog(database);
        await AppendAsync(log, 6);

        Tamper(database, provider, "DELETE FROM operator_audit WHERE id = 3");

        var verified = await log.VerifyAsync(CancellationToken.None);
        Assert.False(verified.Intact);
        Assert.Equal(4, verified.FirstBrokenId);
        Assert.Contains("does not link to entry 2", verified.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task Two_stores_appending_at_once_keep_one_unbroken_chain(string provider)
    {
        var location = _stores.NewLocation(provider);
        var first = new SqlOperatorAuditLog(Open(provider, location));
        var second = new SqlOperatorAuditLog(Open(provider, location));

        await Task.WhenAll(Enumerable.Range(0, 4).Select(i => Task.Run(() => AppendAsync(i % 2 == 0 ? first : second, 25))));

        var verified = await first.VerifyAsync(CancellationToken.None);
        Assert.True(verified.Intact, verified.Detail);
        Assert.Equal(100, verified.Entries);
        Assert.Equal(Enumerable.Range(1, 100).Select(i => (long)i).Reverse(),
            (await second.SearchAsync(new OperatorAuditQuery(null, null, null, null, null, 500), CancellationToken.None)).Select(e => e.Id));
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
