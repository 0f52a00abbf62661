using Bourse.Identity.Operators;
using Bourse.Store.Identity;

namespace Bourse.Store.Tests.Identity;

/// <summary>The operators table on SQLite and on a real PostgreSQL: roles, disabling, and the last active admin kept.</summary>
[Collection(PostgresCollection.Name)]
public sealed class SqlOperatorsTests(PostgresServer postgres) : IDisposable
{
    private readonly StoreFactory _stores = new(postgres);
    private readonly List<IdentityDatabase> _databases = [];

    public static TheoryData<string> Providers => [HistoryStores.Sqlite, HistoryStores.Postgres];

    private SqlOperators Open(string provider)
    {
        var database = _stores.OpenIdentity(provider, _stores.NewLocation(provider));
        _databases.Add(database);
        return new SqlOperators(database);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task An_operator_round_trips_and_an_upsert_sets_its_roles_and_enables_it_again(string provider)
    {
        var operators = Open(provider);
        await operators.UpsertAsync(5, [OperatorRoles.Support, OperatorRoles.Treasury], null, 1_000, CancellationToken.None);
        await operators.UpsertAsync(6, [OperatorRoles.Admin], 5, 2_000, CancellationToken.None);

        var found = (await operators.FindAsync(5, CancellationToken.None))!;
        Assert.Equal((5L, (long?)null, 1_000L, (long?)null, true), (found.UserId, found.CreatedBy, found.CreatedAt, found.DisabledAt, found.Active));
        Assert.Equal([OperatorRoles.Support, OperatorRoles.Treasury], found.Roles);
        Assert.Null(await operators.FindAsync(7, CancellationToken.None));
        Assert.Equal([5L, 6], (await operators.ListAsync(CancellationToken.None)).Select(o => o.UserId));

        Assert.True(await operators.DisableAsync(5, 3_000, CancellationToken.None));
        Assert.Empty((await operators.FindAsync(5, CancellationToken.None))!.GrantedRoles);
        Assert.False(await operators.SetRolesAsync(5, [OperatorRoles.Listing], CancellationToken.None));

        await operators.UpsertAsync(5, [OperatorRoles.Listing], 6, 4_000, CancellationToken.None);
        var again = (await operators.FindAsync(5, CancellationToken.None))!;
        Assert.Equal([OperatorRoles.Listing], again.Roles);
        Assert.Equal(((long?)null, 1_000L), (again.DisabledAt, again.CreatedAt));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task The_last_active_admin_keeps_the_admin_role_and_cannot_be_disabled(string provider)
    {
        var operators = Open(provider);
        await operators.UpsertAsync(1, [OperatorRoles.Admin], null, 1_000, CancellationToken.None);
        await operators.UpsertAsync(2, [OperatorRoles.Listing, OperatorRoles.Admin], 1, 1_000, CancellationToken.None);

        Assert.True(await operators.SetRolesAsync(1, [OperatorRoles.Support], CancellationToken.None));
        Assert.False(await operators.SetRolesAsync(2, [OperatorRoles.Listing], CancellationToken.None));
        Assert.False(await operators.DisableAsync(2, 2_000, CancellationToken.None));
        Assert.Equal([OperatorRoles.Listing, OperatorRoles.Admin], (await operators.FindAsync(2, CancellationToken.None))!.Roles);

        // A disabled admin does not count.
        await operators.UpsertAsync(3, [OperatorRoles.Admin], 2, 3_000, CancellationToken.None);
        Assert.True(await operators.DisableAsync(3, 4_000, CancellationToken.None));
        Assert.False(await operators.DisableAsync(2, 5_000, CancellationToken.None));
        Assert.True(await operators.SetRolesAsync(2, [OperatorRoles.Admin], CancellationToken.None));
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
