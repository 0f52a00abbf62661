namespace Bourse.Store;

/// <summary>Opens the configured history store: SQLite in the data directory unless told otherwise.</summary>
public static class HistoryStores
{
    public const string Sqlite = SqlDialects.Sqlite;
    public const string Postgres = SqlDialects.Postgres;

    /// <summary>Opens the store and creates its schema; an unknown provider or a missing PostgreSQL connection string throws.</summary>
    public static IHistoryStore Open(string? provider, string? connectionString, string dataDirectory)
    {
        var store = new SqlHistoryStore(SqlDialects.Open(provider, connectionString, dataDirectory, "history.db"));
        store.EnsureSchema();
        return store;
    }
}
