namespace Bourse.Store.Tests;

/// <summary>
/// Fresh, empty stores of either provider: SQLite files in a temporary directory, PostgreSQL databases on the
/// collection's server. Reopening a store's location gives what a restarted process would see.
/// </summary>
public sealed class StoreFactory(PostgresServer postgres) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("bourse-store-").FullName;

    /// <summary>Where a new store lives: a connection string for the provider.</summary>
    public string NewLocation(string provider) => provider switch
    {
        HistoryStores.Sqlite => $"Data Source={Path.Combine(_directory, $"{Guid.NewGuid():N}.db")}",
        HistoryStores.Postgres => postgres.CreateDatabase(),
        _ => throw new ArgumentOutOfRangeException(nameof(provider)),
    };

    public IHistoryStore Open(string provider, string location) => HistoryStores.Open(provider, location, _directory);

    public Store.Identity.IdentityDatabase OpenIdentity(string provider, string location) => Store.Identity.IdentityDatabase.Open(provider, location, _directory);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(_directory, recursive: true);
    }
}
